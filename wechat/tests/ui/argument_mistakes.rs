// Mistakes in the attribute's arguments, one client each: every one is told at its
// argument, and none hides another (nor adds errors to the code using the clients).

#[wechat::wechat_client(appid = "wx1234567890abcdef", app_type = "mini_game")]
struct BadAppType;

#[wechat::wechat_client(appid = "wx1234567890abcdef", scenario = "server")]
struct BadScenario;

#[wechat::wechat_client(scenario = "hub")]
struct MissingAppid;

#[wechat::wechat_client(appid = 1234, scenario = "hub")]
struct NotAString;

#[wechat::wechat_client(appid = "wx1234567890abcdef", scenaro = "hub")]
struct UnknownArgument;

#[wechat::wechat_client(appid = "wx1234567890abcdef")]
struct NotAUnitStruct {
    name: String,
}

#[wechat::wechat_client(appid = "wx1234567890abcdef", specs = "no-such-dir")]
struct MissingSpecsDir;

fn main() {
    let _ = MissingAppid::builder();
    let _ = BadScenario::builder();
}
