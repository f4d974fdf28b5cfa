//! Follow, unfollow, QR-code scan and location-report events.
//!
//! Doc: <https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html>

use crate::message::lenient;

push_struct! {
    /// `Event=subscribe`: the user followed the account, possibly by scanning a
    /// parametric QR code (then `EventKey` is `qrscene_<scene>` and `Ticket` is set).
    pub struct SubscribeEvent {
        /// `EventKey`: `qrscene_` + the scene value, when followed through a QR code.
        #[serde(rename = "EventKey")]
        pub event_key: Option<String>,
        /// `Ticket`: the QR code ticket, when followed through a QR code.
        #[serde(rename = "Ticket")]
        pub ticket: Option<String>,
    }
}

impl SubscribeEvent {
    /// The QR scene value: `EventKey` without its `qrscene_` prefix, if it has one.
    pub fn scene(&self) -> Option<&str> {
        self.event_key.as_deref()?.strip_prefix("qrscene_")
    }
}

push_struct! {
    /// `Event=unsubscribe`: the user unfollowed the account.
    pub struct UnsubscribeEvent {}
}

push_struct! {
    /// `Event=SCAN`: a follower scanned a parametric QR code.
    pub struct ScanEvent {
        /// `EventKey`: the scene value (`scene_id` or `scene_str`).
        #[serde(rename = "EventKey", deserialize_with = "lenient::string")]
        pub event_key: String,
        /// `Ticket`: the QR code ticket.
        #[serde(rename = "Ticket")]
        pub ticket: String,
    }
}

push_struct! {
    /// `Event=LOCATION`: the periodic location report of a user who allowed it.
    pub struct LocationEvent {
        /// `Latitude` in degrees.
        #[serde(rename = "Latitude", deserialize_with = "lenient::required")]
        pub latitude: f64,
        /// `Longitude` in degrees.
        #[serde(rename = "Longitude", deserialize_with = "lenient::required")]
        pub longitude: f64,
        /// `Precision`: accuracy.
        #[serde(rename = "Precision", deserialize_with = "lenient::required")]
        pub precision: f64,
    }
}

push_struct! {
    /// `Event=qualification_verify_success`, `naming_verify_success`,
    /// `annual_renew`, `verify_expired`: verification events that carry an expiry.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Wechat_Accreditation_Event_Push.html>
    pub struct VerifyExpiryEvent {
        /// `ExpiredTime`: Unix time in seconds.
        #[serde(rename = "ExpiredTime", deserialize_with = "lenient::required")]
        pub expired_time: u64,
    }
}

push_struct! {
    /// `Event=qualification_verify_fail`, `naming_verify_fail`: a failed verification.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Wechat_Accreditation_Event_Push.html>
    pub struct VerifyFailEvent {
        /// `FailTime`: Unix time in seconds.
        #[serde(rename = "FailTime", deserialize_with = "lenient::required")]
        pub fail_time: u64,
        /// `FailReason`: why it failed.
        #[serde(rename = "FailReason")]
        pub fail_reason: String,
    }
}
