//! A third-party platform against the simulator: the simulator pushes to a receiver
//! on loopback that hands each push to `Platform::receive_push`.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use wechat::callback::CallbackQuery;
use wechat::component::Platform;
use wechat::store::{DurableStore, Store};
use wechat_sim::{SimConfig, Simulator};

pub const COMPONENT: &str = "wxcomponent0000001";
pub const SECRET: &str = "component-secret";
pub const TOKEN: &str = "component-token";
pub const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
pub const AUTHORIZER: &str = "wxauthorizer000001";

/// The platform the receiver hands pushes to, set once it is built.
pub type Slot = Arc<OnceLock<Platform>>;

async fn receive(State(slot): State<Slot>, RawQuery(q): RawQuery, body: Bytes) -> Response {
    let Some(platform) = slot.get() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "not ready").into_response();
    };
    let query = CallbackQuery::parse(q.as_deref().unwrap_or(""));
    match platform.receive_push(&query, &body).await {
        Ok(answer) => (StatusCode::OK, answer.body).into_response(),
        Err(e) => (
            StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::BAD_REQUEST),
            e.to_string(),
        )
            .into_response(),
    }
}

/// A receiver of the platform's pushes on a free loopback port.
pub async fn receiver() -> (SocketAddr, Slot) {
    let slot: Slot = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = Router::new()
        .route("/events", post(receive))
        .with_state(Arc::clone(&slot));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, slot)
}

/// The simulator with the platform, pushing to `events`.
pub async fn simulator(events: SocketAddr, config: SimConfig) -> Simulator {
    let config = config
        .component(COMPONENT, SECRET, TOKEN, AES_KEY)
        .component_events_url(COMPONENT, format!("http://{events}/events"));
    Simulator::start(config).await.unwrap()
}

/// A hub-scenario platform on `sim`, with the given stores.
pub fn platform(
    sim: &Simulator,
    store: Arc<dyn Store>,
    durable: Arc<dyn DurableStore>,
) -> Platform {
    Platform::builder(COMPONENT)
        .component_secret(SECRET)
        .token(TOKEN)
        .encoding_aes_key(AES_KEY)
        .api_base(sim.url())
        .shared_store(store)
        .shared_durable_store(durable)
        .ticket_wait(Duration::from_secs(5))
        .max_retries(0)
        .build()
        .unwrap()
}

/// The `pre_auth_code` of an authorization URL.
pub fn pre_auth_code(url: &str) -> String {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "pre_auth_code")
        .map(|(_, v)| v.into_owned())
        .unwrap()
}

/// The simulator and a platform on memory stores, the platform receiving the pushes.
pub async fn started_in_memory() -> (Simulator, Platform) {
    let (events, slot) = receiver().await;
    let sim = simulator(events, SimConfig::default()).await;
    let platform = platform(
        &sim,
        Arc::new(wechat::store::MemoryStore::new()),
        Arc::new(wechat::store::MemoryStore::new()),
    );
    slot.set(platform.clone()).unwrap();
    (sim, platform)
}
