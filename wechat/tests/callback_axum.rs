//! The axum adapter (cargo feature `axum`): routes, statuses and bodies over real HTTP.
#![cfg(feature = "axum")]

mod callback_common;

use std::sync::Arc;

use callback_common::requests::sign;
use wechat::callback::{CallbackApp, CallbackServer, Incoming, Router};
use wechat::message::{Message, Reply};

#[tokio::test]
async fn axum_router_answers_get_post_and_rejections() {
    let server = CallbackServer::builder()
        .app(CallbackApp::plaintext("wx_app", "token").with_original_id("gh"))
        .router(Router::new().on_message("text", |i: Incoming| async move {
            match i.message {
                Message::Text(t) => Reply::text(t.content.to_uppercase()),
                _ => Reply::Success,
            }
        }))
        .build()
        .unwrap();
    let app = axum::Router::new().nest("/wechat", wechat::callback::axum::router(Arc::new(server)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let ts = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let sig = sign("token", &ts, "n1");
    let http = reqwest::Client::new();

    // The handshake spends its (timestamp, nonce) for POST too: its own nonce.
    let r = http
        .get(format!(
            "http://{addr}/wechat?signature={}&timestamp={ts}&nonce=h1&echostr=abc",
            sign("token", &ts, "h1")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "abc");

    let body = format!(
        "<xml><ToUserName>gh</ToUserName><FromUserName>u</FromUserName><CreateTime>{ts}</CreateTime>\
         <MsgType>text</MsgType><Content>hello</Content><MsgId>1</MsgId></xml>"
    );
    let r = http
        .post(format!(
            "http://{addr}/wechat/wx_app?signature={sig}&timestamp={ts}&nonce=n1"
        ))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("HELLO"));

    let r = http
        .post(format!(
            "http://{addr}/wechat?signature={}&timestamp={ts}&nonce=n2",
            "0".repeat(40)
        ))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    let r = http
        .post(format!(
            "http://{addr}/wechat?signature={sig}&timestamp={ts}&nonce=n1"
        ))
        .body(vec![b'x'; 70 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
}
