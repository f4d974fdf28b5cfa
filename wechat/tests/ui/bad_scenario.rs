#[wechat::wechat_client(appid = "wx1234567890abcdef", scenario = "server")]
struct MyApp;

fn main() {}
