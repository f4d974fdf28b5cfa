//! Results of sends the account made: template and mass messages, publishing,
//! and subscription messages.

use serde::Deserialize;

use crate::message::lenient;

push_struct! {
    /// `Event=TEMPLATESENDJOBFINISH`: the delivery result of a template message.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html>
    pub struct TemplateSendJobFinishEvent {
        /// `MsgID`: the template message's id.
        #[serde(rename = "MsgID", alias = "MsgId", deserialize_with = "lenient::required")]
        pub msg_id: u64,
        /// `Status`: `success`, `failed:user block` or `failed: system failed`.
        #[serde(rename = "Status")]
        pub status: String,
    }
}

/// One article of `CopyrightCheckResult.ResultList`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CopyrightCheckItem {
    /// `ArticleIdx`: 1-based index of the article.
    #[serde(rename = "ArticleIdx", deserialize_with = "lenient::required")]
    pub article_idx: u32,
    /// `UserDeclareState`: whether the author declared it original.
    #[serde(rename = "UserDeclareState", deserialize_with = "lenient::required")]
    pub user_declare_state: i64,
    /// `AuditState`: the check's verdict.
    #[serde(rename = "AuditState", deserialize_with = "lenient::required")]
    pub audit_state: i64,
    /// `OriginalArticleUrl`: the original article found.
    #[serde(rename = "OriginalArticleUrl")]
    pub original_article_url: String,
    /// `OriginalArticleType`: its type.
    #[serde(rename = "OriginalArticleType", deserialize_with = "lenient::required")]
    pub original_article_type: i64,
    /// `CanReprint`: whether reprinting is allowed.
    #[serde(rename = "CanReprint", deserialize_with = "lenient::required")]
    pub can_reprint: i64,
    /// `NeedReplaceContent`: whether the content must be replaced by the original.
    #[serde(rename = "NeedReplaceContent", deserialize_with = "lenient::required")]
    pub need_replace_content: i64,
    /// `NeedShowReprintSource`: whether the source must be shown.
    #[serde(
        rename = "NeedShowReprintSource",
        deserialize_with = "lenient::required"
    )]
    pub need_show_reprint_source: i64,
}

/// `ResultList` of `CopyrightCheckResult`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CopyrightCheckList {
    /// The `item` elements.
    #[serde(rename = "item")]
    pub items: Vec<CopyrightCheckItem>,
}

/// `CopyrightCheckResult` of a mass send.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CopyrightCheckResult {
    /// `Count`: number of articles checked.
    #[serde(rename = "Count", deserialize_with = "lenient::required")]
    pub count: u32,
    /// `ResultList`: one result per article.
    #[serde(rename = "ResultList")]
    pub result_list: CopyrightCheckList,
    /// `CheckState`: 1 not reprinted, can send; 2 reprinted, can send; 3 reprinted, cannot send.
    #[serde(rename = "CheckState", deserialize_with = "lenient::required")]
    pub check_state: i64,
}

/// One item of `ArticleUrlResult.ResultList`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ArticleUrlItem {
    /// `ArticleIdx`: 1-based index of the article.
    #[serde(rename = "ArticleIdx", deserialize_with = "lenient::required")]
    pub article_idx: u32,
    /// `ArticleUrl`: the published article's URL.
    #[serde(rename = "ArticleUrl")]
    pub article_url: String,
}

/// `ResultList` of `ArticleUrlResult`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ArticleUrlList {
    /// The `item` elements.
    #[serde(rename = "item")]
    pub items: Vec<ArticleUrlItem>,
}

/// `ArticleUrlResult` of a mass send.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ArticleUrlResult {
    /// `Count`: number of articles.
    #[serde(rename = "Count", deserialize_with = "lenient::required")]
    pub count: u32,
    /// `ResultList`: their URLs.
    #[serde(rename = "ResultList")]
    pub result_list: ArticleUrlList,
}

push_struct! {
    /// `Event=MASSSENDJOBFINISH`: the result of a mass send, with the originality check.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html>
    pub struct MassSendJobFinishEvent {
        /// `MsgID`: the mass message's id.
        #[serde(rename = "MsgID", alias = "MsgId", deserialize_with = "lenient::required")]
        pub msg_id: u64,
        /// `Status`: `send success`, `send fail` or `err(<code>)`.
        #[serde(rename = "Status")]
        pub status: String,
        /// `TotalCount`: fans targeted.
        #[serde(rename = "TotalCount", deserialize_with = "lenient::required")]
        pub total_count: u64,
        /// `FilterCount`: fans left after filtering.
        #[serde(rename = "FilterCount", deserialize_with = "lenient::required")]
        pub filter_count: u64,
        /// `SentCount`: sends that succeeded.
        #[serde(rename = "SentCount", deserialize_with = "lenient::required")]
        pub sent_count: u64,
        /// `ErrorCount`: sends that failed.
        #[serde(rename = "ErrorCount", deserialize_with = "lenient::required")]
        pub error_count: u64,
        /// `CopyrightCheckResult`: the originality check, when there was one.
        #[serde(rename = "CopyrightCheckResult")]
        pub copyright_check_result: Option<CopyrightCheckResult>,
        /// `ArticleUrlResult`: the URLs of the sent articles, when present.
        #[serde(rename = "ArticleUrlResult")]
        pub article_url_result: Option<ArticleUrlResult>,
    }
}

/// One article of `PublishEventInfo.article_detail`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PublishedArticle {
    /// `idx`: 1-based index.
    #[serde(rename = "idx", deserialize_with = "lenient::required")]
    pub idx: u32,
    /// `article_url`: the article's URL.
    #[serde(rename = "article_url")]
    pub article_url: String,
}

/// `article_detail` of `PublishEventInfo`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PublishedArticles {
    /// `count`: number of articles.
    #[serde(rename = "count", deserialize_with = "lenient::required")]
    pub count: u32,
    /// The `item` elements.
    #[serde(rename = "item")]
    pub items: Vec<PublishedArticle>,
}

/// `PublishEventInfo` of a `PUBLISHJOBFINISH` event.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PublishEventInfo {
    /// `publish_id`: the publish task id.
    #[serde(rename = "publish_id", deserialize_with = "lenient::string")]
    pub publish_id: String,
    /// `publish_status`: 0 success, 1 publishing, 2 original-check failure, 3 regular failure,
    /// 4 platform review failure, 5 deleted after success, 6 banned after success.
    #[serde(rename = "publish_status", deserialize_with = "lenient::required")]
    pub publish_status: i64,
    /// `article_id`: the article id, on success.
    #[serde(rename = "article_id")]
    pub article_id: Option<String>,
    /// `article_detail`: the published articles, on success.
    #[serde(rename = "article_detail")]
    pub article_detail: Option<PublishedArticles>,
    /// `fail_idx`: indexes of the failed articles (statuses 2 and 4).
    #[serde(rename = "fail_idx")]
    pub fail_idx: Vec<u32>,
}

push_struct! {
    /// `Event=PUBLISHJOBFINISH`: the result of a publish (`freepublish/submit`).
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/offiaccount/Publish/Callback_on_finish.html>
    pub struct PublishJobFinishEvent {
        /// `PublishEventInfo`: the result.
        #[serde(rename = "PublishEventInfo")]
        pub publish_event_info: PublishEventInfo,
    }
}

/// One template of a `subscribe_msg_popup_event`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SubscribePopupItem {
    /// `TemplateId`: the template.
    #[serde(rename = "TemplateId")]
    pub template_id: String,
    /// `SubscribeStatusString`: `accept` or `reject`.
    #[serde(rename = "SubscribeStatusString")]
    pub subscribe_status_string: String,
    /// `PopupScene`: 0 from a mini program / web page, 1 from a payment, 2 from an article.
    #[serde(rename = "PopupScene", deserialize_with = "lenient::optional")]
    pub popup_scene: Option<u32>,
}

/// `SubscribeMsgPopupEvent`: the list of templates.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SubscribePopupList {
    /// The `List` elements.
    #[serde(rename = "List")]
    pub list: Vec<SubscribePopupItem>,
}

push_struct! {
    /// `Event=subscribe_msg_popup_event`: the user answered a subscription prompt.
    ///
    /// In JSON mode the templates come as a top-level `List`; they are read into the same field.
    /// Docs: <https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html>,
    /// <https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/subscribe-message.html>
    pub struct SubscribeMsgPopupEvent {
        /// `SubscribeMsgPopupEvent`: one item per template.
        #[serde(rename = "SubscribeMsgPopupEvent")]
        pub popup: SubscribePopupList,
    }
}

/// One template of a `subscribe_msg_change_event`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SubscribeChangeItem {
    /// `TemplateId`: the template.
    #[serde(rename = "TemplateId")]
    pub template_id: String,
    /// `SubscribeStatusString`: `reject` (the user turned it off).
    #[serde(rename = "SubscribeStatusString")]
    pub subscribe_status_string: String,
}

/// `SubscribeMsgChangeEvent`: the list of templates.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SubscribeChangeList {
    /// The `List` elements.
    #[serde(rename = "List")]
    pub list: Vec<SubscribeChangeItem>,
}

push_struct! {
    /// `Event=subscribe_msg_change_event`: the user changed subscriptions in the settings page.
    ///
    /// Docs: <https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html>,
    /// <https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/subscribe-message.html>
    pub struct SubscribeMsgChangeEvent {
        /// `SubscribeMsgChangeEvent`: one item per template.
        #[serde(rename = "SubscribeMsgChangeEvent")]
        pub change: SubscribeChangeList,
    }
}

/// One send of a `subscribe_msg_sent_event`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SubscribeSentItem {
    /// `TemplateId`: the template.
    #[serde(rename = "TemplateId")]
    pub template_id: String,
    /// `MsgID`: the sent message's id.
    #[serde(
        rename = "MsgID",
        alias = "MsgId",
        deserialize_with = "lenient::required"
    )]
    pub msg_id: u64,
    /// `ErrorCode`: 0 on success.
    #[serde(rename = "ErrorCode", deserialize_with = "lenient::required")]
    pub error_code: i64,
    /// `ErrorStatus`: `success`, or why it failed.
    #[serde(rename = "ErrorStatus")]
    pub error_status: String,
}

/// `SubscribeMsgSentEvent`: the list of sends.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, serde::Serialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SubscribeSentList {
    /// The `List` elements.
    #[serde(rename = "List")]
    pub list: Vec<SubscribeSentItem>,
}

push_struct! {
    /// `Event=subscribe_msg_sent_event`: the delivery result of a subscription message.
    ///
    /// Docs: <https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html>,
    /// <https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/subscribe-message.html>
    pub struct SubscribeMsgSentEvent {
        /// `SubscribeMsgSentEvent`: one item per send.
        #[serde(rename = "SubscribeMsgSentEvent")]
        pub sent: SubscribeSentList,
    }
}
