// Generated (built-in mode) from api-specs/official_account/menu.toml
/// Custom menus and conditional menus (自定义菜单)
///
/// Official doc: <https://developers.weixin.qq.com/doc/service/api/custommenu/api_createcustommenu>
pub mod menu {
    #[allow(unused_imports)]
    use crate::__private::serde::Serialize;
    #[allow(unused_imports)]
    use super::types::*;
    /// A menu: its first-level buttons.
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "crate::__private::serde")]
    pub struct Menu {
        /// First-level buttons, 1 to 3.
        pub button: Vec<Button>,
    }
    const _: () = {
        pub struct Slots {
            button: ::core::option::Option<Vec<Button>>,
        }
        impl crate::__private::de::SpecStruct for Menu {
            const NAME: &'static str = "Menu";
            const FIELDS: &'static [&'static str] = &["button"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    button: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.button, "button", map),
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(Menu {
                    button: crate::__private::de::required(slots.button, "button")?,
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for Menu {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    impl crate::__private::ApiRequest for Menu {
        fn write_query(&self, _query: &mut crate::__private::Query) {}
    }
    /// A menu button. A first-level button either acts (`type`) or opens a sub-menu (`sub_button`, 1 to 5 buttons).
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "crate::__private::serde")]
    pub struct Button {
        /// What the button does; absent on a button that only opens a sub-menu.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub r#type: Option<ButtonType>,
        /// Title: at most 16 bytes, 60 bytes in a sub-menu.
        pub name: String,
        /// Key pushed back in the click event, at most 128 bytes; required for `click` and the other event types.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub key: Option<String>,
        /// Web page link, at most 1024 bytes; required for `view` and `miniprogram` (old clients that cannot open mini programs open this URL).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub url: Option<String>,
        /// Permanent material ID; required for `media_id` and `view_limited`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub media_id: Option<String>,
        /// Mini program AppID (verified accounts only); required for `miniprogram`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub appid: Option<String>,
        /// Mini program page path; required for `miniprogram`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub pagepath: Option<String>,
        /// Published article ID; required for `article_id` and `article_view_limited`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub article_id: Option<String>,
        /// The sub-menu's buttons, 1 to 5; `get` answers an empty list on buttons without one.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub sub_button: Option<Vec<Button>>,
    }
    const _: () = {
        pub struct Slots {
            r#type: ::core::option::Option<Option<ButtonType>>,
            name: ::core::option::Option<String>,
            key: ::core::option::Option<Option<String>>,
            url: ::core::option::Option<Option<String>>,
            media_id: ::core::option::Option<Option<String>>,
            appid: ::core::option::Option<Option<String>>,
            pagepath: ::core::option::Option<Option<String>>,
            article_id: ::core::option::Option<Option<String>>,
            sub_button: ::core::option::Option<Option<Vec<Button>>>,
        }
        impl crate::__private::de::SpecStruct for Button {
            const NAME: &'static str = "Button";
            const FIELDS: &'static [&'static str] = &[
                "type",
                "name",
                "key",
                "url",
                "media_id",
                "appid",
                "pagepath",
                "article_id",
                "sub_button",
            ];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    r#type: ::core::option::Option::None,
                    name: ::core::option::Option::None,
                    key: ::core::option::Option::None,
                    url: ::core::option::Option::None,
                    media_id: ::core::option::Option::None,
                    appid: ::core::option::Option::None,
                    pagepath: ::core::option::Option::None,
                    article_id: ::core::option::Option::None,
                    sub_button: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.r#type, "type", map),
                    1 => crate::__private::de::slot(&mut slots.name, "name", map),
                    2 => crate::__private::de::slot(&mut slots.key, "key", map),
                    3 => crate::__private::de::slot(&mut slots.url, "url", map),
                    4 => crate::__private::de::slot(&mut slots.media_id, "media_id", map),
                    5 => crate::__private::de::slot(&mut slots.appid, "appid", map),
                    6 => crate::__private::de::slot(&mut slots.pagepath, "pagepath", map),
                    7 => {
                        crate::__private::de::slot(
                            &mut slots.article_id,
                            "article_id",
                            map,
                        )
                    }
                    8 => {
                        crate::__private::de::slot(
                            &mut slots.sub_button,
                            "sub_button",
                            map,
                        )
                    }
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(Button {
                    r#type: slots.r#type.unwrap_or_default(),
                    name: crate::__private::de::required(slots.name, "name")?,
                    key: slots.key.unwrap_or_default(),
                    url: slots.url.unwrap_or_default(),
                    media_id: slots.media_id.unwrap_or_default(),
                    appid: slots.appid.unwrap_or_default(),
                    pagepath: slots.pagepath.unwrap_or_default(),
                    article_id: slots.article_id.unwrap_or_default(),
                    sub_button: slots.sub_button.unwrap_or_default(),
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for Button {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    crate::__private::string_enum! {
        #[doc = " What a menu button does when tapped."] pub enum ButtonType { Click =>
        "click", View => "view", ScancodePush => "scancode_push", ScancodeWaitmsg =>
        "scancode_waitmsg", PicSysphoto => "pic_sysphoto", PicPhotoOrAlbum =>
        "pic_photo_or_album", PicWeixin => "pic_weixin", LocationSelect =>
        "location_select", MediaId => "media_id", ViewLimited => "view_limited",
        ArticleId => "article_id", ArticleViewLimited => "article_view_limited",
        Miniprogram => "miniprogram" }
    }
    /// A conditional menu to create: its buttons and who sees it.
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "crate::__private::serde")]
    pub struct ConditionalMenu {
        /// First-level buttons, 1 to 3.
        pub button: Vec<Button>,
        /// Who sees the menu; at least one field must be set.
        pub matchrule: MatchRule,
    }
    #[cfg(feature = "serde-both-ways")]
    const _: () = {
        pub struct Slots {
            button: ::core::option::Option<Vec<Button>>,
            matchrule: ::core::option::Option<MatchRule>,
        }
        impl crate::__private::de::SpecStruct for ConditionalMenu {
            const NAME: &'static str = "ConditionalMenu";
            const FIELDS: &'static [&'static str] = &["button", "matchrule"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    button: ::core::option::Option::None,
                    matchrule: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.button, "button", map),
                    1 => {
                        crate::__private::de::slot(
                            &mut slots.matchrule,
                            "matchrule",
                            map,
                        )
                    }
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(ConditionalMenu {
                    button: crate::__private::de::required(slots.button, "button")?,
                    matchrule: crate::__private::de::required(
                        slots.matchrule,
                        "matchrule",
                    )?,
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for ConditionalMenu {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    impl crate::__private::ApiRequest for ConditionalMenu {
        fn write_query(&self, _query: &mut crate::__private::Query) {}
    }
    /// Who sees a conditional menu. Sex, region and language rules are no longer accepted for privacy (errcode 65320); use `tag_id`.
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "crate::__private::serde")]
    pub struct MatchRule {
        /// User tag ID; when a user has several tags, the last one set is matched.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub tag_id: Option<String>,
        /// Client OS: "1" iOS, "2" Android, "3" others.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub client_platform_type: Option<String>,
        /// Deprecated: "1" male, "2" female.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub sex: Option<String>,
        /// Deprecated: country set by the user in WeChat.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub country: Option<String>,
        /// Deprecated: province set by the user in WeChat.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub province: Option<String>,
        /// Deprecated: city set by the user in WeChat.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub city: Option<String>,
        /// Deprecated: the user's WeChat language, e.g. `zh_CN`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub language: Option<String>,
    }
    #[cfg(feature = "serde-both-ways")]
    const _: () = {
        pub struct Slots {
            tag_id: ::core::option::Option<Option<String>>,
            client_platform_type: ::core::option::Option<Option<String>>,
            sex: ::core::option::Option<Option<String>>,
            country: ::core::option::Option<Option<String>>,
            province: ::core::option::Option<Option<String>>,
            city: ::core::option::Option<Option<String>>,
            language: ::core::option::Option<Option<String>>,
        }
        impl crate::__private::de::SpecStruct for MatchRule {
            const NAME: &'static str = "MatchRule";
            const FIELDS: &'static [&'static str] = &[
                "tag_id",
                "client_platform_type",
                "sex",
                "country",
                "province",
                "city",
                "language",
            ];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    tag_id: ::core::option::Option::None,
                    client_platform_type: ::core::option::Option::None,
                    sex: ::core::option::Option::None,
                    country: ::core::option::Option::None,
                    province: ::core::option::Option::None,
                    city: ::core::option::Option::None,
                    language: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.tag_id, "tag_id", map),
                    1 => {
                        crate::__private::de::slot(
                            &mut slots.client_platform_type,
                            "client_platform_type",
                            map,
                        )
                    }
                    2 => crate::__private::de::slot(&mut slots.sex, "sex", map),
                    3 => crate::__private::de::slot(&mut slots.country, "country", map),
                    4 => crate::__private::de::slot(&mut slots.province, "province", map),
                    5 => crate::__private::de::slot(&mut slots.city, "city", map),
                    6 => crate::__private::de::slot(&mut slots.language, "language", map),
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(MatchRule {
                    tag_id: slots.tag_id.unwrap_or_default(),
                    client_platform_type: slots.client_platform_type.unwrap_or_default(),
                    sex: slots.sex.unwrap_or_default(),
                    country: slots.country.unwrap_or_default(),
                    province: slots.province.unwrap_or_default(),
                    city: slots.city.unwrap_or_default(),
                    language: slots.language.unwrap_or_default(),
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for MatchRule {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// The default menu as `get` returns it.
    #[derive(Clone, Debug, PartialEq, Default)]
    #[cfg_attr(feature = "serde-both-ways", derive(Serialize))]
    #[cfg_attr(feature = "serde-both-ways", serde(crate = "crate::__private::serde"))]
    pub struct MenuInfo {
        /// First-level buttons.
        pub button: Vec<Button>,
        /// Menu ID; present once conditional menus exist.
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub menuid: Option<i64>,
    }
    const _: () = {
        pub struct Slots {
            button: ::core::option::Option<Vec<Button>>,
            menuid: ::core::option::Option<Option<i64>>,
        }
        impl crate::__private::de::SpecStruct for MenuInfo {
            const NAME: &'static str = "MenuInfo";
            const FIELDS: &'static [&'static str] = &["button", "menuid"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    button: ::core::option::Option::None,
                    menuid: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.button, "button", map),
                    1 => crate::__private::de::slot(&mut slots.menuid, "menuid", map),
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(MenuInfo {
                    button: crate::__private::de::required(slots.button, "button")?,
                    menuid: slots.menuid.unwrap_or_default(),
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for MenuInfo {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// A conditional menu as `get` returns it.
    #[derive(Clone, Debug, PartialEq, Default)]
    #[cfg_attr(feature = "serde-both-ways", derive(Serialize))]
    #[cfg_attr(feature = "serde-both-ways", serde(crate = "crate::__private::serde"))]
    pub struct ConditionalMenuInfo {
        /// First-level buttons.
        pub button: Vec<Button>,
        /// The match rule, with the fields of `MatchRule`; values may come as strings or numbers.
        pub matchrule: crate::__private::serde_json::Value,
        /// Conditional menu ID.
        pub menuid: i64,
    }
    const _: () = {
        pub struct Slots {
            button: ::core::option::Option<Vec<Button>>,
            matchrule: ::core::option::Option<crate::__private::serde_json::Value>,
            menuid: ::core::option::Option<i64>,
        }
        impl crate::__private::de::SpecStruct for ConditionalMenuInfo {
            const NAME: &'static str = "ConditionalMenuInfo";
            const FIELDS: &'static [&'static str] = &["button", "matchrule", "menuid"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    button: ::core::option::Option::None,
                    matchrule: ::core::option::Option::None,
                    menuid: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.button, "button", map),
                    1 => {
                        crate::__private::de::slot(
                            &mut slots.matchrule,
                            "matchrule",
                            map,
                        )
                    }
                    2 => crate::__private::de::slot(&mut slots.menuid, "menuid", map),
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(ConditionalMenuInfo {
                    button: crate::__private::de::required(slots.button, "button")?,
                    matchrule: crate::__private::de::required(
                        slots.matchrule,
                        "matchrule",
                    )?,
                    menuid: crate::__private::de::required(slots.menuid, "menuid")?,
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for ConditionalMenuInfo {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// The menu in use, as `get_current_selfmenu_info` returns it.
    #[derive(Clone, Debug, PartialEq, Default)]
    #[cfg_attr(feature = "serde-both-ways", derive(Serialize))]
    #[cfg_attr(feature = "serde-both-ways", serde(crate = "crate::__private::serde"))]
    pub struct SelfMenuInfo {
        /// First-level buttons.
        pub button: Vec<SelfMenuButton>,
    }
    const _: () = {
        pub struct Slots {
            button: ::core::option::Option<Vec<SelfMenuButton>>,
        }
        impl crate::__private::de::SpecStruct for SelfMenuInfo {
            const NAME: &'static str = "SelfMenuInfo";
            const FIELDS: &'static [&'static str] = &["button"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    button: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.button, "button", map),
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(SelfMenuInfo {
                    button: crate::__private::de::required(slots.button, "button")?,
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for SelfMenuInfo {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// A button of the menu in use. Buttons set on the platform website carry `value` or `news_info`; buttons set through the API carry `key` or `url`.
    #[derive(Clone, Debug, PartialEq, Default)]
    #[cfg_attr(feature = "serde-both-ways", derive(Serialize))]
    #[cfg_attr(feature = "serde-both-ways", serde(crate = "crate::__private::serde"))]
    pub struct SelfMenuButton {
        /// What the button does; absent on a button that only opens a sub-menu.
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub r#type: Option<SelfMenuButtonType>,
        /// Title.
        pub name: String,
        /// API menus: the key of event buttons.
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub key: Option<String>,
        /// The link of `view` buttons.
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub url: Option<String>,
        /// Website menus: the text (`text`), media ID (`img`, `voice`, `news`) or video download link (`video`).
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub value: Option<String>,
        /// `miniprogram` buttons: the mini program AppID.
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub appid: Option<String>,
        /// `miniprogram` buttons: the page path.
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub pagepath: Option<String>,
        /// Website menus: the articles of a `news` button.
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub news_info: Option<SelfMenuNews>,
        /// The sub-menu, if any.
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub sub_button: Option<SelfMenuSubButtons>,
    }
    const _: () = {
        pub struct Slots {
            r#type: ::core::option::Option<Option<SelfMenuButtonType>>,
            name: ::core::option::Option<String>,
            key: ::core::option::Option<Option<String>>,
            url: ::core::option::Option<Option<String>>,
            value: ::core::option::Option<Option<String>>,
            appid: ::core::option::Option<Option<String>>,
            pagepath: ::core::option::Option<Option<String>>,
            news_info: ::core::option::Option<Option<SelfMenuNews>>,
            sub_button: ::core::option::Option<Option<SelfMenuSubButtons>>,
        }
        impl crate::__private::de::SpecStruct for SelfMenuButton {
            const NAME: &'static str = "SelfMenuButton";
            const FIELDS: &'static [&'static str] = &[
                "type",
                "name",
                "key",
                "url",
                "value",
                "appid",
                "pagepath",
                "news_info",
                "sub_button",
            ];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    r#type: ::core::option::Option::None,
                    name: ::core::option::Option::None,
                    key: ::core::option::Option::None,
                    url: ::core::option::Option::None,
                    value: ::core::option::Option::None,
                    appid: ::core::option::Option::None,
                    pagepath: ::core::option::Option::None,
                    news_info: ::core::option::Option::None,
                    sub_button: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.r#type, "type", map),
                    1 => crate::__private::de::slot(&mut slots.name, "name", map),
                    2 => crate::__private::de::slot(&mut slots.key, "key", map),
                    3 => crate::__private::de::slot(&mut slots.url, "url", map),
                    4 => crate::__private::de::slot(&mut slots.value, "value", map),
                    5 => crate::__private::de::slot(&mut slots.appid, "appid", map),
                    6 => crate::__private::de::slot(&mut slots.pagepath, "pagepath", map),
                    7 => {
                        crate::__private::de::slot(
                            &mut slots.news_info,
                            "news_info",
                            map,
                        )
                    }
                    8 => {
                        crate::__private::de::slot(
                            &mut slots.sub_button,
                            "sub_button",
                            map,
                        )
                    }
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(SelfMenuButton {
                    r#type: slots.r#type.unwrap_or_default(),
                    name: crate::__private::de::required(slots.name, "name")?,
                    key: slots.key.unwrap_or_default(),
                    url: slots.url.unwrap_or_default(),
                    value: slots.value.unwrap_or_default(),
                    appid: slots.appid.unwrap_or_default(),
                    pagepath: slots.pagepath.unwrap_or_default(),
                    news_info: slots.news_info.unwrap_or_default(),
                    sub_button: slots.sub_button.unwrap_or_default(),
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for SelfMenuButton {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    crate::__private::string_enum! {
        #[doc =
        " What a button of the menu in use does: the API button types plus the website types `text`, `img`, `voice`, `video` and `news`."]
        pub enum SelfMenuButtonType { Text => "text", Img => "img", Voice => "voice",
        Video => "video", News => "news", View => "view", Click => "click", ScancodePush
        => "scancode_push", ScancodeWaitmsg => "scancode_waitmsg", PicSysphoto =>
        "pic_sysphoto", PicPhotoOrAlbum => "pic_photo_or_album", PicWeixin =>
        "pic_weixin", LocationSelect => "location_select", MediaId => "media_id",
        ViewLimited => "view_limited", ArticleId => "article_id", ArticleViewLimited =>
        "article_view_limited", Miniprogram => "miniprogram" }
    }
    /// A sub-menu of the menu in use.
    #[derive(Clone, Debug, PartialEq, Default)]
    #[cfg_attr(feature = "serde-both-ways", derive(Serialize))]
    #[cfg_attr(feature = "serde-both-ways", serde(crate = "crate::__private::serde"))]
    pub struct SelfMenuSubButtons {
        /// The sub-menu's buttons.
        pub list: Vec<SelfMenuButton>,
    }
    const _: () = {
        pub struct Slots {
            list: ::core::option::Option<Vec<SelfMenuButton>>,
        }
        impl crate::__private::de::SpecStruct for SelfMenuSubButtons {
            const NAME: &'static str = "SelfMenuSubButtons";
            const FIELDS: &'static [&'static str] = &["list"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    list: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.list, "list", map),
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(SelfMenuSubButtons {
                    list: crate::__private::de::required(slots.list, "list")?,
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for SelfMenuSubButtons {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// The articles of a website `news` button.
    #[derive(Clone, Debug, PartialEq, Default)]
    #[cfg_attr(feature = "serde-both-ways", derive(Serialize))]
    #[cfg_attr(feature = "serde-both-ways", serde(crate = "crate::__private::serde"))]
    pub struct SelfMenuNews {
        /// The articles.
        pub list: Vec<SelfMenuNewsArticle>,
    }
    const _: () = {
        pub struct Slots {
            list: ::core::option::Option<Vec<SelfMenuNewsArticle>>,
        }
        impl crate::__private::de::SpecStruct for SelfMenuNews {
            const NAME: &'static str = "SelfMenuNews";
            const FIELDS: &'static [&'static str] = &["list"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    list: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.list, "list", map),
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(SelfMenuNews {
                    list: crate::__private::de::required(slots.list, "list")?,
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for SelfMenuNews {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// An article of a website `news` button.
    #[derive(Clone, Debug, PartialEq, Default)]
    #[cfg_attr(feature = "serde-both-ways", derive(Serialize))]
    #[cfg_attr(feature = "serde-both-ways", serde(crate = "crate::__private::serde"))]
    pub struct SelfMenuNewsArticle {
        /// Title.
        pub title: String,
        /// Author.
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub author: Option<String>,
        /// Summary.
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub digest: Option<String>,
        /// 1 if the cover is shown, 0 if not.
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub show_cover: Option<u8>,
        /// Cover image URL.
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub cover_url: Option<String>,
        /// Article URL.
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub content_url: Option<String>,
        /// "Read more" URL; empty for none.
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub source_url: Option<String>,
    }
    const _: () = {
        pub struct Slots {
            title: ::core::option::Option<String>,
            author: ::core::option::Option<Option<String>>,
            digest: ::core::option::Option<Option<String>>,
            show_cover: ::core::option::Option<Option<u8>>,
            cover_url: ::core::option::Option<Option<String>>,
            content_url: ::core::option::Option<Option<String>>,
            source_url: ::core::option::Option<Option<String>>,
        }
        impl crate::__private::de::SpecStruct for SelfMenuNewsArticle {
            const NAME: &'static str = "SelfMenuNewsArticle";
            const FIELDS: &'static [&'static str] = &[
                "title",
                "author",
                "digest",
                "show_cover",
                "cover_url",
                "content_url",
                "source_url",
            ];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    title: ::core::option::Option::None,
                    author: ::core::option::Option::None,
                    digest: ::core::option::Option::None,
                    show_cover: ::core::option::Option::None,
                    cover_url: ::core::option::Option::None,
                    content_url: ::core::option::Option::None,
                    source_url: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.title, "title", map),
                    1 => crate::__private::de::slot(&mut slots.author, "author", map),
                    2 => crate::__private::de::slot(&mut slots.digest, "digest", map),
                    3 => {
                        crate::__private::de::slot(
                            &mut slots.show_cover,
                            "show_cover",
                            map,
                        )
                    }
                    4 => {
                        crate::__private::de::slot(
                            &mut slots.cover_url,
                            "cover_url",
                            map,
                        )
                    }
                    5 => {
                        crate::__private::de::slot(
                            &mut slots.content_url,
                            "content_url",
                            map,
                        )
                    }
                    6 => {
                        crate::__private::de::slot(
                            &mut slots.source_url,
                            "source_url",
                            map,
                        )
                    }
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(SelfMenuNewsArticle {
                    title: crate::__private::de::required(slots.title, "title")?,
                    author: slots.author.unwrap_or_default(),
                    digest: slots.digest.unwrap_or_default(),
                    show_cover: slots.show_cover.unwrap_or_default(),
                    cover_url: slots.cover_url.unwrap_or_default(),
                    content_url: slots.content_url.unwrap_or_default(),
                    source_url: slots.source_url.unwrap_or_default(),
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for SelfMenuNewsArticle {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// The answer of `get`: Get the menus set through the API: the default menu and every conditional menu (获取自定义菜单配置).
    #[derive(Clone, Debug, PartialEq, Default)]
    #[cfg_attr(feature = "serde-both-ways", derive(Serialize))]
    #[cfg_attr(feature = "serde-both-ways", serde(crate = "crate::__private::serde"))]
    pub struct GetResponse {
        /// The default menu.
        pub menu: MenuInfo,
        /// The conditional menus; absent when there are none.
        #[cfg_attr(
            feature = "serde-both-ways",
            serde(skip_serializing_if = "Option::is_none")
        )]
        pub conditionalmenu: Option<Vec<ConditionalMenuInfo>>,
    }
    const _: () = {
        pub struct Slots {
            menu: ::core::option::Option<MenuInfo>,
            conditionalmenu: ::core::option::Option<Option<Vec<ConditionalMenuInfo>>>,
        }
        impl crate::__private::de::SpecStruct for GetResponse {
            const NAME: &'static str = "GetResponse";
            const FIELDS: &'static [&'static str] = &["menu", "conditionalmenu"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    menu: ::core::option::Option::None,
                    conditionalmenu: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.menu, "menu", map),
                    1 => {
                        crate::__private::de::slot(
                            &mut slots.conditionalmenu,
                            "conditionalmenu",
                            map,
                        )
                    }
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(GetResponse {
                    menu: crate::__private::de::required(slots.menu, "menu")?,
                    conditionalmenu: slots.conditionalmenu.unwrap_or_default(),
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for GetResponse {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// The answer of `addconditional`: Create a conditional menu (创建个性化菜单).
    #[derive(Clone, Debug, PartialEq, Default)]
    #[cfg_attr(feature = "serde-both-ways", derive(Serialize))]
    #[cfg_attr(feature = "serde-both-ways", serde(crate = "crate::__private::serde"))]
    pub struct AddconditionalResponse {
        /// ID of the new conditional menu (a string of digits, as the docs' example shows).
        pub menuid: String,
    }
    const _: () = {
        pub struct Slots {
            menuid: ::core::option::Option<String>,
        }
        impl crate::__private::de::SpecStruct for AddconditionalResponse {
            const NAME: &'static str = "AddconditionalResponse";
            const FIELDS: &'static [&'static str] = &["menuid"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    menuid: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.menuid, "menuid", map),
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(AddconditionalResponse {
                    menuid: crate::__private::de::required(slots.menuid, "menuid")?,
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for AddconditionalResponse {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// The request of `delconditional`: Delete a conditional menu (删除个性化菜单).
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "crate::__private::serde")]
    pub struct DelconditionalRequest {
        /// ID of the conditional menu, from `addconditional` or `get`.
        pub menuid: String,
    }
    #[cfg(feature = "serde-both-ways")]
    const _: () = {
        pub struct Slots {
            menuid: ::core::option::Option<String>,
        }
        impl crate::__private::de::SpecStruct for DelconditionalRequest {
            const NAME: &'static str = "DelconditionalRequest";
            const FIELDS: &'static [&'static str] = &["menuid"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    menuid: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.menuid, "menuid", map),
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(DelconditionalRequest {
                    menuid: crate::__private::de::required(slots.menuid, "menuid")?,
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for DelconditionalRequest {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    impl crate::__private::ApiRequest for DelconditionalRequest {
        fn write_query(&self, _query: &mut crate::__private::Query) {}
    }
    /// The request of `trymatch`: Get the menu a given user sees (测试个性化菜单匹配结果).
    #[derive(Clone, Debug, PartialEq, Default, Serialize)]
    #[serde(crate = "crate::__private::serde")]
    pub struct TrymatchRequest {
        /// The user's OpenID or WeChat ID.
        pub user_id: String,
    }
    #[cfg(feature = "serde-both-ways")]
    const _: () = {
        pub struct Slots {
            user_id: ::core::option::Option<String>,
        }
        impl crate::__private::de::SpecStruct for TrymatchRequest {
            const NAME: &'static str = "TrymatchRequest";
            const FIELDS: &'static [&'static str] = &["user_id"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    user_id: ::core::option::Option::None,
                }
            }
            fn read<'de, M: crate::__private::de::MapAccess<'de>>(
                slots: &mut Slots,
                index: usize,
                map: &mut M,
            ) -> ::core::result::Result<(), M::Error> {
                match index {
                    0 => crate::__private::de::slot(&mut slots.user_id, "user_id", map),
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(TrymatchRequest {
                    user_id: crate::__private::de::required(slots.user_id, "user_id")?,
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de> for TrymatchRequest {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    impl crate::__private::ApiRequest for TrymatchRequest {
        fn write_query(&self, _query: &mut crate::__private::Query) {}
    }
    /// The answer of `get_current_selfmenu_info`: Get the menu in use, however it was set: by the API or on the platform website (查询自定义菜单信息).
    #[derive(Clone, Debug, PartialEq, Default)]
    #[cfg_attr(feature = "serde-both-ways", derive(Serialize))]
    #[cfg_attr(feature = "serde-both-ways", serde(crate = "crate::__private::serde"))]
    pub struct GetCurrentSelfmenuInfoResponse {
        /// 1 if the menu is enabled, 0 if not.
        pub is_menu_open: u8,
        /// The menu.
        pub selfmenu_info: SelfMenuInfo,
    }
    const _: () = {
        pub struct Slots {
            is_menu_open: ::core::option::Option<u8>,
            selfmenu_info: ::core::option::Option<SelfMenuInfo>,
        }
        impl crate::__private::de::SpecStruct for GetCurrentSelfmenuInfoResponse {
            const NAME: &'static str = "GetCurrentSelfmenuInfoResponse";
            const FIELDS: &'static [&'static str] = &["is_menu_open", "selfmenu_info"];
            type Slots = Slots;
            fn slots() -> Slots {
                Slots {
                    is_menu_open: ::core::option::Option::None,
                    selfmenu_info: ::core::option::Option::None,
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
                            &mut slots.is_menu_open,
                            "is_menu_open",
                            map,
                        )
                    }
                    1 => {
                        crate::__private::de::slot(
                            &mut slots.selfmenu_info,
                            "selfmenu_info",
                            map,
                        )
                    }
                    _ => ::core::result::Result::Ok(()),
                }
            }
            fn finish<E: crate::__private::de::Error>(
                slots: Slots,
            ) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(GetCurrentSelfmenuInfoResponse {
                    is_menu_open: crate::__private::de::required(
                        slots.is_menu_open,
                        "is_menu_open",
                    )?,
                    selfmenu_info: crate::__private::de::required(
                        slots.selfmenu_info,
                        "selfmenu_info",
                    )?,
                })
            }
        }
        impl<'de> crate::__private::serde::Deserialize<'de>
        for GetCurrentSelfmenuInfoResponse {
            fn deserialize<D: crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::__private::de::deserialize_struct(deserializer)
            }
        }
    };
    /// The `menu` endpoints: Custom menus and conditional menus (自定义菜单). Get it from the client's `menu()` accessor.
    #[derive(Clone, Copy, Debug)]
    pub struct MenuApi<'a> {
        client: &'a crate::Client,
    }
    impl<'a> MenuApi<'a> {
        /// The handle over a client; the client's accessor is the usual way to get one.
        pub fn new(client: &'a crate::Client) -> Self {
            Self { client }
        }
        /// Create the custom menu (创建自定义菜单)
        ///
        /// `POST /cgi-bin/menu/create` · credential: `access_token`
        ///
        /// Returns the call as a future: `.await` it.
        ///
        /// Official doc: <https://developers.weixin.qq.com/doc/service/api/custommenu/api_createcustommenu>
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
        #[cfg_attr(not(doctest), doc = " use wechat::api::menu;")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " let req = menu::Menu {")]
        #[cfg_attr(not(doctest), doc = "     button: vec![menu::Button {")]
        #[cfg_attr(not(doctest), doc = "         name: \"NAME\".into(),")]
        #[cfg_attr(not(doctest), doc = "         ..Default::default()")]
        #[cfg_attr(not(doctest), doc = "     }],")]
        #[cfg_attr(not(doctest), doc = " };")]
        #[cfg_attr(not(doctest), doc = " app.menu().create(&req).await?;")]
        #[cfg_attr(not(doctest), doc = " # Ok(())")]
        #[cfg_attr(not(doctest), doc = " # }")]
        #[cfg_attr(not(doctest), doc = " ```")]
        pub fn create<'r>(
            self,
            req: &'r Menu,
        ) -> impl ::core::future::Future<
            Output = Result<(), crate::Error>,
        > + use<'a, 'r> {
            static ENDPOINT: crate::__private::Endpoint = crate::__private::Endpoint {
                id: "menu.create",
                group: "menu",
                name: "create",
                method: crate::__private::HttpMethod::Post,
                path: "/cgi-bin/menu/create",
                credential: crate::__private::Credential::AccessToken,
            };
            crate::__private::call_unit(self.client, &ENDPOINT, req)
        }
        /// Get the menus set through the API: the default menu and every conditional menu (获取自定义菜单配置)
        ///
        /// `GET /cgi-bin/menu/get` · credential: `access_token`
        ///
        /// Returns the call as a future: `.await` it.
        ///
        /// Official doc: <https://developers.weixin.qq.com/doc/service/api/custommenu/api_getmenu>
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
        #[cfg_attr(not(doctest), doc = " use wechat::api::menu;")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(
            not(doctest),
            doc = " let answer: menu::GetResponse = app.menu().get().await?;"
        )]
        #[cfg_attr(not(doctest), doc = " # let _ = answer;")]
        #[cfg_attr(not(doctest), doc = " # Ok(())")]
        #[cfg_attr(not(doctest), doc = " # }")]
        #[cfg_attr(not(doctest), doc = " ```")]
        pub fn get(
            self,
        ) -> impl ::core::future::Future<
            Output = Result<GetResponse, crate::Error>,
        > + use<'a> {
            static ENDPOINT: crate::__private::Endpoint = crate::__private::Endpoint {
                id: "menu.get",
                group: "menu",
                name: "get",
                method: crate::__private::HttpMethod::Get,
                path: "/cgi-bin/menu/get",
                credential: crate::__private::Credential::AccessToken,
            };
            crate::__private::call_json(
                self.client,
                &ENDPOINT,
                &crate::__private::NoRequest {},
            )
        }
        /// Delete the default menu and every conditional menu (删除自定义菜单)
        ///
        /// `GET /cgi-bin/menu/delete` · credential: `access_token`
        ///
        /// Returns the call as a future: `.await` it.
        ///
        /// Official doc: <https://developers.weixin.qq.com/doc/service/api/custommenu/api_deletemenu>
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
        #[cfg_attr(not(doctest), doc = " app.menu().delete().await?;")]
        #[cfg_attr(not(doctest), doc = " # Ok(())")]
        #[cfg_attr(not(doctest), doc = " # }")]
        #[cfg_attr(not(doctest), doc = " ```")]
        pub fn delete(
            self,
        ) -> impl ::core::future::Future<Output = Result<(), crate::Error>> + use<'a> {
            static ENDPOINT: crate::__private::Endpoint = crate::__private::Endpoint {
                id: "menu.delete",
                group: "menu",
                name: "delete",
                method: crate::__private::HttpMethod::Get,
                path: "/cgi-bin/menu/delete",
                credential: crate::__private::Credential::AccessToken,
            };
            crate::__private::call_unit(
                self.client,
                &ENDPOINT,
                &crate::__private::NoRequest {},
            )
        }
        /// Create a conditional menu (创建个性化菜单)
        ///
        /// `POST /cgi-bin/menu/addconditional` · credential: `access_token`
        ///
        /// Returns the call as a future: `.await` it.
        ///
        /// Official doc: <https://developers.weixin.qq.com/doc/service/api/custommenu/api_addconditionalmenu>
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
        #[cfg_attr(not(doctest), doc = " use wechat::api::menu;")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " let req = menu::ConditionalMenu {")]
        #[cfg_attr(not(doctest), doc = "     button: vec![menu::Button {")]
        #[cfg_attr(not(doctest), doc = "         name: \"NAME\".into(),")]
        #[cfg_attr(not(doctest), doc = "         ..Default::default()")]
        #[cfg_attr(not(doctest), doc = "     }],")]
        #[cfg_attr(not(doctest), doc = "     matchrule: menu::MatchRule::default(),")]
        #[cfg_attr(not(doctest), doc = " };")]
        #[cfg_attr(
            not(doctest),
            doc = " let answer: menu::AddconditionalResponse = app.menu().addconditional(&req).await?;"
        )]
        #[cfg_attr(not(doctest), doc = " # let _ = answer;")]
        #[cfg_attr(not(doctest), doc = " # Ok(())")]
        #[cfg_attr(not(doctest), doc = " # }")]
        #[cfg_attr(not(doctest), doc = " ```")]
        pub fn addconditional<'r>(
            self,
            req: &'r ConditionalMenu,
        ) -> impl ::core::future::Future<
            Output = Result<AddconditionalResponse, crate::Error>,
        > + use<'a, 'r> {
            static ENDPOINT: crate::__private::Endpoint = crate::__private::Endpoint {
                id: "menu.addconditional",
                group: "menu",
                name: "addconditional",
                method: crate::__private::HttpMethod::Post,
                path: "/cgi-bin/menu/addconditional",
                credential: crate::__private::Credential::AccessToken,
            };
            crate::__private::call_json(self.client, &ENDPOINT, req)
        }
        /// Delete a conditional menu (删除个性化菜单)
        ///
        /// `POST /cgi-bin/menu/delconditional` · credential: `access_token`
        ///
        /// Returns the call as a future: `.await` it.
        ///
        /// Official doc: <https://developers.weixin.qq.com/doc/service/api/custommenu/api_deleteconditionalmenu>
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
        #[cfg_attr(not(doctest), doc = " use wechat::api::menu;")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " let req = menu::DelconditionalRequest {")]
        #[cfg_attr(not(doctest), doc = "     menuid: \"MENUID\".into(),")]
        #[cfg_attr(not(doctest), doc = " };")]
        #[cfg_attr(not(doctest), doc = " app.menu().delconditional(&req).await?;")]
        #[cfg_attr(not(doctest), doc = " # Ok(())")]
        #[cfg_attr(not(doctest), doc = " # }")]
        #[cfg_attr(not(doctest), doc = " ```")]
        pub fn delconditional<'r>(
            self,
            req: &'r DelconditionalRequest,
        ) -> impl ::core::future::Future<
            Output = Result<(), crate::Error>,
        > + use<'a, 'r> {
            static ENDPOINT: crate::__private::Endpoint = crate::__private::Endpoint {
                id: "menu.delconditional",
                group: "menu",
                name: "delconditional",
                method: crate::__private::HttpMethod::Post,
                path: "/cgi-bin/menu/delconditional",
                credential: crate::__private::Credential::AccessToken,
            };
            crate::__private::call_unit(self.client, &ENDPOINT, req)
        }
        /// Get the menu a given user sees (测试个性化菜单匹配结果)
        ///
        /// `POST /cgi-bin/menu/trymatch` · credential: `access_token`
        ///
        /// Returns the call as a future: `.await` it.
        ///
        /// Official doc: <https://developers.weixin.qq.com/doc/service/api/custommenu/api_trymatchmenu>
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
        #[cfg_attr(not(doctest), doc = " use wechat::api::menu;")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(not(doctest), doc = " let req = menu::TrymatchRequest {")]
        #[cfg_attr(not(doctest), doc = "     user_id: \"USER_ID\".into(),")]
        #[cfg_attr(not(doctest), doc = " };")]
        #[cfg_attr(
            not(doctest),
            doc = " let answer: menu::Menu = app.menu().trymatch(&req).await?;"
        )]
        #[cfg_attr(not(doctest), doc = " # let _ = answer;")]
        #[cfg_attr(not(doctest), doc = " # Ok(())")]
        #[cfg_attr(not(doctest), doc = " # }")]
        #[cfg_attr(not(doctest), doc = " ```")]
        pub fn trymatch<'r>(
            self,
            req: &'r TrymatchRequest,
        ) -> impl ::core::future::Future<
            Output = Result<Menu, crate::Error>,
        > + use<'a, 'r> {
            static ENDPOINT: crate::__private::Endpoint = crate::__private::Endpoint {
                id: "menu.trymatch",
                group: "menu",
                name: "trymatch",
                method: crate::__private::HttpMethod::Post,
                path: "/cgi-bin/menu/trymatch",
                credential: crate::__private::Credential::AccessToken,
            };
            crate::__private::call_json(self.client, &ENDPOINT, req)
        }
        /// Get the menu in use, however it was set: by the API or on the platform website (查询自定义菜单信息)
        ///
        /// `GET /cgi-bin/get_current_selfmenu_info` · credential: `access_token`
        ///
        /// Returns the call as a future: `.await` it.
        ///
        /// Official doc: <https://developers.weixin.qq.com/doc/service/api/custommenu/api_getcurrentselfmenuinfo>
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
        #[cfg_attr(not(doctest), doc = " use wechat::api::menu;")]
        #[cfg_attr(not(doctest), doc = "")]
        #[cfg_attr(
            not(doctest),
            doc = " let answer: menu::GetCurrentSelfmenuInfoResponse = app.menu().get_current_selfmenu_info().await?;"
        )]
        #[cfg_attr(not(doctest), doc = " # let _ = answer;")]
        #[cfg_attr(not(doctest), doc = " # Ok(())")]
        #[cfg_attr(not(doctest), doc = " # }")]
        #[cfg_attr(not(doctest), doc = " ```")]
        pub fn get_current_selfmenu_info(
            self,
        ) -> impl ::core::future::Future<
            Output = Result<GetCurrentSelfmenuInfoResponse, crate::Error>,
        > + use<'a> {
            static ENDPOINT: crate::__private::Endpoint = crate::__private::Endpoint {
                id: "menu.get_current_selfmenu_info",
                group: "menu",
                name: "get_current_selfmenu_info",
                method: crate::__private::HttpMethod::Get,
                path: "/cgi-bin/get_current_selfmenu_info",
                credential: crate::__private::Credential::AccessToken,
            };
            crate::__private::call_json(
                self.client,
                &ENDPOINT,
                &crate::__private::NoRequest {},
            )
        }
    }
}
