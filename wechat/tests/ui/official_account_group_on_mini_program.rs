// `menu` is an Official Account group: a Mini Program client does not have it, and
// the note says where it is.
#[wechat::wechat_client(appid = "wx1234567890abcdef", scenario = "hub", app_type = "mini_program")]
struct MyMini;

async fn call(app: &MyMini) {
    let _ = app.menu().get().await;
}

fn main() {
    let _ = call;
}
