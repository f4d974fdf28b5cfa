//! [`Router`]: picks the handler by message type, event or InfoType, with a fallback.

use std::collections::HashMap;
use std::sync::Arc;

use super::handler::{Handler, Incoming};
use crate::message::{Message, Reply};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum RouteKey {
    MsgType(String),
    Event(String),
    InfoType(String),
}

/// Routes messages to handlers.
///
/// Lookup order: the `Event` (for events), the `InfoType` (open-platform
/// pushes), the `MsgType`, then the fallback. Names are compared without
/// regard to ASCII case. The default fallback answers [`Reply::Success`].
///
/// ```
/// use wechat::message::{Message, Reply};
/// use wechat::callback::{Incoming, Router};
///
/// let router = Router::new()
///     .on_message("text", |incoming: Incoming| async move {
///         match &incoming.message {
///             Message::Text(t) => Reply::text(format!("you said {}", t.content)),
///             _ => Reply::Success,
///         }
///     })
///     .on_event("subscribe", |_incoming: Incoming| async { Reply::text("welcome") })
///     .on_info("component_verify_ticket", |_incoming: Incoming| async { Reply::Success });
/// ```
#[derive(Clone)]
pub struct Router {
    routes: HashMap<RouteKey, Arc<dyn Handler>>,
    fallback: Arc<dyn Handler>,
}

impl std::fmt::Debug for Router {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Router")
            .field("routes", &self.routes.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Default for Router {
    fn default() -> Self {
        Router::new()
    }
}

impl Router {
    /// A router with no routes whose fallback answers [`Reply::Success`].
    pub fn new() -> Router {
        Router {
            routes: HashMap::new(),
            fallback: Arc::new(|_incoming: Incoming| async { Reply::Success }),
        }
    }

    /// Routes ordinary messages of `msg_type` (`text`, `image`, `voice`, `video`,
    /// `shortvideo`, `location`, `link`, ..., or `event` for every event without its own route).
    pub fn on_message(mut self, msg_type: &str, handler: impl Handler) -> Router {
        self.routes.insert(
            RouteKey::MsgType(msg_type.to_ascii_lowercase()),
            Arc::new(handler),
        );
        self
    }

    /// Routes events named `event` (`subscribe`, `SCAN`, `CLICK`, ...).
    pub fn on_event(mut self, event: &str, handler: impl Handler) -> Router {
        self.routes.insert(
            RouteKey::Event(event.to_ascii_lowercase()),
            Arc::new(handler),
        );
        self
    }

    /// Routes open-platform pushes of `info_type` (`component_verify_ticket`, `authorized`, ...).
    pub fn on_info(mut self, info_type: &str, handler: impl Handler) -> Router {
        self.routes.insert(
            RouteKey::InfoType(info_type.to_ascii_lowercase()),
            Arc::new(handler),
        );
        self
    }

    /// The handler for everything without a route.
    pub fn fallback(mut self, handler: impl Handler) -> Router {
        self.fallback = Arc::new(handler);
        self
    }

    /// The handler for `message`.
    pub(crate) fn route(&self, message: &Message) -> &dyn Handler {
        let keys = [
            message
                .event_name()
                .map(|e| RouteKey::Event(e.to_ascii_lowercase())),
            message
                .info_type()
                .map(|i| RouteKey::InfoType(i.to_ascii_lowercase())),
            message
                .msg_type()
                .map(|m| RouteKey::MsgType(m.to_ascii_lowercase())),
        ];
        keys.into_iter()
            .flatten()
            .find_map(|key| self.routes.get(&key))
            .unwrap_or(&self.fallback)
            .as_ref()
    }
}
