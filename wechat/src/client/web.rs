//! What the hand-written web and mini-program calls (`jssdk`, `oauth`, `miniprogram`)
//! need from a client: its tickets, its app secret, a call with a hand-made query.

use super::Client;
use crate::token::{TicketKind, TokenCore};
use crate::{Error, Result, Secret};

impl Client {
    /// The token core of one kind of JS-SDK ticket.
    pub(crate) fn ticket_core(&self, kind: TicketKind) -> &TokenCore {
        self.inner.tickets.core(kind)
    }

    /// The app secret, for the endpoints that take `appid` and `secret` instead of a token.
    ///
    /// # Errors
    /// [`Error::Config`] when the client has none (scenario `client`).
    pub(crate) fn app_secret(&self, endpoint: &str) -> Result<&Secret> {
        self.inner.secret.as_ref().ok_or_else(|| {
            Error::config(format!(
                "{endpoint} needs the app secret, which only a scenario = \"hub\" client holds"
            ))
        })
    }
}
