#[wechat::wechat_client(appid = "wx1234567890abcdef", specs = "no-such-dir")]
struct MyApp;

fn main() {}
