//! `wechat-codegen expand FILE [--user]`: prints the Rust code one spec file expands
//! to, formatted. Built-in mode (as inside the `wechat` crate) by default; `--user` for
//! the code of a user crate's `#[wechat_client(specs = "...")]`.
//!
//! The file is loaded with its whole spec directory (the nearest ancestor holding
//! `shared.toml` or `errcodes.toml`, else the file's own directory), so that shared
//! types and the directory's default `apps` are as the macros see them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use quote::quote;
use wechat_codegen::gen::{group_module, Gen};
use wechat_codegen::load_dir;

const USAGE: &str = "usage: wechat-codegen expand FILE.toml [--user]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (file, user) = match args.as_slice() {
        [cmd, file] if cmd == "expand" => (file, false),
        [cmd, file, flag] | [cmd, flag, file] if cmd == "expand" && flag == "--user" => {
            (file, true)
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match expand(Path::new(file), user) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("wechat-codegen: {e}");
            ExitCode::FAILURE
        }
    }
}

fn expand(file: &Path, user: bool) -> Result<String, String> {
    let file = file
        .canonicalize()
        .map_err(|e| format!("{}: {e}", file.display()))?;
    let root = spec_root(&file);
    let (set, diags) = load_dir(&root, &root.display().to_string());
    if !diags.is_empty() {
        let list: Vec<String> = diags.iter().map(ToString::to_string).collect();
        return Err(list.join("\n"));
    }
    let group = set
        .groups
        .iter()
        .find(|g| g.file.canonicalize().is_ok_and(|f| f == file))
        .ok_or_else(|| format!("{}: not a group file", file.display()))?;
    let tokens = if user {
        group_module(&Gen::in_user_crate("MyApp"), group, &[], None)
    } else {
        group_module(
            &Gen::inside_wechat(),
            group,
            &set.shared_types,
            Some(quote!(super::types)),
        )
    };
    let parsed: syn::File = syn::parse2(tokens).map_err(|e| format!("generated code: {e}"))?;
    Ok(prettyplease::unparse(&parsed))
}

/// The nearest ancestor of `file` holding `shared.toml` or `errcodes.toml`, else its directory.
fn spec_root(file: &Path) -> PathBuf {
    let dir = file.parent().unwrap_or(Path::new("."));
    dir.ancestors()
        .find(|d| d.join("shared.toml").is_file() || d.join("errcodes.toml").is_file())
        .unwrap_or(dir)
        .to_path_buf()
}
