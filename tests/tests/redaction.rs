//! Secrets and tokens never show in `Debug` or `Display` of clients, builders and errors.

mod common;

use common::{builder, sim, Fault, TestApp, SECRET};
use serde_json::json;
use wechat::Error;

fn assert_clean(what: &str, shown: &str, secrets: &[&str]) {
    for s in secrets {
        assert!(!shown.contains(s), "{what} shows a secret: {shown}");
    }
}

#[tokio::test]
async fn clients_builders_and_every_error_variant_hide_secrets_and_tokens() {
    let sim = sim().await;
    let app = builder(&sim).build().unwrap();
    app.access().getcallbackip().await.unwrap();
    let token = app.access_token().await.unwrap();
    let token = token.expose().to_owned();
    let secrets = [SECRET, token.as_str()];

    assert_clean("client", &format!("{app:?}"), &secrets);
    assert_clean("builder", &format!("{:?}", builder(&sim)), &secrets);

    let mut errors: Vec<Error> = Vec::new();
    // Api
    sim.inject(Fault {
        path: Some("/cgi-bin/getcallbackip".into()),
        errcode: Some(48001),
        remaining: Some(1),
        ..Fault::always()
    });
    errors.push(app.access().getcallbackip().await.unwrap_err());
    // Http, with the token in the body
    sim.inject(Fault {
        path: Some("/cgi-bin/getcallbackip".into()),
        http_status: Some(404),
        remaining: Some(1),
        ..Fault::always()
    });
    errors.push(app.access().getcallbackip().await.unwrap_err());
    // Decode, with a body that carries the token
    sim.set_body(
        "GET",
        "/cgi-bin/get_api_domain_ip",
        json!({"ip_list": 5, "access_token": token}),
    );
    errors.push(app.access().get_api_domain_ip().await.unwrap_err());
    // Transport
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = TestApp::builder()
        .secret(SECRET)
        .api_base(format!("http://127.0.0.1:{port}"))
        .max_retries(0)
        .build()
        .unwrap();
    errors.push(down.menu().get().await.unwrap_err());
    // Config
    errors.push(TestApp::builder().build().unwrap_err());
    // Store
    let file = tempfile::NamedTempFile::new().unwrap();
    let bad_store = builder(&sim)
        .store(wechat::store::FileStore::new(file.path().join("sub")))
        .build()
        .unwrap();
    let _ = bad_store.access_token().await; // a store that cannot be written still serves
                                            // ForceRefreshLimited
    sim.inject(Fault {
        path: Some("/cgi-bin/getcallbackip".into()),
        errcode: Some(40001),
        remaining: Some(3),
        ..Fault::always()
    });
    let _ = app.access().getcallbackip().await;
    errors.push(app.access().getcallbackip().await.unwrap_err());

    let kinds: Vec<&str> = errors
        .iter()
        .map(|e| match e {
            Error::Api { .. } => "api",
            Error::Http { .. } => "http",
            Error::Decode { .. } => "decode",
            Error::Transport { .. } => "transport",
            Error::Config(_) => "config",
            Error::ForceRefreshLimited { .. } => "force",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        ["api", "http", "decode", "transport", "config", "force"]
    );
    let store_error = wechat::store::FileStore::new(file.path().join("sub"));
    let store_error = wechat::store::Store::load(&store_error, "access_token/x")
        .await
        .unwrap_err();
    errors.push(store_error);
    for e in &errors {
        assert_clean("error", &format!("{e:?} {e}"), &secrets);
    }
}
