//! Compile-time shape of the generated API: these functions are type-checked, never run.

#![allow(dead_code)]

use wechat::api::material::{BatchgetRequest, MaterialType};
use wechat::wechat_client;

#[wechat_client(appid = "wx1234567890abcdef", scenario = "hub")]
pub struct MyApp;

#[wechat_client(
    appid = "wx1234567890abcdee",
    scenario = "hub",
    app_type = "mini_program"
)]
pub struct MyMini;

async fn shapes(app: &MyApp, mini: &MyMini) -> Result<(), wechat::Error> {
    let _menu = app.menu().get().await?;
    let req = BatchgetRequest {
        r#type: MaterialType::News,
        offset: 0,
        count: 20,
    };
    let _list = app.material().batchget(&req).await?;
    let _ips = app.access().getcallbackip().await?;
    let _ips = mini.access().getcallbackip().await?;
    Ok(())
}

fn builders() -> Result<(), wechat::Error> {
    let _app: MyApp = MyApp::builder()
        .secret("s")
        .api_base("http://127.0.0.1:1")
        .store(wechat::store::MemoryStore::new())
        .build()?;
    Ok(())
}

fn assert_send_sync<T: Send + Sync + Clone>() {}

#[test]
fn clients_are_send_sync_clone() {
    assert_send_sync::<MyApp>();
    assert_send_sync::<MyMini>();
    assert_send_sync::<wechat::Client>();
    assert_eq!(MyApp::APPID, "wx1234567890abcdef");
}

fn assert_send<F: std::future::Future + Send>(_: F) {}

fn futures_are_send(app: &MyApp) {
    assert_send(app.menu().get());
    assert_send(app.access_token());
}
