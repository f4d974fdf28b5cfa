// Generated from tests/snapshot-specs/material.toml
/// Permanent materials
///
/// Official doc: <https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html>
pub mod material {
    #[allow(unused_imports)]
    use ::wechat::__private::serde::Serialize;
    ::wechat::__private::string_enum! {
        #[doc = " The kind of a permanent material."] pub enum MaterialType { Image =>
        "image", Video => "video", Voice => "voice", News => "news" }
    }
    /// A page of permanent materials.
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct MaterialList {
        pub total_count: u32,
        pub item_count: u32,
        /// The materials of this page.
        pub item: Vec<MaterialItem>,
    }
    const _: () = {
        pub struct Slots {
            total_count: ::core::option::Option<u32>,
            item_count: ::core::option::Option<u32>,
            item: ::core::option::Option<Vec<MaterialItem>>,
        }
        impl ::wechat::__private::de::SpecStruct for MaterialList {
            const NAME: &'static str = "MaterialList";
            const FIELDS: &'static [&'static str] = &[
                "total_count",
                "item_count",
                "item",
            ];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    total_count: ::core::option::Option::None,
                    item_count: ::core::option::Option::None,
                    item: ::core::option::Option::None,
                }
            }
            fn read<'de, M: ::wechat::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => {
                        ::wechat::__private::de::slot(
                            &mut slots.total_count,
                            "total_count",
                            map,
                        )
                    }
                    1 => {
                        ::wechat::__private::de::slot(
                            &mut slots.item_count,
                            "item_count",
                            map,
                        )
                    }
                    2 => ::wechat::__private::de::slot(&mut slots.item, "item", map),
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: ::wechat::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(MaterialList {
                    total_count: ::wechat::__private::de::required(
                        slots.total_count,
                        "total_count",
                    )?,
                    item_count: ::wechat::__private::de::required(
                        slots.item_count,
                        "item_count",
                    )?,
                    item: ::wechat::__private::de::required(slots.item, "item")?,
                })
            }
        }
        impl<'de> ::wechat::__private::serde::Deserialize<'de> for MaterialList {
            fn deserialize<D: ::wechat::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                ::wechat::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// One material.
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct MaterialItem {
        pub media_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Unix time in seconds.
        pub update_time: i64,
    }
    const _: () = {
        pub struct Slots {
            media_id: ::core::option::Option<String>,
            name: ::core::option::Option<Option<String>>,
            update_time: ::core::option::Option<i64>,
        }
        impl ::wechat::__private::de::SpecStruct for MaterialItem {
            const NAME: &'static str = "MaterialItem";
            const FIELDS: &'static [&'static str] = &["media_id", "name", "update_time"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    media_id: ::core::option::Option::None,
                    name: ::core::option::Option::None,
                    update_time: ::core::option::Option::None,
                }
            }
            fn read<'de, M: ::wechat::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => {
                        ::wechat::__private::de::slot(
                            &mut slots.media_id,
                            "media_id",
                            map,
                        )
                    }
                    1 => ::wechat::__private::de::slot(&mut slots.name, "name", map),
                    2 => {
                        ::wechat::__private::de::slot(
                            &mut slots.update_time,
                            "update_time",
                            map,
                        )
                    }
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: ::wechat::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(MaterialItem {
                    media_id: ::wechat::__private::de::required(
                        slots.media_id,
                        "media_id",
                    )?,
                    name: slots.name.unwrap_or_default(),
                    update_time: ::wechat::__private::de::required(
                        slots.update_time,
                        "update_time",
                    )?,
                })
            }
        }
        impl<'de> ::wechat::__private::serde::Deserialize<'de> for MaterialItem {
            fn deserialize<D: ::wechat::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                ::wechat::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// The request of `batchget`: Get the list of permanent materials.
    #[derive(Clone, Debug, PartialEq, Serialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct BatchgetRequest {
        pub r#type: MaterialType,
        pub offset: u32,
        pub count: u32,
    }
    const _: () = {
        pub struct Slots {
            r#type: ::core::option::Option<MaterialType>,
            offset: ::core::option::Option<u32>,
            count: ::core::option::Option<u32>,
        }
        impl ::wechat::__private::de::SpecStruct for BatchgetRequest {
            const NAME: &'static str = "BatchgetRequest";
            const FIELDS: &'static [&'static str] = &["type", "offset", "count"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    r#type: ::core::option::Option::None,
                    offset: ::core::option::Option::None,
                    count: ::core::option::Option::None,
                }
            }
            fn read<'de, M: ::wechat::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => ::wechat::__private::de::slot(&mut slots.r#type, "type", map),
                    1 => ::wechat::__private::de::slot(&mut slots.offset, "offset", map),
                    2 => ::wechat::__private::de::slot(&mut slots.count, "count", map),
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: ::wechat::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(BatchgetRequest {
                    r#type: ::wechat::__private::de::required(slots.r#type, "type")?,
                    offset: ::wechat::__private::de::required(slots.offset, "offset")?,
                    count: ::wechat::__private::de::required(slots.count, "count")?,
                })
            }
        }
        impl<'de> ::wechat::__private::serde::Deserialize<'de> for BatchgetRequest {
            fn deserialize<D: ::wechat::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                ::wechat::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    impl ::wechat::__private::ApiRequest for BatchgetRequest {
        fn write_query(&self, _query: &mut ::wechat::__private::Query) {}
    }
    /// The answer of `get_materialcount`: Get the number of permanent materials.
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct GetMaterialcountResponse {
        pub voice_count: u32,
        pub video_count: u32,
        pub image_count: u32,
        pub news_count: u32,
    }
    const _: () = {
        pub struct Slots {
            voice_count: ::core::option::Option<u32>,
            video_count: ::core::option::Option<u32>,
            image_count: ::core::option::Option<u32>,
            news_count: ::core::option::Option<u32>,
        }
        impl ::wechat::__private::de::SpecStruct for GetMaterialcountResponse {
            const NAME: &'static str = "GetMaterialcountResponse";
            const FIELDS: &'static [&'static str] = &[
                "voice_count",
                "video_count",
                "image_count",
                "news_count",
            ];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    voice_count: ::core::option::Option::None,
                    video_count: ::core::option::Option::None,
                    image_count: ::core::option::Option::None,
                    news_count: ::core::option::Option::None,
                }
            }
            fn read<'de, M: ::wechat::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => {
                        ::wechat::__private::de::slot(
                            &mut slots.voice_count,
                            "voice_count",
                            map,
                        )
                    }
                    1 => {
                        ::wechat::__private::de::slot(
                            &mut slots.video_count,
                            "video_count",
                            map,
                        )
                    }
                    2 => {
                        ::wechat::__private::de::slot(
                            &mut slots.image_count,
                            "image_count",
                            map,
                        )
                    }
                    3 => {
                        ::wechat::__private::de::slot(
                            &mut slots.news_count,
                            "news_count",
                            map,
                        )
                    }
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: ::wechat::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(GetMaterialcountResponse {
                    voice_count: ::wechat::__private::de::required(
                        slots.voice_count,
                        "voice_count",
                    )?,
                    video_count: ::wechat::__private::de::required(
                        slots.video_count,
                        "video_count",
                    )?,
                    image_count: ::wechat::__private::de::required(
                        slots.image_count,
                        "image_count",
                    )?,
                    news_count: ::wechat::__private::de::required(
                        slots.news_count,
                        "news_count",
                    )?,
                })
            }
        }
        impl<'de> ::wechat::__private::serde::Deserialize<'de>
        for GetMaterialcountResponse {
            fn deserialize<D: ::wechat::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                ::wechat::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// The request of `del_material`: Delete a permanent material.
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct DelMaterialRequest {
        pub media_id: String,
    }
    const _: () = {
        pub struct Slots {
            media_id: ::core::option::Option<String>,
        }
        impl ::wechat::__private::de::SpecStruct for DelMaterialRequest {
            const NAME: &'static str = "DelMaterialRequest";
            const FIELDS: &'static [&'static str] = &["media_id"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    media_id: ::core::option::Option::None,
                }
            }
            fn read<'de, M: ::wechat::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => {
                        ::wechat::__private::de::slot(
                            &mut slots.media_id,
                            "media_id",
                            map,
                        )
                    }
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: ::wechat::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(DelMaterialRequest {
                    media_id: ::wechat::__private::de::required(
                        slots.media_id,
                        "media_id",
                    )?,
                })
            }
        }
        impl<'de> ::wechat::__private::serde::Deserialize<'de> for DelMaterialRequest {
            fn deserialize<D: ::wechat::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                ::wechat::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    impl ::wechat::__private::ApiRequest for DelMaterialRequest {
        fn write_query(&self, _query: &mut ::wechat::__private::Query) {}
    }
    /// The `material` endpoints: Permanent materials. Get it from the client's `material()` accessor.
    #[derive(Clone, Copy, Debug)]
    pub struct MaterialApi<'a> {
        client: &'a ::wechat::Client,
    }
    impl<'a> MaterialApi<'a> {
        /// The handle over a client; the client's accessor is the usual way to get one.
        pub fn new(client: &'a ::wechat::Client) -> Self {
            Self { client }
        }
        /// Get the list of permanent materials
        ///
        /// `POST /cgi-bin/material/batchget_material` · credential: `access_token`
        ///
        /// Returns the call as a future: `.await` it.
        ///
        /// Official doc: <https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_materials_list.html>
        ///
        /// # Errors
        ///
        /// [`Error::Api`](::wechat::Error::Api) when WeChat answers a non-zero `errcode`; otherwise the
        /// transport, HTTP, decode and token errors of [`Error`](::wechat::Error).
        ///
        #[cfg_attr(not(doctest), doc = " # Example")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " ```no_run")]
        #[cfg_attr(
            not(doctest),
            doc = " # async fn example(app: &MyApp) -> Result<(), wechat::Error> {"
        )]
        #[cfg_attr(not(doctest), doc = " use my_app_api::material;")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " let req = material::BatchgetRequest {")]
        #[cfg_attr(not(doctest), doc = "     r#type: material::MaterialType::Image,")]
        #[cfg_attr(not(doctest), doc = "     offset: 0,")]
        #[cfg_attr(not(doctest), doc = "     count: 0,")]
        #[cfg_attr(not(doctest), doc = " };")]
        #[cfg_attr(
            not(doctest),
            doc = " let answer: material::MaterialList = app.material().batchget(&req).await?;"
        )]
        #[cfg_attr(not(doctest), doc = " # let _ = answer;")]
        #[cfg_attr(not(doctest), doc = " # Ok(())")]
        #[cfg_attr(not(doctest), doc = " # }")]
        #[cfg_attr(not(doctest), doc = " ```")]
        pub fn batchget<'r>(
            self,
            req: &'r BatchgetRequest,
        ) -> impl ::core::future::Future<
            Output = Result<MaterialList, ::wechat::Error>,
        > + use<'a, 'r> {
            static ENDPOINT: ::wechat::__private::Endpoint = ::wechat::__private::Endpoint {
                id: "material.batchget",
                group: "material",
                name: "batchget",
                method: ::wechat::__private::HttpMethod::Post,
                path: "/cgi-bin/material/batchget_material",
                credential: ::wechat::__private::Credential::AccessToken,
            };
            ::wechat::__private::call_json(self.client, &ENDPOINT, req)
        }
        /// Get the number of permanent materials
        ///
        /// `GET /cgi-bin/material/get_materialcount` · credential: `access_token`
        ///
        /// Returns the call as a future: `.await` it.
        ///
        /// Official doc: <https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_the_total_of_all_materials.html>
        ///
        /// # Errors
        ///
        /// [`Error::Api`](::wechat::Error::Api) when WeChat answers a non-zero `errcode`; otherwise the
        /// transport, HTTP, decode and token errors of [`Error`](::wechat::Error).
        ///
        #[cfg_attr(not(doctest), doc = " # Example")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " ```no_run")]
        #[cfg_attr(
            not(doctest),
            doc = " # async fn example(app: &MyApp) -> Result<(), wechat::Error> {"
        )]
        #[cfg_attr(not(doctest), doc = " use my_app_api::material;")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(
            not(doctest),
            doc = " let answer: material::GetMaterialcountResponse = app.material().get_materialcount().await?;"
        )]
        #[cfg_attr(not(doctest), doc = " # let _ = answer;")]
        #[cfg_attr(not(doctest), doc = " # Ok(())")]
        #[cfg_attr(not(doctest), doc = " # }")]
        #[cfg_attr(not(doctest), doc = " ```")]
        pub fn get_materialcount(
            self,
        ) -> impl ::core::future::Future<
            Output = Result<GetMaterialcountResponse, ::wechat::Error>,
        > + use<'a> {
            static ENDPOINT: ::wechat::__private::Endpoint = ::wechat::__private::Endpoint {
                id: "material.get_materialcount",
                group: "material",
                name: "get_materialcount",
                method: ::wechat::__private::HttpMethod::Get,
                path: "/cgi-bin/material/get_materialcount",
                credential: ::wechat::__private::Credential::AccessToken,
            };
            ::wechat::__private::call_json(
                self.client,
                &ENDPOINT,
                &::wechat::__private::NoRequest {},
            )
        }
        /// Delete a permanent material
        ///
        /// `POST /cgi-bin/material/del_material` · credential: `access_token`
        ///
        /// Returns the call as a future: `.await` it.
        ///
        /// Official doc: <https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Deleting_Permanent_Assets.html>
        ///
        /// # Errors
        ///
        /// [`Error::Api`](::wechat::Error::Api) when WeChat answers a non-zero `errcode`; otherwise the
        /// transport, HTTP, decode and token errors of [`Error`](::wechat::Error).
        ///
        #[cfg_attr(not(doctest), doc = " # Example")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " ```no_run")]
        #[cfg_attr(
            not(doctest),
            doc = " # async fn example(app: &MyApp) -> Result<(), wechat::Error> {"
        )]
        #[cfg_attr(not(doctest), doc = " use my_app_api::material;")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " let req = material::DelMaterialRequest {")]
        #[cfg_attr(not(doctest), doc = "     media_id: \"MEDIA_ID\".into(),")]
        #[cfg_attr(not(doctest), doc = " };")]
        #[cfg_attr(not(doctest), doc = " app.material().del_material(&req).await?;")]
        #[cfg_attr(not(doctest), doc = " # Ok(())")]
        #[cfg_attr(not(doctest), doc = " # }")]
        #[cfg_attr(not(doctest), doc = " ```")]
        pub fn del_material<'r>(
            self,
            req: &'r DelMaterialRequest,
        ) -> impl ::core::future::Future<
            Output = Result<(), ::wechat::Error>,
        > + use<'a, 'r> {
            static ENDPOINT: ::wechat::__private::Endpoint = ::wechat::__private::Endpoint {
                id: "material.del_material",
                group: "material",
                name: "del_material",
                method: ::wechat::__private::HttpMethod::Post,
                path: "/cgi-bin/material/del_material",
                credential: ::wechat::__private::Credential::AccessToken,
            };
            ::wechat::__private::call_unit(self.client, &ENDPOINT, req)
        }
    }
}
