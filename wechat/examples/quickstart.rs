//! The main job of the SDK, end to end, with no credentials and no services:
//!
//! 1. starts the WeChat simulator on a free loopback port;
//! 2. builds a `#[wechat_client]` hub client that keeps its token in a `FileStore`;
//! 3. calls typed endpoints of several groups; the `access_token` is fetched once;
//! 4. has the simulator invalidate the token: the next call is refreshed and retried
//!    without the caller noticing.
//!
//! Run: `cargo run --example quickstart`. With `WECHAT_APPID` and `WECHAT_SECRET` set,
//! it makes its read-only calls against the real API instead.

use std::time::Duration;

use wechat::api::{material, menu, qrcode, user};
use wechat::store::FileStore;
use wechat::{wechat_client, OfficialAccount};
use wechat_sim::{SimConfig, Simulator};

/// The simulated app.
#[wechat_client(appid = "wx5f3c9e1a0b7d2c4e", scenario = "hub")]
struct QuickstartApp;

const SIM_SECRET: &str = "quickstart-simulated-secret";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let tokens = tempfile::tempdir()?;
    if let (Ok(appid), Ok(secret)) = (
        std::env::var("WECHAT_APPID"),
        std::env::var("WECHAT_SECRET"),
    ) {
        println!("WECHAT_APPID is set: read-only calls against the real WeChat API for {appid}");
        let app = OfficialAccount::builder(appid)
            .secret(secret)
            .store(FileStore::new(tokens.path()))
            .build()?;
        return read_only_tour(&app).await;
    }

    let sim = Simulator::start(SimConfig::default().app(QuickstartApp::APPID, SIM_SECRET)).await?;
    println!("1. WeChat simulator listening on {}", sim.url());

    let app = QuickstartApp::builder()
        .secret(SIM_SECRET)
        .api_base(sim.url())
        .store(FileStore::new(tokens.path()))
        .timeout(Duration::from_secs(5))
        .build()?;
    println!(
        "2. Built a hub client for {}; its tokens go to {}",
        app.appid(),
        tokens.path().display()
    );

    println!("3. Typed calls:");
    read_only_tour(&app).await?;
    let created = app
        .qrcode()
        .create(&qrcode::CreateRequest {
            expire_seconds: Some(600),
            action_name: qrcode::QrActionName::QrStrScene,
            action_info: qrcode::QrActionInfo {
                scene: qrcode::QrScene {
                    scene_id: None,
                    scene_str: Some("quickstart".into()),
                },
            },
        })
        .await?;
    println!(
        "   qrcode.create              -> ticket {}…, url {}",
        prefix(&created.ticket),
        created.url
    );
    let button = menu::Button {
        r#type: Some(menu::ButtonType::Click),
        name: "Today".into(),
        key: Some("V1001_TODAY".into()),
        ..Default::default()
    };
    app.menu()
        .create(&menu::Menu {
            button: vec![button],
        })
        .await?;
    println!("   menu.create                -> ok");
    let token_requests = sim.token_requests();
    println!(
        "   upstream token requests so far: {token_requests} (one fetch, reused by every call)"
    );

    println!(
        "4. The simulator invalidates the token (as another server fetching a new one would)..."
    );
    sim.invalidate_tokens(QuickstartApp::APPID);
    let before = sim.calls("/cgi-bin/user/info");
    let info = app
        .user()
        .info(&user::InfoRequest {
            openid: "o6_bmjrPTlm6_2sgVt7hMZOPfL2M".into(),
            lang: None,
        })
        .await?;
    println!(
        "   user.info                  -> {} (subscribe = {})",
        info.openid, info.subscribe
    );
    let (tokens_now, info_calls) = (
        sim.token_requests(),
        sim.calls("/cgi-bin/user/info") - before,
    );
    println!("   upstream token requests: {tokens_now} (was {token_requests}); requests to /cgi-bin/user/info: {info_calls}");
    if tokens_now != token_requests + 1 || info_calls != 2 {
        return Err("expected one refresh and one retry".into());
    }
    println!("   the rejected call was refreshed and retried once, with no error for the caller");
    println!("Done.");
    sim.shutdown().await;
    Ok(())
}

/// Calls that read only, fit for a real account.
async fn read_only_tour(app: &OfficialAccount) -> Result<(), Box<dyn std::error::Error>> {
    let ips = app.access().getcallbackip().await?;
    println!(
        "   access.getcallbackip       -> {} addresses",
        ips.ip_list.len()
    );
    let ips = app.access().get_api_domain_ip().await?;
    println!(
        "   access.get_api_domain_ip   -> {} addresses",
        ips.ip_list.len()
    );
    match app.menu().get().await {
        Ok(m) => println!(
            "   menu.get                   -> {} buttons",
            m.menu.button.len()
        ),
        Err(e) if e.errcode() == Some(46003) => {
            println!("   menu.get                   -> no menu (46003)")
        }
        Err(e) => return Err(e.into()),
    }
    let counts = app.material().get_materialcount().await?;
    println!("   material.get_materialcount -> {counts:?}");
    let page = app
        .material()
        .batchget(&material::BatchgetRequest {
            r#type: material::MaterialType::Image,
            offset: 0,
            count: 5,
        })
        .await?;
    println!(
        "   material.batchget          -> {} of {} images",
        page.item_count, page.total_count
    );
    let followers = app
        .user()
        .get(&user::GetRequest { next_openid: None })
        .await?;
    println!(
        "   user.get                   -> {} followers",
        followers.total
    );
    let tags = app.tags().get().await?;
    println!("   tags.get                   -> {} tags", tags.tags.len());
    Ok(())
}

fn prefix(s: &str) -> &str {
    s.get(..12).unwrap_or(s)
}
