//! The `wechat.call` tracing span: opened for each call when a subscriber listens at
//! debug level, with the group, the endpoint, the attempt and a rejecting errcode.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use common::{app, sim, Fault, TestApp};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::Subscriber;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// The fields of every `wechat.call` span, in the order the spans were opened.
#[derive(Clone, Default)]
struct CallSpans(Arc<Mutex<Vec<BTreeMap<String, String>>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

/// Where in `CallSpans` a span's fields are kept.
struct Slot(usize);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for CallSpans {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().name() != "wechat.call" {
            return;
        }
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let mut spans = self.0.lock().unwrap();
        spans.push(fields);
        let slot = Slot(spans.len() - 1);
        ctx.span(id).unwrap().extensions_mut().insert(slot);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let span = ctx.span(id).unwrap();
        let slot = span.extensions().get::<Slot>().map(|s| s.0);
        if let Some(i) = slot {
            values.record(&mut Fields(&mut self.0.lock().unwrap()[i]));
        }
    }
}

impl CallSpans {
    /// Records the spans of this thread until the guard drops.
    fn listen() -> (CallSpans, tracing::subscriber::DefaultGuard) {
        let spans = CallSpans::default();
        let guard =
            tracing::subscriber::set_default(tracing_subscriber::registry().with(spans.clone()));
        (spans, guard)
    }

    fn all(&self) -> Vec<BTreeMap<String, String>> {
        self.0.lock().unwrap().clone()
    }
}

fn field<'a>(span: &'a BTreeMap<String, String>, name: &str) -> &'a str {
    span.get(name).map(String::as_str).unwrap_or("<missing>")
}

#[tokio::test]
async fn each_call_has_a_span_with_its_endpoint_and_errcode() {
    let (spans, _guard) = CallSpans::listen();
    let sim = sim().await;
    let app = app(&sim);

    app.access().getcallbackip().await.unwrap();
    sim.inject(Fault {
        path: Some("/cgi-bin/getcallbackip".into()),
        errcode: Some(45009),
        ..Fault::always()
    });
    app.access().getcallbackip().await.unwrap_err();

    let all = spans.all();
    assert_eq!(all.len(), 2, "one span per call: {all:?}");
    for span in &all {
        assert_eq!(field(span, "group"), "access");
        assert_eq!(field(span, "endpoint"), "getcallbackip");
        assert_eq!(field(span, "attempt"), "1");
    }
    assert_eq!(
        field(&all[0], "errcode"),
        "<missing>",
        "an accepted call has no errcode"
    );
    assert_eq!(field(&all[1], "errcode"), "45009");
}

#[tokio::test]
async fn a_rejected_token_shows_as_a_second_attempt() {
    let (spans, _guard) = CallSpans::listen();
    let sim = sim().await;
    let app = app(&sim);
    app.access().getcallbackip().await.unwrap();
    sim.invalidate_tokens(TestApp::APPID);

    app.access().getcallbackip().await.unwrap();

    let all = spans.all();
    let last = all.last().unwrap();
    assert_eq!(field(last, "attempt"), "2", "{all:?}");
    assert_eq!(field(last, "errcode"), "40001");
}
