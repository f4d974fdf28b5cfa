//! Callback decryption per message, for a ~300 B and a ~4 KiB message.
//!
//! - `core`: msg_signature check + base64 + AES-256-CBC + unpad + receiver-id check.
//! - `full`: `core` plus the typed parse into a `Message`.
//! - `envelope`: reading `Encrypt` out of the XML request body (reported apart).
//! - `parse_only`: the typed parse alone; `xml_reader_only`: quick-xml's reader walking
//!   the same plaintext's events, the floor of any parse built on it.
//!
//! Run: `cargo bench -p wechat --bench callback_decrypt`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use wechat::crypto::{EncryptedEnvelope, MessageCrypto};
use wechat::message::Message;

const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const APPID: &str = "wx2c2769f8efd9abc2";

fn text_message(target_len: usize) -> String {
    let head = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\
                <FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\
                <CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[";
    let tail = "]]></Content><MsgId>6054768590064713728</MsgId></xml>";
    let fill = target_len.saturating_sub(head.len() + tail.len());
    format!("{head}{}{tail}", "x".repeat(fill))
}

fn bench(c: &mut Criterion) {
    let crypto = MessageCrypto::new("spamtest", KEY, APPID).unwrap();
    let mut group = c.benchmark_group("callback_decrypt");
    for (label, len) in [("300B", 300), ("4KiB", 4096)] {
        let plaintext = text_message(len);
        let sealed = crypto.encrypt_reply(&plaintext, "1320562132", 1409735669, &[7; 16]);
        let body = format!(
            "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[{}]]></Encrypt></xml>",
            sealed.encrypt
        );
        let ts = sealed.timestamp.to_string();
        group.throughput(Throughput::Elements(1));
        group.bench_with_input(BenchmarkId::new("core", label), &sealed, |b, s| {
            b.iter(|| {
                crypto
                    .decrypt(
                        black_box(&s.msg_signature),
                        &ts,
                        &s.nonce,
                        black_box(&s.encrypt),
                    )
                    .unwrap()
            })
        });
        group.bench_with_input(BenchmarkId::new("full", label), &sealed, |b, s| {
            b.iter(|| {
                let plain = crypto
                    .decrypt(
                        black_box(&s.msg_signature),
                        &ts,
                        &s.nonce,
                        black_box(&s.encrypt),
                    )
                    .unwrap();
                Message::from_xml(&plain).unwrap()
            })
        });
        group.bench_with_input(BenchmarkId::new("envelope", label), &body, |b, body| {
            b.iter(|| EncryptedEnvelope::parse(black_box(body)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("parse_only", label), &plaintext, |b, p| {
            b.iter(|| Message::from_xml(black_box(p)).unwrap())
        });
        // The floor of any typed parse built on quick-xml: its reader alone, walking
        // the events of the same plaintext and doing nothing with them.
        group.bench_with_input(
            BenchmarkId::new("xml_reader_only", label),
            &plaintext,
            |b, p| {
                b.iter(|| {
                    let mut reader = quick_xml::Reader::from_str(black_box(p));
                    let mut events = 0usize;
                    while !matches!(reader.read_event().unwrap(), quick_xml::events::Event::Eof) {
                        events += 1;
                    }
                    events
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
