//! Ordinary messages a user sends (`MsgType` other than `event`).
//!
//! Doc: <https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html>

use crate::message::lenient;

push_struct! {
    /// `MsgType=text`: a text message.
    pub struct TextMessage {
        /// `Content`: the text, as sent.
        #[serde(rename = "Content")]
        pub content: String,
        /// `MsgId`: 64-bit message id.
        #[serde(rename = "MsgId", alias = "MsgID", deserialize_with = "lenient::required")]
        pub msg_id: u64,
        /// `MsgDataId`: the article data id, when the message comes from an article comment.
        #[serde(rename = "MsgDataId", deserialize_with = "lenient::opt_string")]
        pub msg_data_id: Option<String>,
        /// `Idx`: the article's index in a multi-article message.
        #[serde(rename = "Idx", deserialize_with = "lenient::optional")]
        pub idx: Option<u32>,
        /// `bizmsgmenuid`: the menu item the user tapped in a customer-service menu message.
        #[serde(rename = "bizmsgmenuid", deserialize_with = "lenient::opt_string")]
        pub biz_msg_menu_id: Option<String>,
        /// `AgentID`: the WeCom application id (WeCom callbacks only).
        #[serde(rename = "AgentID", deserialize_with = "lenient::opt_string")]
        pub agent_id: Option<String>,
    }
}

push_struct! {
    /// `MsgType=image`: an image message.
    pub struct ImageMessage {
        /// `PicUrl`: the image URL.
        #[serde(rename = "PicUrl")]
        pub pic_url: String,
        /// `MediaId`: the media id, for the temporary-media download API.
        #[serde(rename = "MediaId")]
        pub media_id: String,
        /// `MsgId`: 64-bit message id.
        #[serde(rename = "MsgId", alias = "MsgID", deserialize_with = "lenient::required")]
        pub msg_id: u64,
    }
}

push_struct! {
    /// `MsgType=voice`: a voice message, with the speech-recognition result when enabled.
    pub struct VoiceMessage {
        /// `MediaId`: the media id.
        #[serde(rename = "MediaId")]
        pub media_id: String,
        /// `Format`: audio format, e.g. `amr` or `speex`.
        #[serde(rename = "Format")]
        pub format: String,
        /// `Recognition`: recognised text (present only with speech recognition on).
        #[serde(rename = "Recognition")]
        pub recognition: Option<String>,
        /// `MediaId16K`: a 16 kHz copy of the media, when provided.
        #[serde(rename = "MediaId16K")]
        pub media_id_16k: Option<String>,
        /// `MsgId`: 64-bit message id.
        #[serde(rename = "MsgId", alias = "MsgID", deserialize_with = "lenient::required")]
        pub msg_id: u64,
    }
}

push_struct! {
    /// `MsgType=video` and `MsgType=shortvideo`: a video message.
    pub struct VideoMessage {
        /// `MediaId`: the video's media id.
        #[serde(rename = "MediaId")]
        pub media_id: String,
        /// `ThumbMediaId`: the thumbnail's media id.
        #[serde(rename = "ThumbMediaId")]
        pub thumb_media_id: String,
        /// `MsgId`: 64-bit message id.
        #[serde(rename = "MsgId", alias = "MsgID", deserialize_with = "lenient::required")]
        pub msg_id: u64,
    }
}

push_struct! {
    /// `MsgType=location`: a location the user shared.
    pub struct LocationMessage {
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
        /// `MsgId`: 64-bit message id.
        #[serde(rename = "MsgId", alias = "MsgID", deserialize_with = "lenient::required")]
        pub msg_id: u64,
    }
}

push_struct! {
    /// `MsgType=link`: a link the user shared.
    pub struct LinkMessage {
        /// `Title`: the link title.
        #[serde(rename = "Title")]
        pub title: String,
        /// `Description`: the link description.
        #[serde(rename = "Description")]
        pub description: String,
        /// `Url`: the link URL.
        #[serde(rename = "Url")]
        pub url: String,
        /// `MsgId`: 64-bit message id.
        #[serde(rename = "MsgId", alias = "MsgID", deserialize_with = "lenient::required")]
        pub msg_id: u64,
    }
}

push_struct! {
    /// `MsgType=miniprogrampage`: a mini-program card sent to a mini program's customer service.
    ///
    /// Doc: <https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/customer-message/receive.html>
    pub struct MiniProgramPageMessage {
        /// `Title`: the card title.
        #[serde(rename = "Title")]
        pub title: String,
        /// `AppId`: the mini program's appid.
        #[serde(rename = "AppId")]
        pub app_id: String,
        /// `PagePath`: the page path.
        #[serde(rename = "PagePath")]
        pub page_path: String,
        /// `ThumbUrl`: the cover image URL.
        #[serde(rename = "ThumbUrl")]
        pub thumb_url: String,
        /// `ThumbMediaId`: the cover's media id.
        #[serde(rename = "ThumbMediaId")]
        pub thumb_media_id: String,
        /// `MsgId`: 64-bit message id.
        #[serde(rename = "MsgId", alias = "MsgID", deserialize_with = "lenient::required")]
        pub msg_id: u64,
    }
}

push_struct! {
    /// `MsgType=device_text` / `device_event`: a message from a WeChat hardware device.
    ///
    /// Doc: <https://iot.weixin.qq.com/wiki/new/index.html?page=3-4-2>
    pub struct DeviceMessage {
        /// `Event`: the device event (`bind`, `unbind`...), for `device_event`.
        #[serde(rename = "Event")]
        pub event: Option<String>,
        /// `DeviceType`: the device type (the account's original id).
        #[serde(rename = "DeviceType")]
        pub device_type: String,
        /// `DeviceID`: the device id.
        #[serde(rename = "DeviceID")]
        pub device_id: String,
        /// `SessionID`: the session id.
        #[serde(rename = "SessionID", deserialize_with = "lenient::string")]
        pub session_id: String,
        /// `Content`: base64 payload from the device.
        #[serde(rename = "Content")]
        pub content: String,
        /// `OpenID`: the user's openid.
        #[serde(rename = "OpenID")]
        pub open_id: String,
        /// `MsgId`: 64-bit message id.
        #[serde(rename = "MsgId", alias = "MsgID", deserialize_with = "lenient::required")]
        pub msg_id: u64,
    }
}
