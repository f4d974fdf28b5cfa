#[wechat::wechat_client(appid = "wx1234567890abcdef", app_type = "mini_game")]
struct MyApp;

fn main() {}
