#[wechat::wechat_client(scenario = "hub")]
struct MyApp;

fn main() {
    let _ = MyApp::builder();
}
