#[wechat::wechat_client(appid = "wx1234567890abcdef")]
struct MyApp {
    name: String,
}

fn main() {}
