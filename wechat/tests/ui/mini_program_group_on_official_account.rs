// `url_scheme` is a Mini Program group: an Official Account client does not have it.
#[wechat::wechat_client(appid = "wx1234567890abcdef", scenario = "hub")]
struct MyApp;

async fn call(app: &MyApp) {
    let _ = app.url_scheme();
}

fn main() {
    let _ = call;
}
