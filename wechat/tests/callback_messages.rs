//! Every Official Account, open-platform and mini-program sample of
//! `shared/vectors/messages/` parses into the right variant with the fields
//! its `index.json` lists; the passive replies render as WxJava expects.

mod callback_common;

use callback_common::{read_json, strip_ws, vectors_dir};
use serde_json::Value;
use wechat::message::event::*;
use wechat::message::{Article, ComponentEvent, Event, Message, Music, Reply, ReplyTo, Video};

const PLATFORMS: [&str; 3] = ["official_account", "open_platform", "miniprogram"];

fn parse_file(dir: &std::path::Path, file: &str) -> Message {
    let body = std::fs::read_to_string(dir.join("messages").join(file)).expect("sample");
    let parsed = if file.ends_with(".json") {
        Message::from_json(&body)
    } else {
        Message::from_xml(&body)
    };
    parsed.unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Compares an expected text value with a serialized typed value.
fn same_value(expected: &str, actual: &Value) -> bool {
    match actual {
        Value::String(s) => s == expected || s.trim() == expected.trim(),
        Value::Number(n) => {
            n.to_string() == expected
                || matches!((expected.parse::<f64>(), n.as_f64()), (Ok(a), Some(b)) if a == b)
        }
        Value::Null => expected.is_empty(),
        _ => false,
    }
}

#[test]
fn every_sample_parses_into_its_variant_with_its_fields() {
    let Some(dir) = vectors_dir() else {
        return;
    };
    let index = read_json(&dir, "messages/index.json");
    let mut checked = 0;
    for record in index["messages"].as_array().expect("messages") {
        let platform = record["platform"].as_str().unwrap_or_default();
        if !PLATFORMS.contains(&platform) || record.get("kind").is_some() {
            continue;
        }
        let file = record["file"].as_str().expect("file");
        let message = parse_file(&dir, file);
        let fields = record["top_level_fields"].as_object().expect("fields");
        let synthetic = file.contains("__all_fields");

        // The variant.
        if let Some(info) = record.get("info_type").and_then(|v| v.as_str()) {
            assert!(matches!(message, Message::Component(_)), "{file}");
            assert_eq!(message.info_type(), Some(info), "{file}");
        } else if file.ends_with("notsure.xml") {
            let Message::Unknown(u) = &message else {
                panic!("{file}: {message:?}");
            };
            assert_eq!(u.msg_type.as_deref(), Some("notsure"));
            for (k, v) in fields {
                assert_eq!(u.field(k).as_deref(), v.as_str(), "{file} {k}");
            }
            checked += 1;
            continue;
        } else {
            assert!(!matches!(message, Message::Unknown(_)), "{file}: not typed");
            let msg_type = record["msg_type"].as_str().expect("msg_type");
            assert_eq!(message.msg_type(), Some(msg_type), "{file}");
            if msg_type == "event" {
                let event = record["event"].as_str().expect("event");
                assert!(
                    message.event_name().unwrap().eq_ignore_ascii_case(event),
                    "{file}"
                );
            }
        }

        // The fields.
        let typed = serde_json::to_value(&message).expect("serialize");
        for (name, expected) in fields {
            if ["MsgType", "Event", "InfoType"].contains(&name.as_str()) {
                continue;
            }
            let Some(expected) = expected.as_str() else {
                continue; // JSON objects (the JSON `List`) are checked below.
            };
            if expected.ends_with("child elements>") {
                assert!(
                    typed.get(name).is_some_and(|v| !v.is_null()) || synthetic,
                    "{file}: nested {name} not read"
                );
                continue;
            }
            match typed.get(name) {
                Some(actual) => assert!(
                    same_value(expected, actual),
                    "{file}: {name} = {actual}, expected {expected}"
                ),
                None => assert!(synthetic, "{file}: field {name} not typed"),
            }
        }
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} samples checked");
}

fn sample(file: &str) -> Option<Message> {
    vectors_dir().map(|dir| parse_file(&dir, file))
}

#[test]
fn nested_menu_event_fields() {
    let Some(m) = sample("official_account/event_scancode_push.xml") else {
        return;
    };
    let Message::Event(Event::ScancodePush(e)) = m else {
        panic!("{m:?}")
    };
    assert_eq!(e.scan_code_info.scan_type, "qrcode");
    assert_eq!(e.scan_code_info.scan_result, "1");

    let Some(Message::Event(Event::PicWeixin(e))) = sample("official_account/event_pic_weixin.xml")
    else {
        panic!()
    };
    assert_eq!(e.send_pics_info.count, 1);
    assert_eq!(
        e.send_pics_info.pic_list.items[0].pic_md5_sum,
        "5a75aaca956d97be686719218f275c6b"
    );

    let Some(Message::Event(Event::LocationSelect(e))) =
        sample("official_account/event_location_select.xml")
    else {
        panic!()
    };
    assert_eq!(e.send_location_info.location_x, 23.0);
    assert_eq!(e.send_location_info.label, "广州市海珠区客村艺苑路 106号");
    assert_eq!(e.send_location_info.poiname, "");
}

#[test]
fn subscribe_with_qrscene() {
    let Some(Message::Event(Event::Subscribe(e))) =
        sample("official_account/event_subscribe__qrscene.xml")
    else {
        return;
    };
    assert_eq!(e.scene(), Some("123123"));
    assert_eq!(e.ticket.as_deref(), Some("TICKET"));
}

#[test]
fn mass_send_job_finish_nested_lists() {
    let Some(Message::Event(Event::MassSendJobFinish(e))) =
        sample("official_account/event_masssendjobfinish.xml")
    else {
        return;
    };
    assert_eq!(e.msg_id, 1000001625);
    assert_eq!(e.status, "err(30003)");
    let check = e.copyright_check_result.expect("copyright");
    assert_eq!(check.count, 2);
    assert_eq!(check.check_state, 2);
    assert_eq!(check.result_list.items.len(), 2);
    assert_eq!(check.result_list.items[1].original_article_url, "Url_2");
    let urls = e.article_url_result.expect("urls");
    assert_eq!(urls.result_list.items[0].article_url, "Url");
}

#[test]
fn subscribe_msg_events_in_xml_and_json_read_alike() {
    let (Some(xml), Some(json)) = (
        sample("miniprogram/event_subscribe_msg_sent_event.xml"),
        sample("miniprogram/event_subscribe_msg_sent_event_v2.json"),
    ) else {
        return;
    };
    assert_eq!(xml, json);
    let Message::Event(Event::SubscribeMsgSent(e)) = xml else {
        panic!()
    };
    assert_eq!(e.sent.list[0].msg_id, 1864323726461255680);
    assert_eq!(e.sent.list[0].error_status, "success");

    let Some(Message::Event(Event::SubscribeMsgPopup(p))) =
        sample("official_account/event_subscribe_msg_popup_event.xml")
    else {
        panic!()
    };
    assert_eq!(p.popup.list.len(), 2);
    assert_eq!(p.popup.list[1].subscribe_status_string, "reject");
    assert_eq!(p.popup.list[0].popup_scene, Some(2));

    let Some(Message::Event(Event::SubscribeMsgPopup(p))) =
        sample("miniprogram/event_subscribe_msg_popup_event_v2.json")
    else {
        panic!()
    };
    assert_eq!(p.popup.list[0].popup_scene, Some(0));
    let (Some(x), Some(j)) = (
        sample("miniprogram/event_subscribe_msg_change_event.xml"),
        sample("miniprogram/event_subscribe_msg_change_event_v2.json"),
    ) else {
        panic!()
    };
    assert_eq!(x, j);
}

#[test]
fn shake_and_express_lists() {
    let Some(Message::Event(Event::ShakeAroundUserShake(e))) =
        sample("official_account/event_shakearoundusershake.xml")
    else {
        return;
    };
    assert_eq!(e.chosen_beacon.distance, 0.057);
    assert_eq!(e.around_beacons.beacons.len(), 2);

    let Some(Message::Event(Event::AddExpressPath(e))) =
        sample("miniprogram/event_add_express_path.xml")
    else {
        panic!()
    };
    assert_eq!(e.actions.len(), 2);
    assert_eq!(e.actions[1].action_type, 100001);
    assert_eq!(e.actions[0].action_msg, "揽件阶段-揽件成功");

    let Some(Message::Event(Event::OpenProductOrderPay(e))) =
        sample("miniprogram/event_open_product_order_pay.xml")
    else {
        panic!()
    };
    assert_eq!(e.order_info.amount, 10);
    assert_eq!(e.order_info.pay_time, "2021-12-30 22:31:00");
}

#[test]
fn open_platform_pushes() {
    let Some(Message::Component(ComponentEvent::ComponentVerifyTicket(t))) =
        sample("open_platform/event_component_verify_ticket.xml")
    else {
        return;
    };
    assert_eq!(t.component_verify_ticket, "some_verify_ticket");
    assert_eq!(t.create_time, 1413192605);

    let Some(Message::Component(ComponentEvent::Authorized(a))) =
        sample("open_platform/event_authorized.xml")
    else {
        panic!()
    };
    assert_eq!(a.authorizer_appid, "公众号appid");
    // The doc's placeholder is kept as text, and is not an integer.
    assert_eq!(
        a.authorization_code_expired_time_raw.as_deref(),
        Some("过期时间")
    );
    assert_eq!(a.authorization_code_expired_time(), None);
}

#[test]
fn voice_with_recognition_and_unknown_event_keep_fields() {
    let voice = Message::from_xml(
        "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>\
         <MsgType>voice</MsgType><MediaId>m</MediaId><Format>amr</Format>\
         <Recognition><![CDATA[腾讯微信团队]]></Recognition><MsgId>5</MsgId></xml>",
    )
    .unwrap();
    let Message::Voice(v) = &voice else { panic!() };
    assert_eq!(v.recognition.as_deref(), Some("腾讯微信团队"));
    assert_eq!(voice.dedup_key(), "msg:a:5");

    let unknown = Message::from_xml(
        "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>7</CreateTime>\
         <MsgType>event</MsgType><Event>brand_new_event</Event><Extra><A>1</A><A>2</A></Extra></xml>",
    )
    .unwrap();
    let Message::Unknown(u) = &unknown else {
        panic!()
    };
    assert_eq!(u.event.as_deref(), Some("brand_new_event"));
    assert_eq!(u.fields["Extra"]["A"], serde_json::json!(["1", "2"]));
    assert_eq!(unknown.create_time(), Some(7));
    assert_eq!(unknown.dedup_key(), "evt:a:b:7:brand_new_event");
}

fn reply_render(file: &str) -> Option<String> {
    let dir = vectors_dir()?;
    Some(
        std::fs::read_to_string(dir.join("messages/replies/official_account").join(file))
            .expect("reply sample"),
    )
}

fn to(to: &str, from: &str, time: u64) -> ReplyTo {
    ReplyTo {
        to_user_name: to.into(),
        from_user_name: from.into(),
        create_time: time,
    }
}

fn assert_render(file: &str, reply: Reply, addr: ReplyTo) {
    let Some(expected) = reply_render(file) else {
        return;
    };
    let xml = reply.to_xml(&addr).unwrap().unwrap();
    assert_eq!(strip_ws(&xml), strip_ws(&expected), "{file}");
}

#[test]
fn replies_render_like_wxjava() {
    assert_render("text.xml", Reply::text("content"), to("to", "from", 1122));
    assert_render(
        "image.xml",
        Reply::Image("ddfefesfsdfef".into()),
        to("to", "from", 1122),
    );
    assert_render(
        "voice.xml",
        Reply::Voice("ddfefesfsdfef".into()),
        to("to", "from", 1122),
    );
    assert_render(
        "video.xml",
        Reply::Video(Video {
            media_id: "media_id".into(),
            title: "title".into(),
            description: "ddfff".into(),
        }),
        to("toUser", "fromUser", 1122),
    );
    assert_render(
        "music.xml",
        Reply::Music(Music {
            title: "title".into(),
            description: "ddfff".into(),
            music_url: "musicUrl".into(),
            hq_music_url: "hQMusicUrl".into(),
            thumb_media_id: "thumbMediaId".into(),
        }),
        to("toUser", "fromUser", 1122),
    );
    let article = Article {
        title: "title".into(),
        description: "description".into(),
        pic_url: "picUrl".into(),
        url: "url".into(),
    };
    assert_render(
        "news.xml",
        Reply::news(vec![article.clone(), article]).unwrap(),
        to("toUser", "fromUser", 1122),
    );
    assert_render(
        "transfer_kefu.xml",
        Reply::TransferCustomerService(None),
        to("touser", "fromuser", 1399197672),
    );
}

#[test]
fn cdata_end_marker_in_content_cannot_break_the_xml() {
    let hostile = "a]]><MsgType>evil</MsgType><![CDATA[b";
    let xml = Reply::text(hostile)
        .to_xml(&to("u", "gh", 1))
        .unwrap()
        .unwrap();
    #[derive(serde::Deserialize)]
    struct Back {
        #[serde(rename = "Content")]
        content: String,
        #[serde(rename = "MsgType")]
        msg_type: String,
    }
    let back: Back = quick_xml::de::from_str(&xml).unwrap();
    assert_eq!(back.content, hostile);
    assert_eq!(back.msg_type, "text");
}

#[test]
fn news_needs_one_to_eight_articles() {
    use wechat::message::MessageError;
    assert_eq!(Reply::news(vec![]), Err(MessageError::ArticleCount(0)));
    assert_eq!(
        Reply::news(vec![Article::default(); 9]),
        Err(MessageError::ArticleCount(9))
    );
    assert!(Reply::news(vec![Article::default(); 8]).is_ok());
    let too_many = Reply::News(vec![Article::default(); 9]);
    assert!(too_many.to_xml(&to("a", "b", 1)).is_err());
}

#[test]
fn success_and_empty_are_not_rendered() {
    assert_eq!(Reply::Success.to_xml(&to("a", "b", 1)).unwrap(), None);
    assert_eq!(Reply::Success.acknowledgement_body(), Some("success"));
    assert_eq!(Reply::Empty.acknowledgement_body(), Some(""));
    let json = Reply::TransferCustomerService(Some("kf@x".into()))
        .to_json(&to("a", "b", 1))
        .unwrap()
        .unwrap();
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["MsgType"], "transfer_customer_service");
    assert_eq!(v["TransInfo"]["KfAccount"], "kf@x");
}

// Keep the glob import honest: these types are part of the public surface.
#[allow(dead_code)]
fn _types(_: SubscribeEvent, _: ClickEvent, _: CardEvent) {}
