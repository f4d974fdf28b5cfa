//! Uploads and downloads against the simulator: multipart bodies (files streamed from
//! disk or given as bytes, extra form fields), binary answers, and JSON errcodes where
//! a file was expected.

mod common;

use common::{app, download_video, pattern, sim, write_pattern, TestApp};
use wechat::api::material::{
    AddMaterialRequest, GetMaterialRequest, MaterialUploadType, VideoDescription,
};
use wechat::api::media::{GetRequest, MediaType, UploadRequest, UploadimgRequest};
use wechat::media::{FileOr, UploadFile};
use wechat::Error;

const MIB: usize = 1024 * 1024;

#[tokio::test]
async fn a_2_mib_image_goes_up_from_disk_and_comes_back_byte_for_byte() {
    let sim = sim().await;
    let app = app(&sim);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photo.jpg");
    let image = pattern(2 * MIB);
    std::fs::write(&path, &image).unwrap();

    let up = app
        .media()
        .upload(&UploadRequest {
            r#type: MediaType::Image,
            media: UploadFile::path(&path),
        })
        .await
        .unwrap();
    assert_eq!(up.r#type, MediaType::Image);
    let media_id = up.media_id.expect("images answer a media_id");

    let got = app
        .media()
        .get(&GetRequest {
            media_id: media_id.clone(),
        })
        .await
        .unwrap();
    let FileOr::File(file) = got else {
        panic!("an image answers its bytes, got {got:?}")
    };
    assert_eq!(file.content_type, "image/jpeg");
    assert_eq!(file.filename.as_deref(), Some("photo.jpg"));
    assert_eq!(file.bytes.len(), image.len());
    assert!(file.bytes == image, "the same bytes");
    let saved = dir.path().join("back.jpg");
    file.save(&saved).await.unwrap();
    assert_eq!(std::fs::read(&saved).unwrap(), image);
}

#[tokio::test]
async fn a_10_mib_video_goes_up_from_disk_and_media_get_answers_its_url() {
    let sim = sim().await;
    let app = app(&sim);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clip.mp4");
    write_pattern(&path, 10 * MIB);

    let up = app
        .media()
        .upload(&UploadRequest {
            r#type: MediaType::Video,
            media: UploadFile::path(&path),
        })
        .await
        .unwrap();
    let downloaded = download_video(&app, up.media_id.unwrap()).await;
    assert!(
        downloaded == pattern(10 * MIB),
        "the video URL serves the uploaded bytes"
    );
}

#[tokio::test]
async fn permanent_materials_with_a_description_and_their_answers() {
    let sim = sim().await;
    let app = app(&sim);
    let video = app
        .material()
        .add_material(&AddMaterialRequest {
            r#type: MaterialUploadType::Video,
            media: UploadFile::bytes(pattern(4096), "intro.mp4"),
            description: Some(VideoDescription {
                title: "Intro".into(),
                introduction: "Our first video".into(),
            }),
        })
        .await
        .unwrap();
    assert!(video.url.is_none());
    let content = app
        .material()
        .get_material(&GetMaterialRequest {
            media_id: video.media_id.clone(),
        })
        .await
        .unwrap()
        .json()
        .expect("a video material answers JSON");
    assert_eq!(content.title.as_deref(), Some("Intro"));
    assert_eq!(content.description.as_deref(), Some("Our first video"));

    // Without the description WeChat refuses a video.
    let err = app
        .material()
        .add_material(&AddMaterialRequest {
            r#type: MaterialUploadType::Video,
            media: UploadFile::bytes(pattern(16), "intro.mp4"),
            description: None,
        })
        .await
        .unwrap_err();
    assert_eq!(err.errcode(), Some(47001), "{err}");

    let image = app
        .material()
        .add_material(&AddMaterialRequest {
            r#type: MaterialUploadType::Image,
            media: UploadFile::bytes(pattern(1000), "logo.png"),
            description: None,
        })
        .await
        .unwrap();
    assert!(image.url.is_some());
    let file = app
        .material()
        .get_material(&GetMaterialRequest {
            media_id: image.media_id,
        })
        .await
        .unwrap()
        .file()
        .expect("an image material answers its bytes");
    assert_eq!(file.content_type, "image/png");
    assert!(file.bytes == pattern(1000));

    let url = app
        .media()
        .uploadimg(&UploadimgRequest {
            media: UploadFile::bytes(pattern(100), "inline.png"),
        })
        .await
        .unwrap()
        .url;
    assert!(url.starts_with("http://mmbiz.qpic.cn/"), "{url}");
}

#[tokio::test]
async fn errcodes_in_place_of_files_are_api_errors() {
    let sim = sim().await;
    let app = app(&sim);
    let err = app
        .media()
        .get(&GetRequest {
            media_id: "no-such-media".into(),
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { errcode: 40007, .. }), "{err:?}");

    let err = app
        .media()
        .upload(&UploadRequest {
            r#type: MediaType::Video,
            media: UploadFile::bytes(pattern(10), "not-a-video.gif"),
        })
        .await
        .unwrap_err();
    assert_eq!(err.errcode(), Some(40005), "{err}");
}

#[tokio::test]
async fn a_missing_file_is_a_file_error_and_nothing_is_sent() {
    let sim = sim().await;
    let app = app(&sim);
    app.access().getcallbackip().await.unwrap();
    sim.reset_counts();
    let err = app
        .media()
        .upload(&UploadRequest {
            r#type: MediaType::Image,
            media: UploadFile::path("/definitely/not/here.jpg"),
        })
        .await
        .unwrap_err();
    match &err {
        Error::File { path, source } => {
            assert!(path.ends_with("here.jpg"));
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("expected Error::File, got {other:?}"),
    }
    assert!(err.to_string().contains("here.jpg"), "{err}");
    assert_eq!(sim.total_calls(), 0);
}

#[tokio::test]
async fn an_upload_after_a_rejected_token_is_sent_again_in_full() {
    let sim = sim().await;
    let app = app(&sim);
    app.access().getcallbackip().await.unwrap();
    sim.invalidate_tokens(TestApp::APPID);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.png");
    std::fs::write(&path, pattern(300_000)).unwrap();
    let up = app
        .media()
        .upload(&UploadRequest {
            r#type: MediaType::Image,
            media: UploadFile::path(&path),
        })
        .await
        .expect("the retry reopens the file");
    let file = app
        .media()
        .get(&GetRequest {
            media_id: up.media_id.unwrap(),
        })
        .await
        .unwrap()
        .file()
        .unwrap();
    assert!(file.bytes == pattern(300_000));
    assert_eq!(
        sim.calls("/cgi-bin/media/upload"),
        2,
        "the rejected upload and its retry"
    );
}

#[tokio::test]
async fn the_other_uploads_and_the_hd_voice_download_go_through_typed_calls() {
    use wechat::api::card_invoice::SetPdfRequest;
    use wechat::api::customservice::UploadHeadimgRequest;
    use wechat::api::media::GetJssdkRequest;
    use wechat::api::shakearound::{MaterialAddRequest, ShakeMaterialType};

    let sim = sim().await;
    let app = app(&sim);
    app.customservice()
        .upload_headimg(&UploadHeadimgRequest {
            kf_account: "test1@gh_0123456789ab".into(),
            media: UploadFile::bytes(pattern(2000), "avatar.jpg"),
        })
        .await
        .unwrap();
    let pdf = app
        .card_invoice()
        .set_pdf(&SetPdfRequest {
            pdf: UploadFile::bytes(pattern(3000), "invoice.pdf"),
        })
        .await
        .unwrap();
    assert!(!pdf.s_media_id.is_empty());
    #[allow(deprecated)]
    let icon = app
        .shakearound()
        .material_add(&MaterialAddRequest {
            r#type: Some(ShakeMaterialType::License),
            media: UploadFile::bytes(pattern(500), "license.png"),
        })
        .await
        .unwrap();
    assert!(icon.data.pic_url.starts_with("http"));
    let voice = app
        .media()
        .get_jssdk(&GetJssdkRequest {
            media_id: "server-id-1".into(),
        })
        .await
        .unwrap();
    assert_eq!(voice.content_type, "voice/speex");
    assert_eq!(voice.filename.as_deref(), Some("server-id-1.speex"));
    let err = app
        .media()
        .get_jssdk(&GetJssdkRequest {
            media_id: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.errcode(), Some(40007), "{err}");
}
