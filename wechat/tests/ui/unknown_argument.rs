#[wechat::wechat_client(appid = "wx1234567890abcdef", scenaro = "hub")]
struct MyApp;

fn main() {}
