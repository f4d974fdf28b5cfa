// Generated from tests/snapshot-specs/media.toml
/// Uploads and downloads
///
/// Official doc: <https://developers.weixin.qq.com/doc/service/api/material/temporary/api_uploadtempmedia>
pub mod media {
    #[allow(unused_imports)]
    use ::wechat::__private::serde::Serialize;
    /// A video's title and introduction.
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct Description {
        pub title: String,
        pub introduction: String,
    }
    const _: () = {
        pub struct Slots {
            title: ::core::option::Option<String>,
            introduction: ::core::option::Option<String>,
        }
        impl ::wechat::__private::de::SpecStruct for Description {
            const NAME: &'static str = "Description";
            const FIELDS: &'static [&'static str] = &["title", "introduction"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    title: ::core::option::Option::None,
                    introduction: ::core::option::Option::None,
                }
            }
            fn read<'de, M: ::wechat::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => ::wechat::__private::de::slot(&mut slots.title, "title", map),
                    1 => {
                        ::wechat::__private::de::slot(
                            &mut slots.introduction,
                            "introduction",
                            map,
                        )
                    }
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: ::wechat::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(Description {
                    title: ::wechat::__private::de::required(slots.title, "title")?,
                    introduction: ::wechat::__private::de::required(
                        slots.introduction,
                        "introduction",
                    )?,
                })
            }
        }
        impl<'de> ::wechat::__private::serde::Deserialize<'de> for Description {
            fn deserialize<D: ::wechat::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                ::wechat::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// The request of `upload`: Upload a file with a description.
    #[derive(Clone, Debug, PartialEq, Serialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct UploadRequest {
        /// The kind of file.
        #[serde(skip_serializing)]
        pub r#type: String,
        /// The file.
        #[serde(skip)]
        pub media: ::wechat::media::UploadFile,
        /// An optional second file.
        #[serde(skip)]
        pub thumb: Option<::wechat::media::UploadFile>,
        /// Sent as a JSON text part.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub description: Option<Description>,
    }
    impl ::wechat::__private::ApiRequest for UploadRequest {
        fn write_query(&self, query: &mut ::wechat::__private::Query) {
            query.push("type", &self.r#type);
        }
        fn file_parts(&self) -> Vec<(&'static str, &::wechat::media::UploadFile)> {
            let mut parts = Vec::new();
            parts.push(("media", &self.media));
            if let Some(f) = &self.thumb {
                parts.push(("thumb", f));
            }
            parts
        }
    }
    /// The answer of `upload`: Upload a file with a description.
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct UploadResponse {
        pub media_id: String,
    }
    const _: () = {
        pub struct Slots {
            media_id: ::core::option::Option<String>,
        }
        impl ::wechat::__private::de::SpecStruct for UploadResponse {
            const NAME: &'static str = "UploadResponse";
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
                ::core::result::Result::Ok(UploadResponse {
                    media_id: ::wechat::__private::de::required(
                        slots.media_id,
                        "media_id",
                    )?,
                })
            }
        }
        impl<'de> ::wechat::__private::serde::Deserialize<'de> for UploadResponse {
            fn deserialize<D: ::wechat::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                ::wechat::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// The request of `upload_quietly`: Upload a file, answer errcode only.
    #[derive(Clone, Debug, PartialEq, Serialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct UploadQuietlyRequest {
        #[serde(skip)]
        pub media: ::wechat::media::UploadFile,
    }
    impl ::wechat::__private::ApiRequest for UploadQuietlyRequest {
        fn write_query(&self, _query: &mut ::wechat::__private::Query) {}
        fn file_parts(&self) -> Vec<(&'static str, &::wechat::media::UploadFile)> {
            let mut parts = Vec::new();
            parts.push(("media", &self.media));
            parts
        }
    }
    /// The request of `get`: Download a file, or a JSON answer for videos.
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct GetRequest {
        #[serde(skip_serializing)]
        pub media_id: String,
    }
    const _: () = {
        pub struct Slots {
            media_id: ::core::option::Option<String>,
        }
        impl ::wechat::__private::de::SpecStruct for GetRequest {
            const NAME: &'static str = "GetRequest";
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
                ::core::result::Result::Ok(GetRequest {
                    media_id: ::wechat::__private::de::required(
                        slots.media_id,
                        "media_id",
                    )?,
                })
            }
        }
        impl<'de> ::wechat::__private::serde::Deserialize<'de> for GetRequest {
            fn deserialize<D: ::wechat::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                ::wechat::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    impl ::wechat::__private::ApiRequest for GetRequest {
        fn write_query(&self, query: &mut ::wechat::__private::Query) {
            query.push("media_id", &self.media_id);
        }
    }
    /// The answer of `get`: Download a file, or a JSON answer for videos.
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct GetResponse {
        pub video_url: String,
    }
    const _: () = {
        pub struct Slots {
            video_url: ::core::option::Option<String>,
        }
        impl ::wechat::__private::de::SpecStruct for GetResponse {
            const NAME: &'static str = "GetResponse";
            const FIELDS: &'static [&'static str] = &["video_url"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    video_url: ::core::option::Option::None,
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
                            &mut slots.video_url,
                            "video_url",
                            map,
                        )
                    }
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: ::wechat::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(GetResponse {
                    video_url: ::wechat::__private::de::required(
                        slots.video_url,
                        "video_url",
                    )?,
                })
            }
        }
        impl<'de> ::wechat::__private::serde::Deserialize<'de> for GetResponse {
            fn deserialize<D: ::wechat::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                ::wechat::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// The request of `code`: An image, always.
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct CodeRequest {
        pub path: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub width: Option<u32>,
    }
    const _: () = {
        pub struct Slots {
            path: ::core::option::Option<String>,
            width: ::core::option::Option<Option<u32>>,
        }
        impl ::wechat::__private::de::SpecStruct for CodeRequest {
            const NAME: &'static str = "CodeRequest";
            const FIELDS: &'static [&'static str] = &["path", "width"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    path: ::core::option::Option::None,
                    width: ::core::option::Option::None,
                }
            }
            fn read<'de, M: ::wechat::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => ::wechat::__private::de::slot(&mut slots.path, "path", map),
                    1 => ::wechat::__private::de::slot(&mut slots.width, "width", map),
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: ::wechat::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(CodeRequest {
                    path: ::wechat::__private::de::required(slots.path, "path")?,
                    width: slots.width.unwrap_or_default(),
                })
            }
        }
        impl<'de> ::wechat::__private::serde::Deserialize<'de> for CodeRequest {
            fn deserialize<D: ::wechat::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                ::wechat::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    impl ::wechat::__private::ApiRequest for CodeRequest {
        fn write_query(&self, _query: &mut ::wechat::__private::Query) {}
    }
    /// The `media` endpoints: Uploads and downloads. Get it from the client's `media()` accessor.
    #[derive(Clone, Copy, Debug)]
    pub struct MediaApi<'a> {
        client: &'a ::wechat::Client,
    }
    impl<'a> MediaApi<'a> {
        /// The handle over a client; the client's accessor is the usual way to get one.
        pub fn new(client: &'a ::wechat::Client) -> Self {
            Self { client }
        }
        /// Upload a file with a description
        ///
        /// `POST /cgi-bin/material/add_material` · credential: `access_token`
        ///
        /// Returns the call as a future: `.await` it.
        ///
        /// Sent as `multipart/form-data`: each [`UploadFile`](::wechat::media::UploadFile) is a file part (a
        /// path is streamed, never read whole), the other body fields are text parts.
        ///
        /// Official doc: <https://developers.weixin.qq.com/doc/service/api/material/permanent/api_addmaterial>
        ///
        /// # Errors
        ///
        /// [`Error::Api`](::wechat::Error::Api) when WeChat answers a non-zero `errcode`; otherwise the
        /// transport, HTTP, decode and token errors of [`Error`](::wechat::Error).
        /// [`Error::File`](::wechat::Error::File) when a file to upload cannot be read.
        ///
        #[cfg_attr(not(doctest), doc = " # Example")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " ```no_run")]
        #[cfg_attr(
            not(doctest),
            doc = " # async fn example(app: &MyApp) -> Result<(), wechat::Error> {"
        )]
        #[cfg_attr(not(doctest), doc = " use my_app_api::media;")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " let req = media::UploadRequest {")]
        #[cfg_attr(not(doctest), doc = "     r#type: \"TYPE\".into(),")]
        #[cfg_attr(
            not(doctest),
            doc = "     media: wechat::media::UploadFile::path(\"media.jpg\"),"
        )]
        #[cfg_attr(not(doctest), doc = "     thumb: None,")]
        #[cfg_attr(not(doctest), doc = "     description: None,")]
        #[cfg_attr(not(doctest), doc = " };")]
        #[cfg_attr(
            not(doctest),
            doc = " let answer: media::UploadResponse = app.media().upload(&req).await?;"
        )]
        #[cfg_attr(not(doctest), doc = " # let _ = answer;")]
        #[cfg_attr(not(doctest), doc = " # Ok(())")]
        #[cfg_attr(not(doctest), doc = " # }")]
        #[cfg_attr(not(doctest), doc = " ```")]
        pub fn upload<'r>(
            self,
            req: &'r UploadRequest,
        ) -> impl ::core::future::Future<
            Output = Result<UploadResponse, ::wechat::Error>,
        > + use<'a, 'r> {
            static ENDPOINT: ::wechat::__private::Endpoint = ::wechat::__private::Endpoint {
                id: "media.upload",
                group: "media",
                name: "upload",
                method: ::wechat::__private::HttpMethod::Post,
                path: "/cgi-bin/material/add_material",
                credential: ::wechat::__private::Credential::AccessToken,
            };
            ::wechat::__private::call_multipart(self.client, &ENDPOINT, req)
        }
        /// Upload a file, answer errcode only
        ///
        /// `POST /cgi-bin/x/upload` · credential: `access_token`
        ///
        /// Returns the call as a future: `.await` it.
        ///
        /// Sent as `multipart/form-data`: each [`UploadFile`](::wechat::media::UploadFile) is a file part (a
        /// path is streamed, never read whole), the other body fields are text parts.
        ///
        /// Official doc: <https://developers.weixin.qq.com/x>
        ///
        /// # Errors
        ///
        /// [`Error::Api`](::wechat::Error::Api) when WeChat answers a non-zero `errcode`; otherwise the
        /// transport, HTTP, decode and token errors of [`Error`](::wechat::Error).
        /// [`Error::File`](::wechat::Error::File) when a file to upload cannot be read.
        ///
        #[cfg_attr(not(doctest), doc = " # Example")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " ```no_run")]
        #[cfg_attr(
            not(doctest),
            doc = " # async fn example(app: &MyApp) -> Result<(), wechat::Error> {"
        )]
        #[cfg_attr(not(doctest), doc = " use my_app_api::media;")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " let req = media::UploadQuietlyRequest {")]
        #[cfg_attr(
            not(doctest),
            doc = "     media: wechat::media::UploadFile::path(\"media.jpg\"),"
        )]
        #[cfg_attr(not(doctest), doc = " };")]
        #[cfg_attr(not(doctest), doc = " app.media().upload_quietly(&req).await?;")]
        #[cfg_attr(not(doctest), doc = " # Ok(())")]
        #[cfg_attr(not(doctest), doc = " # }")]
        #[cfg_attr(not(doctest), doc = " ```")]
        pub fn upload_quietly<'r>(
            self,
            req: &'r UploadQuietlyRequest,
        ) -> impl ::core::future::Future<
            Output = Result<(), ::wechat::Error>,
        > + use<'a, 'r> {
            static ENDPOINT: ::wechat::__private::Endpoint = ::wechat::__private::Endpoint {
                id: "media.upload_quietly",
                group: "media",
                name: "upload_quietly",
                method: ::wechat::__private::HttpMethod::Post,
                path: "/cgi-bin/x/upload",
                credential: ::wechat::__private::Credential::AccessToken,
            };
            ::wechat::__private::call_multipart_unit(self.client, &ENDPOINT, req)
        }
        /// Download a file, or a JSON answer for videos
        ///
        /// `GET /cgi-bin/media/get` · credential: `access_token`
        ///
        /// Returns the call as a future: `.await` it.
        ///
        /// Answers a file ([`FileOr::File`](::wechat::media::FileOr::File)) or a JSON document ([`FileOr::Json`](::wechat::media::FileOr::Json)).
        ///
        /// Official doc: <https://developers.weixin.qq.com/doc/service/Asset_Management/Get_temporary_materials.html>
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
        #[cfg_attr(not(doctest), doc = " use my_app_api::media;")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " let req = media::GetRequest {")]
        #[cfg_attr(not(doctest), doc = "     media_id: \"MEDIA_ID\".into(),")]
        #[cfg_attr(not(doctest), doc = " };")]
        #[cfg_attr(
            not(doctest),
            doc = " let answer: wechat::media::FileOr<media::GetResponse> = app.media().get(&req).await?;"
        )]
        #[cfg_attr(not(doctest), doc = " # let _ = answer;")]
        #[cfg_attr(not(doctest), doc = " # Ok(())")]
        #[cfg_attr(not(doctest), doc = " # }")]
        #[cfg_attr(not(doctest), doc = " ```")]
        pub fn get<'r>(
            self,
            req: &'r GetRequest,
        ) -> impl ::core::future::Future<
            Output = Result<::wechat::media::FileOr<GetResponse>, ::wechat::Error>,
        > + use<'a, 'r> {
            static ENDPOINT: ::wechat::__private::Endpoint = ::wechat::__private::Endpoint {
                id: "media.get",
                group: "media",
                name: "get",
                method: ::wechat::__private::HttpMethod::Get,
                path: "/cgi-bin/media/get",
                credential: ::wechat::__private::Credential::AccessToken,
            };
            ::wechat::__private::call_binary_or_json(self.client, &ENDPOINT, req)
        }
        /// An image, always
        ///
        /// `POST /wxa/getwxacode` · credential: `access_token`
        ///
        /// Returns the call as a future: `.await` it.
        ///
        /// Answers a file: its bytes and content type as a [`MediaFile`](::wechat::media::MediaFile).
        ///
        /// Official doc: <https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/qrcode-link/qr-code/getQRCode.html>
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
        #[cfg_attr(not(doctest), doc = " use my_app_api::media;")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " let req = media::CodeRequest {")]
        #[cfg_attr(not(doctest), doc = "     path: \"PATH\".into(),")]
        #[cfg_attr(not(doctest), doc = "     ..Default::default()")]
        #[cfg_attr(not(doctest), doc = " };")]
        #[cfg_attr(
            not(doctest),
            doc = " let answer: wechat::media::MediaFile = app.media().code(&req).await?;"
        )]
        #[cfg_attr(not(doctest), doc = " # let _ = answer;")]
        #[cfg_attr(not(doctest), doc = " # Ok(())")]
        #[cfg_attr(not(doctest), doc = " # }")]
        #[cfg_attr(not(doctest), doc = " ```")]
        pub fn code<'r>(
            self,
            req: &'r CodeRequest,
        ) -> impl ::core::future::Future<
            Output = Result<::wechat::media::MediaFile, ::wechat::Error>,
        > + use<'a, 'r> {
            static ENDPOINT: ::wechat::__private::Endpoint = ::wechat::__private::Endpoint {
                id: "media.code",
                group: "media",
                name: "code",
                method: ::wechat::__private::HttpMethod::Post,
                path: "/wxa/getwxacode",
                credential: ::wechat::__private::Credential::AccessToken,
            };
            ::wechat::__private::call_binary(self.client, &ENDPOINT, req)
        }
    }
}
