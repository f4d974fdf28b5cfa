//! Wi-Fi, Shake Nearby, store and merchant events of Official Accounts.

use serde::Deserialize;

use crate::message::lenient;

push_struct! {
    /// `Event=WifiConnected`: the user connected to the merchant's Wi-Fi.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/offiaccount/WiFi_via_WeChat/WiFi_Connection_Event_Push.html>
    pub struct WifiConnectedEvent {
        /// `ConnectTime`: Unix time in seconds.
        #[serde(rename = "ConnectTime", deserialize_with = "lenient::required")]
        pub connect_time: u64,
        /// `ExpireTime`: Unix time in seconds (0 when unused).
        #[serde(rename = "ExpireTime", deserialize_with = "lenient::required")]
        pub expire_time: u64,
        /// `VendorId`: the vendor.
        #[serde(rename = "VendorId", deserialize_with = "lenient::string")]
        pub vendor_id: String,
        /// `PlaceId` (also sent as `ShopId`): the store.
        #[serde(rename = "PlaceId", alias = "ShopId", deserialize_with = "lenient::string")]
        pub place_id: String,
        /// `DeviceNo`: the hotspot's MAC address.
        #[serde(rename = "DeviceNo")]
        pub device_no: String,
    }
}

/// A beacon of a Shake Nearby event.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Beacon {
    /// `Uuid`.
    #[serde(rename = "Uuid")]
    pub uuid: String,
    /// `Major` (kept as text: samples carry placeholders).
    #[serde(rename = "Major", deserialize_with = "lenient::string")]
    pub major: String,
    /// `Minor` (kept as text: samples carry placeholders).
    #[serde(rename = "Minor", deserialize_with = "lenient::string")]
    pub minor: String,
    /// `Distance` in metres.
    #[serde(rename = "Distance", deserialize_with = "lenient::required")]
    pub distance: f64,
}

/// `AroundBeacons` of a Shake Nearby event.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct AroundBeacons {
    /// The `AroundBeacon` elements.
    #[serde(rename = "AroundBeacon")]
    pub beacons: Vec<Beacon>,
}

push_struct! {
    /// `Event=ShakearoundUserShake`: the user shook near beacons.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/offiaccount/Shake_Nearby/Shake_Event_Notification.html>
    pub struct ShakeAroundUserShakeEvent {
        /// `ChosenBeacon`: the nearest beacon.
        #[serde(rename = "ChosenBeacon")]
        pub chosen_beacon: Beacon,
        /// `AroundBeacons`: the other beacons in range.
        #[serde(rename = "AroundBeacons")]
        pub around_beacons: AroundBeacons,
    }
}

push_struct! {
    /// `Event=merchant_order`: an order in the account's WeChat store was paid.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/offiaccount/Instant_Stores/WeChat_Store_Interface.html>
    pub struct MerchantOrderEvent {
        /// `OrderId`: the order.
        #[serde(rename = "OrderId", deserialize_with = "lenient::string")]
        pub order_id: String,
        /// `OrderStatus`: the order status.
        #[serde(rename = "OrderStatus", deserialize_with = "lenient::required")]
        pub order_status: i64,
        /// `ProductId`: the product.
        #[serde(rename = "ProductId", deserialize_with = "lenient::string")]
        pub product_id: String,
        /// `SkuInfo`: the SKU, `id:value;id:value`.
        #[serde(rename = "SkuInfo")]
        pub sku_info: String,
    }
}

push_struct! {
    /// `Event=poi_check_notify`: the review result of a store (POI).
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/offiaccount/WeChat_Stores/WeChat_Store_Interface.html>
    pub struct PoiCheckNotifyEvent {
        /// `UniqId`: the merchant's own store id.
        #[serde(rename = "UniqId", deserialize_with = "lenient::string")]
        pub uniq_id: String,
        /// `PoiId`: WeChat's store id.
        #[serde(rename = "PoiId", deserialize_with = "lenient::string")]
        pub poi_id: String,
        /// `Result`: `succ` or `fail`.
        #[serde(rename = "Result")]
        pub result: String,
        /// `Msg`: the reviewer's note.
        #[serde(rename = "Msg")]
        pub msg: String,
    }
}
