//! The typed clients of each app type ([`OfficialAccount`], [`MiniProgram`]), and the
//! trait `#[wechat_client]` implements for its struct.

use super::{Client, ClientBuilder};
use crate::app::{AppType, Scenario};

/// What `#[wechat_client]` implements for its struct; the builder uses it.
#[doc(hidden)]
pub trait AppClient: Sized {
    /// The appid fixed by the attribute ("" when set at run time).
    const APPID: &'static str;
    /// The scenario.
    const SCENARIO: Scenario;
    /// The app type.
    const APP_TYPE: AppType;
    /// The third-party platform this app is an authorizer of ("" for none): its
    /// tokens then come from the hub's platform routes, with `authorizer_appid`.
    const COMPONENT_APPID: &'static str = "";
    /// Wraps a built client.
    fn from_client(client: Client) -> Self;
}

macro_rules! app_client_type {
    ($(#[$doc:meta])* $name:ident, $app_type:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $name {
            client: Client,
        }

        impl $name {
            /// A builder for an app whose appid is known at run time (scenario `hub`).
            pub fn builder(appid: impl Into<String>) -> ClientBuilder<$name> {
                ClientBuilder::new().appid(appid)
            }

            /// The underlying client (appid, `access_token`).
            pub fn client(&self) -> &Client {
                &self.client
            }
        }

        impl From<Client> for $name {
            fn from(client: Client) -> Self {
                $name { client }
            }
        }

        impl std::ops::Deref for $name {
            type Target = Client;
            fn deref(&self) -> &Client {
                &self.client
            }
        }

        impl AppClient for $name {
            const APPID: &'static str = "";
            const SCENARIO: Scenario = Scenario::Hub;
            const APP_TYPE: AppType = $app_type;
            fn from_client(client: Client) -> Self {
                $name { client }
            }
        }
    };
}

app_client_type!(
    /// A client of an Official Account (公众号): the Official Account and common API groups.
    OfficialAccount,
    AppType::OfficialAccount
);

app_client_type!(
    /// A client of a Mini Program (小程序): the Mini Program and common API groups.
    MiniProgram,
    AppType::MiniProgram
);
