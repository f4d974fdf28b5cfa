//! `MsgType=event` pushes: the [`Event`] enum and its payload structs.
//!
//! Event names are matched without regard to ASCII case (`SCAN`, `scan`).
//! Doc: <https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html>

mod account;
mod card;
mod menu;
mod miniprogram;
mod misc;
mod notify;
mod service;

pub use account::*;
pub use card::*;
pub use menu::*;
pub use miniprogram::*;
pub use misc::*;
pub use notify::*;
pub use service::*;

use super::decode::Decode;
use super::Header;

macro_rules! events {
    ($( $variant:ident($ty:ty) = $name:literal, )*) => {
        /// A typed `MsgType=event` push. The variant is the `Event` value; see
        /// [`Event::name`] for the exact string. Events this SDK does not type
        /// arrive as [`Message::Unknown`](super::Message::Unknown).
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum Event {
            $(
                #[doc = concat!("`Event=", $name, "`.")]
                $variant($ty),
            )*
        }

        impl Event {
            /// The `Event` value as the docs spell it, e.g. `"subscribe"`, `"SCAN"`.
            pub fn name(&self) -> &'static str {
                match self {
                    $( Event::$variant(_) => $name, )*
                }
            }

            /// The common header fields.
            pub fn header(&self) -> &dyn Header {
                match self {
                    $( Event::$variant(e) => e, )*
                }
            }

            /// Decodes the event named `name` (ASCII case ignored); `None` when the name is not typed here.
            pub(crate) fn decode(name: &str, decoder: &impl Decode) -> Option<Result<Event, String>> {
                $(
                    if name.eq_ignore_ascii_case($name) {
                        return Some(decoder.decode::<$ty>().map(Event::$variant));
                    }
                )*
                None
            }
        }
    };
}

events! {
    Subscribe(SubscribeEvent) = "subscribe",
    Unsubscribe(UnsubscribeEvent) = "unsubscribe",
    Scan(ScanEvent) = "SCAN",
    Location(LocationEvent) = "LOCATION",
    Click(ClickEvent) = "CLICK",
    View(ViewEvent) = "VIEW",
    ViewMiniprogram(ViewEvent) = "view_miniprogram",
    ScancodePush(ScanCodeEvent) = "scancode_push",
    ScancodeWaitmsg(ScanCodeEvent) = "scancode_waitmsg",
    PicSysphoto(PicEvent) = "pic_sysphoto",
    PicPhotoOrAlbum(PicEvent) = "pic_photo_or_album",
    PicWeixin(PicEvent) = "pic_weixin",
    LocationSelect(LocationSelectEvent) = "location_select",
    TemplateSendJobFinish(TemplateSendJobFinishEvent) = "TEMPLATESENDJOBFINISH",
    MassSendJobFinish(MassSendJobFinishEvent) = "MASSSENDJOBFINISH",
    PublishJobFinish(PublishJobFinishEvent) = "PUBLISHJOBFINISH",
    SubscribeMsgPopup(SubscribeMsgPopupEvent) = "subscribe_msg_popup_event",
    SubscribeMsgChange(SubscribeMsgChangeEvent) = "subscribe_msg_change_event",
    SubscribeMsgSent(SubscribeMsgSentEvent) = "subscribe_msg_sent_event",
    KfCreateSession(KfSessionEvent) = "kf_create_session",
    KfCloseSession(KfSessionEvent) = "kf_close_session",
    KfSwitchSession(KfSwitchSessionEvent) = "kf_switch_session",
    QualificationVerifySuccess(VerifyExpiryEvent) = "qualification_verify_success",
    QualificationVerifyFail(VerifyFailEvent) = "qualification_verify_fail",
    NamingVerifySuccess(VerifyExpiryEvent) = "naming_verify_success",
    NamingVerifyFail(VerifyFailEvent) = "naming_verify_fail",
    AnnualRenew(VerifyExpiryEvent) = "annual_renew",
    VerifyExpired(VerifyExpiryEvent) = "verify_expired",
    CardPassCheck(CardEvent) = "card_pass_check",
    CardNotPassCheck(CardEvent) = "card_not_pass_check",
    UserGetCard(CardEvent) = "user_get_card",
    UserGiftingCard(CardEvent) = "user_gifting_card",
    UserDelCard(CardEvent) = "user_del_card",
    UserConsumeCard(CardEvent) = "user_consume_card",
    UserPayFromPayCell(CardEvent) = "user_pay_from_pay_cell",
    UserViewCard(CardEvent) = "user_view_card",
    UserEnterSessionFromCard(CardEvent) = "user_enter_session_from_card",
    UpdateMemberCard(CardEvent) = "update_member_card",
    CardSkuRemind(CardEvent) = "card_sku_remind",
    CardPayOrder(CardEvent) = "card_pay_order",
    SubmitMembercardUserInfo(CardEvent) = "submit_membercard_user_info",
    UserAuthorizeInvoice(UserAuthorizeInvoiceEvent) = "user_authorize_invoice",
    UpdateInvoiceStatus(UpdateInvoiceStatusEvent) = "update_invoice_status",
    SubmitInvoiceTitle(SubmitInvoiceTitleEvent) = "submit_invoice_title",
    WifiConnected(WifiConnectedEvent) = "WifiConnected",
    ShakeAroundUserShake(ShakeAroundUserShakeEvent) = "ShakearoundUserShake",
    MerchantOrder(MerchantOrderEvent) = "merchant_order",
    PoiCheckNotify(PoiCheckNotifyEvent) = "poi_check_notify",
    UserEnterTempSession(UserEnterTempSessionEvent) = "user_enter_tempsession",
    AddExpressPath(AddExpressPathEvent) = "add_express_path",
    OpenProductOrderPay(OpenProductOrderPayEvent) = "open_product_order_pay",
    WeappAuditSuccess(WeappAuditEvent) = "weapp_audit_success",
    WeappAuditFail(WeappAuditEvent) = "weapp_audit_fail",
    WeappAuditDelay(WeappAuditEvent) = "weapp_audit_delay",
}
