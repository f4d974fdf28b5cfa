//! The client of one authorizer account: its `access_token` core (from WeChat with
//! the platform's credentials in scenario `hub`, from the hub in scenario `client`)
//! and its JS-SDK tickets.

use std::sync::Arc;

use super::authorizer_source::AuthorizerTokenSource;
use super::keys;
use super::platform_core::PlatformCore;
use crate::app::AppType;
use crate::client::Client;
use crate::token::hub_source::{HubToken, HubTokenSource};
use crate::token::{TicketKind, TokenCore, TokenSource};

/// A token source of `authorizer_appid`'s `token`: WeChat (scenario `hub`) or the hub.
fn authorizer_source(
    core: &Arc<PlatformCore>,
    authorizer_appid: &str,
    token: HubToken,
) -> Option<Arc<dyn TokenSource>> {
    let hub = core.hub.as_ref()?;
    Some(Arc::new(HubTokenSource {
        client: core.http.client.clone(),
        hub_url: hub.url.clone(),
        key: hub.key.clone(),
        appid: core.component_appid.clone(),
        authorizer_appid: Some(authorizer_appid.to_owned()),
        token,
        retry: hub.retry,
        clock: Arc::clone(&core.clock),
    }))
}

/// A new client of `authorizer_appid`, of `app_type`.
pub(crate) fn new_authorizer_client(
    core: &Arc<PlatformCore>,
    authorizer_appid: &str,
    app_type: AppType,
) -> Client {
    let source =
        authorizer_source(core, authorizer_appid, HubToken::AccessToken).unwrap_or_else(|| {
            Arc::new(AuthorizerTokenSource {
                core: Arc::clone(core),
                authorizer_appid: authorizer_appid.to_owned(),
            })
        });
    let source = match &core.wrap_source {
        Some(wrap) => wrap(source, authorizer_appid, "authorizer_access_token"),
        None => source,
    };
    let access_token = Arc::new(TokenCore::new(
        keys::authorizer_token(&core.component_appid, authorizer_appid),
        source,
        Arc::clone(&core.store),
        core.refresh,
        Arc::clone(&core.clock),
    ));
    let ticket_id = keys::authorizer_ticket_id(&core.component_appid, authorizer_appid);
    let tickets = match (
        authorizer_source(core, authorizer_appid, HubToken::Ticket(TicketKind::Jsapi)),
        authorizer_source(core, authorizer_appid, HubToken::Ticket(TicketKind::WxCard)),
    ) {
        (Some(jsapi), Some(wx_card)) => crate::jssdk::Tickets::with_sources(
            jsapi,
            wx_card,
            &core.store,
            core.refresh,
            &core.clock,
            &ticket_id,
        ),
        _ => crate::jssdk::Tickets::new(
            &core.http,
            &access_token,
            &core.store,
            core.refresh,
            &ticket_id,
        ),
    };
    Client::from_parts(crate::client::Parts {
        appid: authorizer_appid.to_owned(),
        scenario: core.scenario,
        app_type,
        http: core.http.clone(),
        access_token,
        component_token: Some(Arc::clone(&core.component_token)),
        component_appid: Some(core.component_appid.clone()),
        secret: None,
        tickets: Arc::new(tickets),
        xpay: Default::default(),
    })
}
