#[wechat::wechat_client(appid = "", scenario = "central", app_type = "game", specs = "/abs/dir")]
struct MyApp;

fn main() {}
