// Generated (built-in mode) from api-specs/official_account/qrcode.toml
/// QR codes with parameters (带参数的二维码)
///
/// Official doc: <https://developers.weixin.qq.com/doc/service/api/qrcode/qrcodes/api_createqrcode>
pub mod qrcode {
    #[allow(unused_imports)]
    use crate::__private::serde::Serialize;
    #[allow(unused_imports)]
    use super::types::*;
    crate::__private::string_enum! {
        #[doc =
        " The kind of QR code: temporary (up to 30 days, unlimited number) or permanent (at most 100,000), with a number or a string scene."]
        pub enum QrActionName { QrScene => "QR_SCENE", QrStrScene => "QR_STR_SCENE",
        QrLimitScene => "QR_LIMIT_SCENE", QrLimitStrScene => "QR_LIMIT_STR_SCENE" }
    }
    /// What a QR code carries.
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "crate::__private::serde")]
    pub struct QrActionInfo {
        /// The scene; pushed back in the subscribe or SCAN event.
        pub scene: QrScene,
    }
    #[cfg(feature = "serde-both-ways")]
    const _: () = {
        pub struct Slots {
            scene: ::core::option::Option<QrScene>,
        }
        impl crate::__private::de::SpecStruct for QrActionInfo {
            const NAME: &'static str = "QrActionInfo";
            const FIELDS: &'static [&'static str] = &["scene"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    scene: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.scene, "scene", map),
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(QrActionInfo {
                    scene: crate::__private::de::required(slots.scene, "scene")?,
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for QrActionInfo {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// The scene value of a QR code: `scene_id` for the `*_SCENE` kinds, `scene_str` for the `*_STR_SCENE` kinds.
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "crate::__private::serde")]
    pub struct QrScene {
        /// Number scene: a non-zero 32-bit integer for temporary codes, 1 to 100000 for permanent ones.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub scene_id: Option<u32>,
        /// String scene, 1 to 64 characters.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub scene_str: Option<String>,
    }
    #[cfg(feature = "serde-both-ways")]
    const _: () = {
        pub struct Slots {
            scene_id: ::core::option::Option<Option<u32>>,
            scene_str: ::core::option::Option<Option<String>>,
        }
        impl crate::__private::de::SpecStruct for QrScene {
            const NAME: &'static str = "QrScene";
            const FIELDS: &'static [&'static str] = &["scene_id", "scene_str"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    scene_id: ::core::option::Option::None,
                    scene_str: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.scene_id, "scene_id", map),
                    1 => {
                        crate::__private::de::slot(
                            &mut slots.scene_str,
                            "scene_str",
                            map,
                        )
                    }
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(QrScene {
                    scene_id: slots.scene_id.unwrap_or_default(),
                    scene_str: slots.scene_str.unwrap_or_default(),
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for QrScene {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// The request of `create`: Create a temporary or permanent QR code ticket (生成带参数的二维码).
    #[derive(Clone, Debug, PartialEq, Serialize)]
    #[serde(crate = "crate::__private::serde")]
    pub struct CreateRequest {
        /// Temporary codes: validity in seconds, at most 2592000 (30 days); 60 when absent.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub expire_seconds: Option<u32>,
        /// Temporary or permanent, with a number or a string scene.
        pub action_name: QrActionName,
        /// The scene the code carries.
        pub action_info: QrActionInfo,
    }
    #[cfg(feature = "serde-both-ways")]
    const _: () = {
        pub struct Slots {
            expire_seconds: ::core::option::Option<Option<u32>>,
            action_name: ::core::option::Option<QrActionName>,
            action_info: ::core::option::Option<QrActionInfo>,
        }
        impl crate::__private::de::SpecStruct for CreateRequest {
            const NAME: &'static str = "CreateRequest";
            const FIELDS: &'static [&'static str] = &[
                "expire_seconds",
                "action_name",
                "action_info",
            ];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    expire_seconds: ::core::option::Option::None,
                    action_name: ::core::option::Option::None,
                    action_info: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => {
                        crate::__private::de::slot(
                            &mut slots.expire_seconds,
                            "expire_seconds",
                            map,
                        )
                    }
                    1 => {
                        crate::__private::de::slot(
                            &mut slots.action_name,
                            "action_name",
                            map,
                        )
                    }
                    2 => {
                        crate::__private::de::slot(
                            &mut slots.action_info,
                            "action_info",
                            map,
                        )
                    }
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(CreateRequest {
                    expire_seconds: slots.expire_seconds.unwrap_or_default(),
                    action_name: crate::__private::de::required(
                        slots.action_name,
                        "action_name",
                    )?,
                    action_info: crate::__private::de::required(
                        slots.action_info,
                        "action_info",
                    )?,
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for CreateRequest {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    impl crate::__private::ApiRequest for CreateRequest {
        fn write_query(&self, _query: &mut crate::__private::Query) {}
    }
    /// The answer of `create`: Create a temporary or permanent QR code ticket (生成带参数的二维码).
    #[derive(Clone, Debug, PartialEq, Default)]
    #[cfg_attr(feature = "serde-both-ways", derive(Serialize))]
    #[cfg_attr(feature = "serde-both-ways", serde(crate = "crate::__private::serde"))]
    pub struct CreateResponse {
        /// Ticket to exchange for the QR code image at https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=TICKET (URL-encoded).
        pub ticket: String,
        /// Validity in seconds; absent for permanent codes.
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub expire_seconds: Option<u32>,
        /// The content the QR code encodes, to draw the image yourself.
        pub url: String,
    }
    const _: () = {
        pub struct Slots {
            ticket: ::core::option::Option<String>,
            expire_seconds: ::core::option::Option<Option<u32>>,
            url: ::core::option::Option<String>,
        }
        impl crate::__private::de::SpecStruct for CreateResponse {
            const NAME: &'static str = "CreateResponse";
            const FIELDS: &'static [&'static str] = &["ticket", "expire_seconds", "url"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    ticket: ::core::option::Option::None,
                    expire_seconds: ::core::option::Option::None,
                    url: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.ticket, "ticket", map),
                    1 => {
                        crate::__private::de::slot(
                            &mut slots.expire_seconds,
                            "expire_seconds",
                            map,
                        )
                    }
                    2 => crate::__private::de::slot(&mut slots.url, "url", map),
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(CreateResponse {
                    ticket: crate::__private::de::required(slots.ticket, "ticket")?,
                    expire_seconds: slots.expire_seconds.unwrap_or_default(),
                    url: crate::__private::de::required(slots.url, "url")?,
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for CreateResponse {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// The `qrcode` endpoints: QR codes with parameters (带参数的二维码). Get it from the client's `qrcode()` accessor.
    #[derive(Clone, Copy, Debug)]
    pub struct QrcodeApi<'a> {
        client: &'a crate::Client,
    }
    impl<'a> QrcodeApi<'a> {
        /// The handle over a client; the client's accessor is the usual way to get one.
        pub fn new(client: &'a crate::Client) -> Self {
            Self { client }
        }
        /// Create a temporary or permanent QR code ticket (生成带参数的二维码)
        ///
        /// `POST /cgi-bin/qrcode/create` · credential: `access_token`
        ///
        /// Returns the call as a future: `.await` it.
        ///
        /// Official doc: <https://developers.weixin.qq.com/doc/service/api/qrcode/qrcodes/api_createqrcode>
        ///
        /// # Errors
        ///
        /// [`Error::Api`](crate::Error::Api) when WeChat answers a non-zero `errcode`; otherwise the
        /// transport, HTTP, decode and token errors of [`Error`](crate::Error).
        ///
        #[cfg_attr(not(doctest), doc = " # Example")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " ```no_run")]
        #[cfg_attr(
            not(doctest),
            doc = " # async fn example(app: &wechat::OfficialAccount) -> Result<(), wechat::Error> {"
        )]
        #[cfg_attr(not(doctest), doc = " use wechat::api::qrcode;")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " let req = qrcode::CreateRequest {")]
        #[cfg_attr(not(doctest), doc = "     expire_seconds: None,")]
        #[cfg_attr(
            not(doctest),
            doc = "     action_name: qrcode::QrActionName::QrScene,"
        )]
        #[cfg_attr(not(doctest), doc = "     action_info: qrcode::QrActionInfo {")]
        #[cfg_attr(not(doctest), doc = "         scene: qrcode::QrScene::default(),")]
        #[cfg_attr(not(doctest), doc = "     },")]
        #[cfg_attr(not(doctest), doc = " };")]
        #[cfg_attr(
            not(doctest),
            doc = " let answer: qrcode::CreateResponse = app.qrcode().create(&req).await?;"
        )]
        #[cfg_attr(not(doctest), doc = " # let _ = answer;")]
        #[cfg_attr(not(doctest), doc = " # Ok(())")]
        #[cfg_attr(not(doctest), doc = " # }")]
        #[cfg_attr(not(doctest), doc = " ```")]
        pub fn create<'r>(
            self,
            req: &'r CreateRequest,
        ) -> impl ::core::future::Future<
            Output = Result<CreateResponse, crate::Error>,
        > + use<'a, 'r> {
            static ENDPOINT: crate::__private::Endpoint = crate::__private::Endpoint {
                id: "qrcode.create",
                group: "qrcode",
                name: "create",
                method: crate::__private::HttpMethod::Post,
                path: "/cgi-bin/qrcode/create",
                credential: crate::__private::Credential::AccessToken,
            };
            crate::__private::call_json(self.client, &ENDPOINT, req)
        }
    }
}
