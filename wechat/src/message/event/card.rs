//! Card-and-coupon events and e-invoice events.

use crate::message::lenient;

push_struct! {
    /// Every card-and-coupon event (`card_pass_check`, `card_not_pass_check`,
    /// `user_get_card`, `user_gifting_card`, `user_del_card`, `user_consume_card`,
    /// `user_pay_from_pay_cell`, `user_view_card`, `user_enter_session_from_card`,
    /// `update_member_card`, `card_sku_remind`, `card_pay_order`,
    /// `submit_membercard_user_info`). They share most fields, so they share this
    /// struct; the [`Event`](super::Event) variant says which event it is. A field an
    /// event does not carry is empty / `None`.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/offiaccount/Cards_and_Offer/Coupons_Vouchers_and_Cards_Event_Push_Messages.html>
    pub struct CardEvent {
        /// `CardId`: the card.
        #[serde(rename = "CardId")]
        pub card_id: String,
        /// `UserCardCode`: the user's code of the card.
        #[serde(rename = "UserCardCode", deserialize_with = "lenient::opt_string")]
        pub user_card_code: Option<String>,
        /// `RefuseReason`: why the review failed (`card_not_pass_check`).
        #[serde(rename = "RefuseReason")]
        pub refuse_reason: Option<String>,
        /// `IsGiveByFriend`: 1 when received from a friend (`user_get_card`).
        #[serde(rename = "IsGiveByFriend", deserialize_with = "lenient::optional")]
        pub is_give_by_friend: Option<i64>,
        /// `FriendUserName`: the friend's openid (gifting events).
        #[serde(rename = "FriendUserName")]
        pub friend_user_name: Option<String>,
        /// `OuterId`: the channel id set when the card was issued.
        #[serde(rename = "OuterId", deserialize_with = "lenient::opt_string")]
        pub outer_id: Option<String>,
        /// `OldUserCardCode`: the code before a gift was passed on.
        #[serde(rename = "OldUserCardCode", deserialize_with = "lenient::opt_string")]
        pub old_user_card_code: Option<String>,
        /// `OuterStr`: the `outer_str` of the issuing link or QR code.
        #[serde(rename = "OuterStr")]
        pub outer_str: Option<String>,
        /// `IsRestoreMemberCard`: 1 when a deleted member card was restored.
        #[serde(rename = "IsRestoreMemberCard", deserialize_with = "lenient::optional")]
        pub is_restore_member_card: Option<i64>,
        /// `UnionId`: the user's unionid, when bound to an open-platform account.
        #[serde(rename = "UnionId")]
        pub union_id: Option<String>,
        /// `IsReturnBack`: 1 when a gift was returned (`user_gifting_card`).
        #[serde(rename = "IsReturnBack", deserialize_with = "lenient::optional")]
        pub is_return_back: Option<i64>,
        /// `IsChatRoom`: 1 when gifted in a group chat (`user_gifting_card`).
        #[serde(rename = "IsChatRoom", deserialize_with = "lenient::optional")]
        pub is_chat_room: Option<i64>,
        /// `ConsumeSource`: how it was redeemed (`user_consume_card`).
        #[serde(rename = "ConsumeSource")]
        pub consume_source: Option<String>,
        /// `LocationName`: the store where it was redeemed.
        #[serde(rename = "LocationName")]
        pub location_name: Option<String>,
        /// `StaffOpenId`: the staff member who redeemed it.
        #[serde(rename = "StaffOpenId")]
        pub staff_open_id: Option<String>,
        /// `VerifyCode`: the self-redeem verification code.
        #[serde(rename = "VerifyCode", deserialize_with = "lenient::opt_string")]
        pub verify_code: Option<String>,
        /// `RemarkAmount`: the self-redeem amount note.
        #[serde(rename = "RemarkAmount", deserialize_with = "lenient::opt_string")]
        pub remark_amount: Option<String>,
        /// `TransId`: the payment transaction (`user_pay_from_pay_cell`).
        #[serde(rename = "TransId", deserialize_with = "lenient::opt_string")]
        pub trans_id: Option<String>,
        /// `LocationId`: the store id.
        #[serde(rename = "LocationId", deserialize_with = "lenient::opt_string")]
        pub location_id: Option<String>,
        /// `Fee`: amount paid, in fen.
        #[serde(rename = "Fee", deserialize_with = "lenient::optional")]
        pub fee: Option<i64>,
        /// `OriginalFee`: amount before discount, in fen.
        #[serde(rename = "OriginalFee", deserialize_with = "lenient::optional")]
        pub original_fee: Option<i64>,
        /// `ModifyBonus`: points changed (`update_member_card`).
        #[serde(rename = "ModifyBonus", deserialize_with = "lenient::optional")]
        pub modify_bonus: Option<i64>,
        /// `ModifyBalance`: balance changed, in fen (`update_member_card`).
        #[serde(rename = "ModifyBalance", deserialize_with = "lenient::optional")]
        pub modify_balance: Option<i64>,
        /// `Detail`: the stock warning text (`card_sku_remind`).
        #[serde(rename = "Detail")]
        pub detail: Option<String>,
        /// `OrderId`: the coin order (`card_pay_order`).
        #[serde(rename = "OrderId", deserialize_with = "lenient::opt_string")]
        pub order_id: Option<String>,
        /// `Status`: the coin order status (`card_pay_order`).
        #[serde(rename = "Status")]
        pub status: Option<String>,
    }
}

push_struct! {
    /// `Event=user_authorize_invoice`: the user authorised invoice issuing.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/offiaccount/WeChat_Invoice/E_Invoice/Vendor_API_List.html>
    pub struct UserAuthorizeInvoiceEvent {
        /// `SuccOrderId`: orders authorised.
        #[serde(rename = "SuccOrderId", deserialize_with = "lenient::string")]
        pub succ_order_id: String,
        /// `FailOrderId`: orders refused.
        #[serde(rename = "FailOrderId", deserialize_with = "lenient::string")]
        pub fail_order_id: String,
        /// `AppId`: the appid that requested the authorisation.
        #[serde(rename = "AppId")]
        pub app_id: String,
        /// `Source`: where the authorisation came from (`app`, `web`, `wxa`...).
        #[serde(rename = "Source")]
        pub source: String,
    }
}

push_struct! {
    /// `Event=update_invoice_status`: an invoice's reimbursement status changed.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/offiaccount/WeChat_Invoice/E_Invoice/Reimburser_API_List.html>
    pub struct UpdateInvoiceStatusEvent {
        /// `Status`: e.g. `INVOICE_REIMBURSE_INIT`.
        #[serde(rename = "Status")]
        pub status: String,
        /// `CardId`: the invoice card.
        #[serde(rename = "CardId")]
        pub card_id: String,
        /// `Code`: the invoice code.
        #[serde(rename = "Code", deserialize_with = "lenient::string")]
        pub code: String,
    }
}

push_struct! {
    /// `Event=submit_invoice_title`: the user submitted an invoice title by scanning the merchant's code.
    ///
    /// Doc: <https://developers.weixin.qq.com/doc/offiaccount/WeChat_Invoice/Quick_issuing/Interface_Instructions.html>
    pub struct SubmitInvoiceTitleEvent {
        /// `title`: the invoice title.
        #[serde(rename = "title")]
        pub title: String,
        /// `tax_no`: the tax number.
        #[serde(rename = "tax_no", deserialize_with = "lenient::string")]
        pub tax_no: String,
        /// `addr`: the address.
        #[serde(rename = "addr")]
        pub addr: String,
        /// `phone`: the phone number.
        #[serde(rename = "phone", deserialize_with = "lenient::string")]
        pub phone: String,
        /// `bank_type`: the bank.
        #[serde(rename = "bank_type")]
        pub bank_type: String,
        /// `bank_no`: the bank account.
        #[serde(rename = "bank_no", deserialize_with = "lenient::string")]
        pub bank_no: String,
        /// `attach`: extra data.
        #[serde(rename = "attach")]
        pub attach: String,
        /// `title_type`: `InvoiceUserTitlePersonType` or `InvoiceUserTitleBusinessType`.
        #[serde(rename = "title_type")]
        pub title_type: String,
    }
}
