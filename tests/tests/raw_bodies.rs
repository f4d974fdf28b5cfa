//! A file as the whole request body (`body = "raw"`) and text answers
//! (`response = "text"`), through typed calls against the simulator.

use wechat::api::{intelligent, merchant, nontax};
use wechat::media::UploadFile;
use wechat::OfficialAccount;
use wechat_sim::{SimConfig, Simulator};

const OA: &str = "wx5r4w0b0d0y0a0a01";

async fn setup() -> (Simulator, OfficialAccount) {
    let sim = Simulator::start(SimConfig::default().app(OA, "oa-secret"))
        .await
        .unwrap();
    let app = OfficialAccount::builder(OA)
        .secret("oa-secret")
        .api_base(sim.url())
        .build()
        .unwrap();
    (sim, app)
}

#[tokio::test]
async fn the_text_to_translate_is_the_whole_body() {
    let (_sim, app) = setup().await;
    let req = intelligent::TranslateContentRequest {
        content: UploadFile::bytes("你好，世界".as_bytes().to_vec(), "content.txt")
            .content_type("text/plain"),
        lfrom: "zh_CN".into(),
        lto: "en_US".into(),
    };
    let answer = app.intelligent().translate_content(&req).await.unwrap();
    assert_eq!(answer.from_content, "你好，世界");
    assert_eq!(answer.to_content, "[zh_CN→en_US] 你好，世界");
}

#[tokio::test]
async fn a_file_on_disk_is_streamed_as_the_body() {
    let (sim, app) = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("voice.mp3");
    std::fs::write(&path, vec![0x49u8; 64 * 1024]).unwrap();
    let req = intelligent::AddVoiceForRecognitionRequest {
        voice: UploadFile::path(&path),
        format: "mp3".into(),
        voice_id: "voice-1".into(),
        lang: None,
    };
    app.intelligent()
        .add_voice_for_recognition(&req)
        .await
        .unwrap();
    assert_eq!(sim.calls("/cgi-bin/media/voice/addvoicetorecofortext"), 1);

    // A missing file is an Error::File before anything is sent.
    let missing = intelligent::AddVoiceForRecognitionRequest {
        voice: UploadFile::path(dir.path().join("gone.mp3")),
        ..req
    };
    let err = app
        .intelligent()
        .add_voice_for_recognition(&missing)
        .await
        .unwrap_err();
    assert!(matches!(err, wechat::Error::File { .. }), "{err:?}");
    assert_eq!(sim.calls("/cgi-bin/media/voice/addvoicetorecofortext"), 1);
}

#[tokio::test]
#[allow(deprecated)]
async fn an_image_body_answers_its_url() {
    let (_sim, app) = setup().await;
    let req = merchant::UploadImgRequest {
        image: UploadFile::bytes(vec![0x89, b'P', b'N', b'G'], "test.png"),
        filename: "test.png".into(),
    };
    let answer = app.merchant().upload_img(&req).await.unwrap();
    assert!(!answer.image_url.is_empty());
}

#[tokio::test]
async fn a_csv_bill_is_text_and_an_errcode_still_an_error() {
    let (sim, app) = setup().await;
    let req = nontax::DownloadBillRequest {
        appid: OA.into(),
        mch_id: "1900000109".into(),
        bill_date: "20170903".into(),
        bill_type: Some(nontax::NontaxBillType::All),
    };
    let csv = app.nontax().download_bill(&req).await.unwrap();
    assert!(csv.contains(','), "{csv}");
    sim.inject(wechat_sim::Fault::errcode("/nontax/downloadbill", 40097));
    let err = app.nontax().download_bill(&req).await.unwrap_err();
    assert_eq!(err.errcode(), Some(40097), "{err}");
}
