//! Customer-service session events.
//!
//! Doc: <https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Session_control.html>

push_struct! {
    /// `Event=kf_create_session` / `kf_close_session`: an agent took or closed a session.
    pub struct KfSessionEvent {
        /// `KfAccount`: the agent's account, `name@account`.
        #[serde(rename = "KfAccount")]
        pub kf_account: String,
    }
}

push_struct! {
    /// `Event=kf_switch_session`: a session moved from one agent to another.
    pub struct KfSwitchSessionEvent {
        /// `FromKfAccount`: the previous agent.
        #[serde(rename = "FromKfAccount")]
        pub from_kf_account: String,
        /// `ToKfAccount`: the new agent.
        #[serde(rename = "ToKfAccount")]
        pub to_kf_account: String,
    }
}
