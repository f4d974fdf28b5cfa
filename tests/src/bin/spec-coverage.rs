//! `spec-coverage`: how much of the endpoint catalogue the API specs cover.
//!
//! ```text
//! cargo run -p wechat-sim --bin spec-coverage -- ../shared/api-catalogue/endpoints.tsv [--specs api-specs] [--markdown]
//! ```
//!
//! Prints covered / total per area and per catalogue group, every catalogue row that no
//! spec covers (with the reason written in `api-specs/coverage-exceptions.toml`, if any),
//! and every spec'd path that is not in the catalogue (with its doc URL). A row of area
//! `component` is covered by a `component` spec, or by an `access_token` spec of an
//! Official Account or Mini Program group: a platform calls those with an authorizer's
//! access_token, on the authorizer's client. `--markdown` prints only the summary
//! table, for the README. It reads the spec files with `wechat-codegen`'s loader, and
//! `coverage-exceptions.toml` itself.
//!
//! `complete` in `coverage-exceptions.toml` lists the areas (`official_account`) and
//! catalogue groups (`mini_program/datacube`) held complete: a row of one of them that
//! is neither covered nor excepted is a regression, and `spec-coverage` lists it and
//! exits 1 (in every mode, so that CI catches it). An entry that names no catalogue
//! area or group is refused the same way. Exit 2 for unreadable input.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use serde::Deserialize;
use wechat_codegen::spec::{Credential, Method};

/// `println!` that stops quietly when the reader goes away (`spec-coverage ... | head`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

#[derive(Debug, Parser)]
#[command(about = "Coverage of the endpoint catalogue by the API specs")]
struct Args {
    /// The catalogue: a TSV with columns area, group, http_method, path, ... doc_url (the
    /// project's is `../shared/api-catalogue/endpoints.tsv`, beside the checkout, not in it).
    catalogue: PathBuf,
    /// The spec directory.
    #[arg(long, default_value = "api-specs")]
    specs: PathBuf,
    /// Print only the per-area summary table, in Markdown.
    #[arg(long)]
    markdown: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Exceptions {
    /// Areas (`official_account`) and catalogue groups (`mini_program/datacube`) whose
    /// every row must be covered or excepted.
    #[serde(default)]
    complete: Vec<String>,
    #[serde(default)]
    skip: Vec<Skip>,
}

#[derive(Deserialize)]
struct Skip {
    path: String,
    reason: String,
}

struct Spec {
    areas: Vec<String>,
    group: String,
    name: String,
    method: String,
    doc: String,
    /// Whether the spec's credential is an app's (or an authorizer's) access_token.
    access_token: bool,
}

impl Spec {
    /// Whether this spec covers a catalogue row of `area`.
    fn covers(&self, area: &str) -> bool {
        self.areas.iter().any(|a| a == area)
            || (area == "component"
                && self.access_token
                && self
                    .areas
                    .iter()
                    .any(|a| a == "official_account" || a == "mini_program"))
    }
}

struct Row {
    area: String,
    group: String,
    method: String,
    path: String,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(problems) if problems.is_empty() => ExitCode::SUCCESS,
        Ok(problems) => {
            eprintln!(
                "spec-coverage: {} problem(s) with what coverage-exceptions.toml holds complete:",
                problems.len()
            );
            for p in &problems {
                eprintln!("  {p}");
            }
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("spec-coverage: {e}");
            ExitCode::from(2)
        }
    }
}

/// The rows of complete areas and groups that are neither covered nor excepted, and
/// the `complete` entries that name nothing in the catalogue.
fn regressions(
    complete: &[String],
    rows: &[Row],
    missing: &[&Row],
    reasons: &HashMap<&str, &str>,
) -> Vec<String> {
    let mut out = Vec::new();
    for entry in complete {
        let known = rows
            .iter()
            .any(|r| r.area == *entry || format!("{}/{}", r.area, r.group) == *entry);
        if !known {
            out.push(format!(
                "`{entry}` in `complete` is no area or catalogue group (write `area` or `area/group`)"
            ));
        }
    }
    for row in missing {
        let held = complete
            .iter()
            .any(|c| *c == row.area || *c == format!("{}/{}", row.area, row.group));
        if held && !reasons.contains_key(row.path.as_str()) {
            out.push(format!(
                "{} {} ({}/{}): no spec covers it and no [[skip]] says why",
                row.method, row.path, row.area, row.group
            ));
        }
    }
    out
}

fn run(args: &Args) -> Result<Vec<String>, String> {
    let specs = read_specs(&args.specs)?;
    let exceptions: Exceptions =
        match std::fs::read_to_string(args.specs.join("coverage-exceptions.toml")) {
            Ok(text) => {
                toml::from_str(&text).map_err(|e| format!("coverage-exceptions.toml: {e}"))?
            }
            Err(_) => Exceptions::default(),
        };
    let reasons: HashMap<&str, &str> = exceptions
        .skip
        .iter()
        .map(|s| (s.path.as_str(), s.reason.as_str()))
        .collect();
    let rows = read_catalogue(&args.catalogue)?;

    // (area, group) -> (covered, total)
    let mut by_group: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    let mut missing = Vec::new();
    for row in &rows {
        let entry = by_group
            .entry((row.area.clone(), row.group.clone()))
            .or_default();
        entry.1 += 1;
        let covered = specs
            .get(&row.path)
            .is_some_and(|list| list.iter().any(|s| s.covers(&row.area)));
        if covered {
            entry.0 += 1;
        } else {
            missing.push(row);
        }
    }
    let mut by_area: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for ((area, _), (c, t)) in &by_group {
        let e = by_area.entry(area.as_str()).or_default();
        e.0 += c;
        e.1 += t;
    }
    let catalogued: HashMap<&str, ()> = rows.iter().map(|r| (r.path.as_str(), ())).collect();
    let problems = regressions(&exceptions.complete, &rows, &missing, &reasons);

    if args.markdown {
        say!("| area | covered | total |\n|---|---|---|");
        for (area, (c, t)) in &by_area {
            say!("| {area} | {c} | {t} |");
        }
        return Ok(problems);
    }
    say!("coverage by area:");
    for (area, (c, t)) in &by_area {
        say!("  {area:<20} {c:>4} / {t:<4}");
    }
    say!("\ncoverage by catalogue group (groups with at least one covered row):");
    for ((area, group), (c, t)) in by_group.iter().filter(|(_, (c, _))| *c > 0) {
        say!("  {area:<20} {group:<32} {c:>3} / {t}");
    }
    say!("\ncatalogue rows no spec covers ({}):", missing.len());
    for row in &missing {
        let reason = reasons
            .get(row.path.as_str())
            .copied()
            .unwrap_or("no spec yet");
        say!(
            "  {:<20} {:<5} {:<60} {reason}",
            row.area,
            row.method,
            row.path
        );
    }
    let extra: Vec<_> = specs
        .iter()
        .filter(|(path, _)| !catalogued.contains_key(path.as_str()))
        .collect();
    say!("\nspec'd paths not in the catalogue ({}):", extra.len());
    for (path, list) in extra {
        for s in list {
            say!(
                "  {:<5} {:<50} {}.{}  {}",
                s.method,
                path,
                s.group,
                s.name,
                s.doc
            );
        }
    }
    Ok(problems)
}

fn read_catalogue(path: &Path) -> Result<Vec<Row>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read the catalogue {}: {e}. The catalogue is not part of the \
                 repository: it is the project's shared list of WeChat endpoints (a TSV with \
                 columns area, group, http_method, path, ..., doc_url), kept beside the \
                 checkout as ../shared/api-catalogue/endpoints.tsv; give its path",
            path.display()
        )
    })?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .ok_or("the catalogue is empty")?
        .split('\t')
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or(format!("the catalogue has no `{name}` column"))
    };
    let (area, group, method, p) = (
        col("area")?,
        col("group")?,
        col("http_method")?,
        col("path")?,
    );
    let mut rows = Vec::new();
    for (i, line) in lines.enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        let get = |c: usize| {
            cells
                .get(c)
                .map(|s| s.to_string())
                .ok_or(format!("catalogue line {}: too few columns", i + 2))
        };
        rows.push(Row {
            area: get(area)?,
            group: get(group)?,
            method: get(method)?,
            path: get(p)?,
        });
    }
    Ok(rows)
}

/// path -> the spec endpoints at that path, in the order of the spec files.
fn read_specs(dir: &Path) -> Result<BTreeMap<String, Vec<Spec>>, String> {
    let (set, diags) = wechat_codegen::load_dir(dir, &dir.display().to_string());
    if !diags.is_empty() {
        let list: Vec<String> = diags.iter().map(ToString::to_string).collect();
        return Err(list.join("\n"));
    }
    let mut groups: Vec<_> = set.groups.iter().collect();
    groups.sort_by(|a, b| a.file.cmp(&b.file));
    let mut out: BTreeMap<String, Vec<Spec>> = BTreeMap::new();
    for group in groups {
        let areas: Vec<String> = group.apps.iter().map(|a| a.name().to_owned()).collect();
        for ep in &group.endpoints {
            out.entry(ep.path.clone()).or_default().push(Spec {
                areas: areas.clone(),
                group: group.name.clone(),
                name: ep.name.clone(),
                method: match ep.method {
                    Method::Get => "GET",
                    Method::Post => "POST",
                }
                .to_owned(),
                doc: ep.doc.clone(),
                access_token: ep.token == Credential::AccessToken,
            });
        }
    }
    Ok(out)
}
