//! `chaos secrets`: a hub logging at trace level and SDK clients tracing at trace level
//! go through token fetches, refreshes and failing calls; then every log is searched
//! for every secret and token that was used.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{json, Value};
use wechat::token::TicketKind;

use crate::common::{
    first_token, http, hub_config, hub_refresh, hub_token, random_string, serial, Common,
    DirectApp, HubApp, HubProcess, HubStore, Res, Sim,
};
use crate::Report;

/// The arguments of `chaos secrets`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    common: Common,
    /// More files to search, e.g. the simulator's output.
    #[arg(long = "also-scan", value_name = "FILE")]
    also_scan: Vec<PathBuf>,
    /// Keep the hub's log and the client trace in this directory (default: a temporary
    /// directory, removed at the end).
    #[arg(long, value_name = "DIR")]
    log_dir: Option<PathBuf>,
}

/// The values that must appear in no log, with what they are.
#[derive(Default)]
struct Secrets {
    named: Vec<(&'static str, String)>,
    tokens: BTreeSet<String>,
}

impl Secrets {
    fn token(&mut self, t: Option<String>) {
        if let Some(t) = t.filter(|t| !t.is_empty()) {
            self.tokens.insert(t);
        }
    }
}

/// Runs the probe.
pub async fn run(args: Args) -> Res<Report> {
    args.common.check()?;
    let common = &args.common;
    let sim = Sim::new(&common.sim);
    sim.clear_faults().await?;
    let dir = tempfile::tempdir()?;
    let config = dir.path().join("hub.toml");
    let logs = match &args.log_dir {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d.clone()
        }
        None => dir.path().to_owned(),
    };
    let hub_log = logs.join("hub.log");
    let client_log = logs.join("client.log");
    let key = random_string(32);
    let wrong_key = random_string(32);
    let wrong_secret = format!("{}-wrong", common.secret);
    let mut s = Secrets::default();
    s.named.push(("app secret", common.secret.clone()));
    s.named.push(("hub key secret", key.clone()));
    s.named.push(("wrong hub key", wrong_key.clone()));
    s.named.push(("wrong app secret", wrong_secret.clone()));

    std::fs::write(
        &config,
        hub_config(
            common,
            &key,
            &HubStore::File(dir.path().join("store")),
            7200,
        ),
    )?;
    let hub = HubProcess::spawn(
        &common.hub_bin,
        &config,
        &[("WECHAT_HUB_LOG", "trace")],
        Stdio::from(File::create(&hub_log)?),
    )
    .await?;

    // This process traces everything at trace level into its own file.
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(Mutex::new(File::create(&client_log)?))
        .finish();
    tracing::subscriber::set_global_default(subscriber)?;

    let appid = common.appid.as_str();
    let raw = http(Duration::from_secs(5));
    first_token(&hub, appid, &key).await?;
    s.token(sim.current_token(appid).await?);

    let (client, base) = (http(Duration::from_secs(2)), sim.url().to_owned());
    let direct = DirectApp::builder()
        .appid(appid)
        .secret(&common.secret)
        .api_base(&base)
        .http_client(client.clone())
        .retry_delay(Duration::from_millis(5))
        .build()?;
    let via_hub = HubApp::builder()
        .appid(appid)
        .api_base(&base)
        .hub_url(&hub.url)
        .hub_key(&key)
        .http_client(client.clone())
        .retry_delay(Duration::from_millis(5))
        .build()?;
    let mut calls = 0u32;
    let mut failures = 0u32;
    let mut tally = |r: wechat::Result<()>| {
        calls += 1;
        if r.is_err() {
            failures += 1;
        }
    };

    // Fetches.
    tally(direct.access().getcallbackip().await.map(drop));
    s.token(
        direct
            .access_token()
            .await
            .ok()
            .map(|t| t.expose().to_owned()),
    );
    tally(via_hub.access().getcallbackip().await.map(drop));
    s.token(sim.current_token(appid).await?);
    // Refreshes: the token is rejected, the clients refresh (the second through the hub)
    // and retry.
    sim.invalidate(appid).await?;
    tally(direct.access().getcallbackip().await.map(drop));
    s.token(sim.current_token(appid).await?);
    tally(via_hub.access().getcallbackip().await.map(drop));
    s.token(sim.current_token(appid).await?);
    s.token(hub_token(&raw, &hub.url, appid, &key).await.ok());
    sim.invalidate(appid).await?;
    let current = hub_token(&raw, &hub.url, appid, &key).await.ok();
    s.token(current.clone());
    s.token(
        hub_refresh(&raw, &hub.url, appid, &key, &current.unwrap_or_default())
            .await
            .ok(),
    );
    s.token(sim.current_token(appid).await?);
    // A JS-SDK ticket through the hub.
    let ticket = raw
        .get(format!("{}/client/ticket", hub.url))
        .query(&[("appid", appid), ("type", "jsapi")])
        .bearer_auth(&key)
        .send()
        .await?
        .json::<Value>()
        .await?;
    if let Some(t) = ticket["ticket"].as_str() {
        s.named.push(("jsapi ticket", t.to_owned()));
    }
    tally(
        via_hub
            .jssdk_config("https://shop.example.com/page?id=1")
            .await
            .map(drop),
    );
    tally(via_hub.ticket(TicketKind::Jsapi).await.map(drop));

    // Failing calls: errcode -1 and HTTP 503 past the retries, a refresh that fails, a
    // wrong secret, a wrong hub key, bad refresh requests.
    sim.add_fault(json!({ "path": "/cgi-bin/getcallbackip", "errcode": -1, "remaining": 3 }))
        .await?;
    tally(direct.access().getcallbackip().await.map(drop));
    sim.add_fault(json!({ "path": "/cgi-bin/getcallbackip", "http_status": 503, "remaining": 3 }))
        .await?;
    tally(via_hub.access().getcallbackip().await.map(drop));
    sim.invalidate(appid).await?;
    sim.add_fault(json!({ "path": "/cgi-bin/stable_token", "errcode": 40013, "remaining": 4 }))
        .await?;
    tally(direct.access().getcallbackip().await.map(drop));
    tally(via_hub.access().getcallbackip().await.map(drop));
    sim.clear_faults().await?;
    tally(direct.access().getcallbackip().await.map(drop));
    s.token(sim.current_token(appid).await?);
    tally(via_hub.access().getcallbackip().await.map(drop));
    s.token(sim.current_token(appid).await?);
    let wrong = DirectApp::builder()
        .appid(appid)
        .secret(&wrong_secret)
        .api_base(&base)
        .http_client(client.clone())
        .build()?;
    tally(wrong.access().getcallbackip().await.map(drop));
    let stranger = HubApp::builder()
        .appid(appid)
        .api_base(&base)
        .hub_url(&hub.url)
        .hub_key(&wrong_key)
        .http_client(client.clone())
        .build()?;
    tally(stranger.access().getcallbackip().await.map(drop));
    let _ = hub_token(&raw, &hub.url, appid, &wrong_key).await;
    let _ = hub_refresh(&raw, &hub.url, appid, &key, "not-a-token").await;
    let _ = raw
        .post(format!("{}/refresh/access_token", hub.url))
        .bearer_auth(&key)
        .body("{\"appid\":")
        .send()
        .await;
    s.token(hub_token(&raw, &hub.url, appid, &key).await.ok());
    s.token(sim.current_token(appid).await?);
    let hub_stdout = hub.stdout.clone();
    hub.stop().await;

    // Every token the simulator issued: its serials run from the first to the last.
    let serials: BTreeSet<u64> = s.tokens.iter().filter_map(|t| serial(t)).collect();
    let missing = match (serials.first(), serials.last()) {
        (Some(first), Some(last)) => (*first..=*last).filter(|n| !serials.contains(n)).count(),
        _ => 0,
    };

    let mut files: Vec<(String, String)> = vec![
        ("hub stderr".to_owned(), std::fs::read_to_string(&hub_log)?),
        (
            "hub stdout".to_owned(),
            hub_stdout.lock().unwrap_or_else(|p| p.into_inner()).clone(),
        ),
        (
            "client trace".to_owned(),
            std::fs::read_to_string(&client_log)?,
        ),
    ];
    for path in &args.also_scan {
        files.push((path.display().to_string(), std::fs::read_to_string(path)?));
    }
    let mut needles: Vec<(String, String)> = s
        .named
        .iter()
        .map(|(what, v)| ((*what).to_owned(), v.clone()))
        .collect();
    for t in &s.tokens {
        let n = serial(t).map_or_else(|| "?".to_owned(), |n| n.to_string());
        needles.push((format!("access_token #{n}"), t.clone()));
        // A token cut short in a log is a leak too.
        needles.push((
            format!("access_token #{n} (first 24 chars)"),
            t.chars().take(24).collect(),
        ));
    }
    let mut hits = Vec::new();
    for (what, needle) in &needles {
        for (file, text) in &files {
            let n = text.matches(needle.as_str()).count();
            if n > 0 {
                hits.push(format!("{what} {n}x in {file}"));
            }
        }
    }
    let lines = |i: usize| files[i].1.lines().count();
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();

    let mut failed = Vec::new();
    if !hits.is_empty() {
        failed.push(format!("found: {}", hits.join(", ")));
    }
    if missing > 0 {
        failed.push(format!(
            "{missing} issued token(s) not collected: the search is incomplete"
        ));
    }
    if lines(0) == 0 || lines(2) == 0 {
        failed.push("a log is empty: nothing was traced".to_owned());
    }
    let figures = format!(
        "{values} secrets and tokens ({tokens} access_tokens, {named} secrets and tickets) \
         searched in {files} outputs ({hub_lines} hub log lines, {client_lines} client trace \
         lines, {kb} KB) after {calls} calls ({failures} failed): {hits} hits",
        values = s.tokens.len() + s.named.len(),
        tokens = s.tokens.len(),
        named = s.named.len(),
        files = files.len(),
        hub_lines = lines(0),
        client_lines = lines(2),
        kb = bytes / 1024,
        hits = hits.len(),
    );
    Ok(Report { figures, failed })
}
