#[wechat::wechat_client(appid = 1234, scenario = "hub")]
struct MyApp;

fn main() {}
