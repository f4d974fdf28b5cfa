//! Errors: typed, bounded in upstream calls, and free of secrets.

mod common;

use std::time::Duration;

use common::{app, builder, sim, Fault, TestApp, SECRET};
use wechat::Error;

const IP_PATH: &str = "/cgi-bin/getcallbackip";

fn fault(path: &str) -> Fault {
    Fault {
        path: Some(path.into()),
        ..Fault::always()
    }
}

#[tokio::test]
async fn quota_exhausted_is_a_typed_error_and_is_not_retried() {
    let sim = sim().await;
    let app = app(&sim);
    app.access().getcallbackip().await.unwrap();
    sim.reset_counts();
    sim.inject(Fault {
        errcode: Some(45009),
        ..fault(IP_PATH)
    });
    for _ in 0..3 {
        let err = app.access().getcallbackip().await.unwrap_err();
        match &err {
            Error::Api {
                errcode: 45009,
                name,
                endpoint,
                ..
            } => {
                assert_eq!(*endpoint, "access.getcallbackip");
                assert!(name.is_some(), "45009 has a name in errcodes.toml");
            }
            other => panic!("expected errcode 45009, got {other:?}"),
        }
    }
    assert_eq!(
        sim.calls(IP_PATH),
        3,
        "one upstream call per call, no retries"
    );
    assert_eq!(sim.token_requests(), 0);
}

#[tokio::test]
async fn system_busy_is_retried_a_bounded_number_of_times() {
    let sim = sim().await;
    let app = builder(&sim).max_retries(2).build().unwrap();
    app.access().getcallbackip().await.unwrap();
    sim.reset_counts();
    sim.inject(Fault {
        errcode: Some(-1),
        ..fault(IP_PATH)
    });
    let err = app.access().getcallbackip().await.unwrap_err();
    assert_eq!(err.errcode(), Some(-1));
    assert_eq!(sim.calls(IP_PATH), 3, "the first attempt and 2 retries");

    sim.clear_faults();
    sim.reset_counts();
    sim.inject(Fault {
        errcode: Some(-1),
        remaining: Some(1),
        ..fault(IP_PATH)
    });
    app.access()
        .getcallbackip()
        .await
        .expect("busy once, then answered");
    assert_eq!(sim.calls(IP_PATH), 2);
}

#[tokio::test]
async fn server_errors_are_retried_then_reported_with_their_status() {
    let sim = sim().await;
    let app = builder(&sim).max_retries(1).build().unwrap();
    app.access().getcallbackip().await.unwrap();
    sim.reset_counts();
    sim.inject(Fault {
        http_status: Some(502),
        ..fault(IP_PATH)
    });
    let err = app.access().getcallbackip().await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 502, .. }), "{err:?}");
    assert_eq!(sim.calls(IP_PATH), 2);
}

#[tokio::test]
async fn a_timeout_is_a_transport_error_marked_as_such() {
    let sim = sim().await;
    let app = builder(&sim)
        .timeout(Duration::from_millis(200))
        .max_retries(1)
        .build()
        .unwrap();
    app.access().getcallbackip().await.unwrap();
    sim.reset_counts();
    sim.inject(Fault {
        latency: Some(Duration::from_millis(600)),
        ..fault(IP_PATH)
    });
    let err = app.access().getcallbackip().await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { timeout: true, .. }),
        "{err:?}"
    );
    assert_eq!(sim.calls(IP_PATH), 2);
}

#[tokio::test]
async fn a_wrong_secret_is_errcode_40125_at_the_token_request() {
    let sim = sim().await;
    let app = builder(&sim).secret("not-the-secret").build().unwrap();
    let err = app.menu().get().await.unwrap_err();
    match &err {
        Error::Api {
            errcode: 40125,
            endpoint,
            ..
        } => assert_eq!(*endpoint, "token.stable_token"),
        other => panic!("expected 40125, got {other:?}"),
    }
    assert!(!format!("{err:?}{err}").contains("not-the-secret"));
    assert_eq!(sim.calls("/cgi-bin/menu/get"), 0);
}

#[tokio::test]
async fn an_unknown_appid_is_errcode_40013() {
    let sim = sim().await;
    let app = wechat::OfficialAccount::builder("wx0000000000000000")
        .secret(SECRET)
        .api_base(sim.url())
        .build()
        .unwrap();
    let err = app.menu().get().await.unwrap_err();
    assert_eq!(err.errcode(), Some(40013), "{err:?}");
}

#[tokio::test]
async fn a_missing_secret_or_a_bad_base_url_fails_at_build() {
    let err = TestApp::builder().build().unwrap_err();
    assert!(
        matches!(&err, Error::Config(m) if m.contains("secret")),
        "{err}"
    );
    let err = TestApp::builder()
        .secret("s")
        .api_base("not a url")
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, Error::Config(m) if m.contains("api_base")),
        "{err}"
    );
    let err = TestApp::builder()
        .secret("s")
        .api_base("ftp://example.com")
        .build()
        .unwrap_err();
    assert!(matches!(&err, Error::Config(_)), "{err}");
    let err = TestApp::builder()
        .secret("s")
        .api_base("https://api.weixin.qq.com/?region=sh")
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, Error::Config(m) if m.contains("query string")),
        "{err}"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_without_the_url() {
    // A port nobody listens on: bind one, then free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = TestApp::builder()
        .secret(SECRET)
        .api_base(format!("http://127.0.0.1:{port}"))
        .max_retries(1)
        .retry_delay(Duration::from_millis(1))
        .build()
        .unwrap();
    let err = app.menu().get().await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { timeout: false, .. }),
        "{err:?}"
    );
    let shown = format!("{err:?} {err}");
    // The request URL (which may carry a token) is not in the error; the address may be.
    assert!(
        !shown.contains(SECRET) && !shown.contains("/cgi-bin/"),
        "{shown}"
    );
}
