//! Custom-menu events.
//!
//! Doc: <https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Custom_Menu_Push_Events.html>

use serde::Deserialize;

use crate::message::lenient;

push_struct! {
    /// `Event=CLICK`: a `click` menu button was tapped.
    pub struct ClickEvent {
        /// `EventKey`: the button's `key`.
        #[serde(rename = "EventKey", deserialize_with = "lenient::string")]
        pub event_key: String,
    }
}

push_struct! {
    /// `Event=VIEW` (a link button) and `Event=view_miniprogram` (a mini-program button).
    pub struct ViewEvent {
        /// `EventKey`: the URL, or the mini-program page path.
        #[serde(rename = "EventKey")]
        pub event_key: String,
        /// `MenuId`: the personalised menu's id, when the button belongs to one.
        #[serde(rename = "MenuId", deserialize_with = "lenient::opt_string")]
        pub menu_id: Option<String>,
    }
}

/// `ScanCodeInfo` of a scan-code menu event.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ScanCodeInfo {
    /// `ScanType`: usually `qrcode` or `barcode`.
    #[serde(rename = "ScanType")]
    pub scan_type: String,
    /// `ScanResult`: the decoded text.
    #[serde(rename = "ScanResult", deserialize_with = "lenient::string")]
    pub scan_result: String,
}

push_struct! {
    /// `Event=scancode_push` / `scancode_waitmsg`: the user scanned a code from a menu button.
    pub struct ScanCodeEvent {
        /// `EventKey`: the button's `key`.
        #[serde(rename = "EventKey", deserialize_with = "lenient::string")]
        pub event_key: String,
        /// `ScanCodeInfo`: what was scanned.
        #[serde(rename = "ScanCodeInfo")]
        pub scan_code_info: ScanCodeInfo,
    }
}

/// One picture of `SendPicsInfo`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SentPic {
    /// `PicMd5Sum`: MD5 of the picture.
    #[serde(rename = "PicMd5Sum")]
    pub pic_md5_sum: String,
}

/// `PicList` of `SendPicsInfo`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PicList {
    /// The `item` elements.
    #[serde(rename = "item")]
    pub items: Vec<SentPic>,
}

/// `SendPicsInfo` of a picture menu event.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SendPicsInfo {
    /// `Count`: number of pictures.
    #[serde(rename = "Count", deserialize_with = "lenient::required")]
    pub count: u32,
    /// `PicList`: the pictures.
    #[serde(rename = "PicList")]
    pub pic_list: PicList,
}

push_struct! {
    /// `Event=pic_sysphoto` / `pic_photo_or_album` / `pic_weixin`: the user sent pictures from a menu button.
    pub struct PicEvent {
        /// `EventKey`: the button's `key`.
        #[serde(rename = "EventKey", deserialize_with = "lenient::string")]
        pub event_key: String,
        /// `SendPicsInfo`: the pictures.
        #[serde(rename = "SendPicsInfo")]
        pub send_pics_info: SendPicsInfo,
    }
}

/// `SendLocationInfo` of a `location_select` event.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SendLocationInfo {
    /// `Location_X`: latitude in degrees.
    #[serde(rename = "Location_X", deserialize_with = "lenient::required")]
    pub location_x: f64,
    /// `Location_Y`: longitude in degrees.
    #[serde(rename = "Location_Y", deserialize_with = "lenient::required")]
    pub location_y: f64,
    /// `Scale`: map zoom level.
    #[serde(rename = "Scale", deserialize_with = "lenient::required")]
    pub scale: f64,
    /// `Label`: the place's description.
    #[serde(rename = "Label")]
    pub label: String,
    /// `Poiname`: the point of interest's name (may be empty).
    #[serde(rename = "Poiname")]
    pub poiname: String,
}

push_struct! {
    /// `Event=location_select`: the user sent a location from a menu button.
    pub struct LocationSelectEvent {
        /// `EventKey`: the button's `key`.
        #[serde(rename = "EventKey", deserialize_with = "lenient::string")]
        pub event_key: String,
        /// `SendLocationInfo`: the location.
        #[serde(rename = "SendLocationInfo")]
        pub send_location_info: SendLocationInfo,
    }
}
