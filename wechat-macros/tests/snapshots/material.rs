// Generated from tests/snapshot-specs/material.toml
/// Permanent materials
///
/// Official doc: <https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html>
pub mod material {
    #[allow(unused_imports)]
    use ::wechat::__private::serde::{Deserialize, Serialize};
    ::wechat::__private::string_enum! {
        #[doc = " The kind of a permanent material."] pub enum MaterialType { Image =>
        "image", Video => "video", Voice => "voice", News => "news" }
    }
    /// A page of permanent materials.
    #[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct MaterialList {
        pub total_count: u32,
        pub item_count: u32,
        /// The materials of this page.
        pub item: Vec<MaterialItem>,
    }
    /// One material.
    #[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct MaterialItem {
        pub media_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Unix time in seconds.
        pub update_time: i64,
    }
    /// The request of `batchget`: Get the list of permanent materials.
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct BatchgetRequest {
        pub r#type: MaterialType,
        pub offset: u32,
        pub count: u32,
    }
    impl ::wechat::__private::ApiRequest for BatchgetRequest {
        fn write_query(&self, _query: &mut ::wechat::__private::Query) {}
    }
    /// The answer of `get_materialcount`: Get the number of permanent materials.
    #[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct GetMaterialcountResponse {
        pub voice_count: u32,
        pub video_count: u32,
        pub image_count: u32,
        pub news_count: u32,
    }
    /// The request of `del_material`: Delete a permanent material.
    #[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
    #[serde(crate = "::wechat::__private::serde")]
    pub struct DelMaterialRequest {
        pub media_id: String,
    }
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
