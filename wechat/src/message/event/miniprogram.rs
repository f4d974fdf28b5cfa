//! Mini-program pushes, and code-review results of third-party platform mini programs.

use serde::Deserialize;

use crate::message::lenient;

push_struct! {
    /// `Event=user_enter_tempsession`: the user opened the customer-service chat.
    ///
    /// Doc: <https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/customer-message/receive.html>
    pub struct UserEnterTempSessionEvent {
        /// `SessionFrom`: the `session-from` of the contact button.
        #[serde(rename = "SessionFrom")]
        pub session_from: String,
    }
}

/// One track of an `add_express_path` event.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ExpressAction {
    /// `ActionTime`: Unix time in seconds.
    #[serde(rename = "ActionTime", deserialize_with = "lenient::required")]
    pub action_time: u64,
    /// `ActionType`: the track type code (e.g. 100001 picked up).
    #[serde(rename = "ActionType", deserialize_with = "lenient::required")]
    pub action_type: i64,
    /// `ActionMsg`: the track text.
    #[serde(rename = "ActionMsg")]
    pub action_msg: String,
    /// `Lat`: latitude, when known.
    #[serde(rename = "Lat", deserialize_with = "lenient::optional")]
    pub lat: Option<f64>,
    /// `Lng`: longitude, when known.
    #[serde(rename = "Lng", deserialize_with = "lenient::optional")]
    pub lng: Option<f64>,
}

push_struct! {
    /// `Event=add_express_path`: new tracking events of a logistics order.
    ///
    /// Doc: <https://developers.weixin.qq.com/miniprogram/dev/platform-capabilities/industry/express/business/express_open_msg.html>
    pub struct AddExpressPathEvent {
        /// `DeliveryID`: the carrier.
        #[serde(rename = "DeliveryID")]
        pub delivery_id: String,
        /// `WayBillId`: the waybill.
        #[serde(rename = "WayBillId", deserialize_with = "lenient::string")]
        pub way_bill_id: String,
        /// `OrderId`: the order.
        #[serde(rename = "OrderId", deserialize_with = "lenient::string")]
        pub order_id: String,
        /// `Version`: the track version.
        #[serde(rename = "Version", deserialize_with = "lenient::required")]
        pub version: u64,
        /// `Count`: number of tracks.
        #[serde(rename = "Count", deserialize_with = "lenient::required")]
        pub count: u32,
        /// `Actions`: the tracks.
        #[serde(rename = "Actions")]
        pub actions: Vec<ExpressAction>,
    }
}

/// `order_info` of an `open_product_order_pay` event.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ProductOrderInfo {
    /// `out_order_id`: the merchant's order id.
    #[serde(rename = "out_order_id", deserialize_with = "lenient::string")]
    pub out_order_id: String,
    /// `order_id`: WeChat's order id.
    #[serde(rename = "order_id", deserialize_with = "lenient::string")]
    pub order_id: String,
    /// `transaction_id`: the payment transaction.
    #[serde(rename = "transaction_id", deserialize_with = "lenient::string")]
    pub transaction_id: String,
    /// `pay_time`: `YYYY-MM-DD hh:mm:ss`.
    #[serde(rename = "pay_time")]
    pub pay_time: String,
    /// `amount`: amount paid, in fen.
    #[serde(rename = "amount", deserialize_with = "lenient::required")]
    pub amount: i64,
    /// `sp_openid`: the buyer's openid under the service provider.
    #[serde(rename = "sp_openid")]
    pub sp_openid: String,
}

push_struct! {
    /// `Event=open_product_order_pay`: a custom-trade-component order was paid.
    ///
    /// Doc: <https://developers.weixin.qq.com/miniprogram/dev/platform-capabilities/business-capabilities/ministore/minishopopencomponent2/callback/create_order.html>
    pub struct OpenProductOrderPayEvent {
        /// `order_info`: the order.
        #[serde(rename = "order_info")]
        pub order_info: ProductOrderInfo,
    }
}

push_struct! {
    /// `Event=weapp_audit_success` / `weapp_audit_fail` / `weapp_audit_delay`:
    /// the code-review result of a mini program (pushed to the third-party platform's message URL).
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/code/submit_audit.html>
    pub struct WeappAuditEvent {
        /// `SuccTime`: Unix time of approval (`weapp_audit_success`).
        #[serde(rename = "SuccTime", deserialize_with = "lenient::optional")]
        pub succ_time: Option<u64>,
        /// `FailTime`: Unix time of rejection (`weapp_audit_fail`).
        #[serde(rename = "FailTime", deserialize_with = "lenient::optional")]
        pub fail_time: Option<u64>,
        /// `DelayTime`: Unix time of the delay notice (`weapp_audit_delay`).
        #[serde(rename = "DelayTime", deserialize_with = "lenient::optional")]
        pub delay_time: Option<u64>,
        /// `Reason`: why it was rejected or delayed.
        #[serde(rename = "Reason")]
        pub reason: Option<String>,
        /// `ScreenShot`: `|`-separated media ids of screenshots of the problem.
        #[serde(rename = "ScreenShot")]
        pub screen_shot: Option<String>,
    }
}
