// `url_scheme` is a Mini Program group: an Official Account client does not have it,
// and the note says where it is.
#[wechat::wechat_client(appid = "wx1234567890abcdef", scenario = "hub")]
struct MyApp;

async fn call(app: &MyApp) {
    let _ = app.url_scheme().queryscheme().await;
}

fn main() {
    let _ = call;
}
