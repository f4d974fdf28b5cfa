//! A directory of the user's own specs adds a group that works end to end.

use serde_json::json;
use wechat::wechat_client;
use wechat_sim::{SimConfig, Simulator};

#[wechat_client(appid = "wx9e8d7c6b5a493827", scenario = "hub", specs = "user-specs")]
struct AnalyticsApp;

#[tokio::test]
async fn a_user_spec_group_is_called_with_its_own_types() {
    let sim = Simulator::start(SimConfig::default().app(AnalyticsApp::APPID, "s3cr3t"))
        .await
        .unwrap();
    sim.set_body(
        "POST",
        "/datacube/getusersummary",
        json!({"list": [
            {"ref_date": "2026-11-01", "user_source": 30, "new_user": 12, "cancel_user": 1},
            {"ref_date": "2026-11-01", "user_source": 999, "new_user": 1, "cancel_user": 0}
        ]}),
    );
    let app = AnalyticsApp::builder()
        .secret("s3cr3t")
        .api_base(sim.url())
        .build()
        .unwrap();
    let req = analytics_app_api::user_analysis::GetusersummaryRequest {
        begin_date: "2026-11-01".into(),
        end_date: "2026-11-01".into(),
    };
    let answer = app.user_analysis().getusersummary(&req).await.unwrap();
    use analytics_app_api::user_analysis::UserSource;
    assert_eq!(answer.list[0].user_source, UserSource::Qrcode);
    assert_eq!(answer.list[0].new_user, 12);
    assert_eq!(
        answer.list[1].user_source,
        UserSource::Other(999),
        "unknown values are kept"
    );
    // The built-in groups are there too, through the same token.
    app.menu().get().await.unwrap();
    assert_eq!(sim.token_requests(), 1);
    assert_eq!(sim.calls("/datacube/getusersummary"), 1);
}
