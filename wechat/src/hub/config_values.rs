//! What the sections of `hub.toml` share: the environment variables that override
//! secrets and URLs, and the check of an HTTP URL.

use super::config_problems::Problems;

/// The environment variable that overrides the secret of app `appid`:
/// `WECHAT_HUB_SECRET_` and the appid in upper case (`WECHAT_HUB_SECRET_WX1234...`).
pub fn app_secret_var(appid: &str) -> String {
    format!("WECHAT_HUB_SECRET_{}", env_suffix(appid))
}

/// The environment variable that overrides the secret of key `name`: `WECHAT_HUB_KEY_`
/// and the name in upper case, other characters than letters and digits as `_`
/// (`shop-backend` → `WECHAT_HUB_KEY_SHOP_BACKEND`).
pub fn key_secret_var(name: &str) -> String {
    format!("WECHAT_HUB_KEY_{}", env_suffix(name))
}

/// The environment variable that overrides `[store] url`.
pub const STORE_URL_VAR: &str = "WECHAT_HUB_STORE_URL";

/// `name` in upper case, other characters than letters and digits as `_`.
pub(crate) fn env_suffix(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Why `url` (the value of `what`) is not an http:// or https:// URL, if it is not.
pub(crate) fn http_url_problem(what: &str, url: &str) -> Option<String> {
    match reqwest::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => None,
        Ok(_) => Some(format!(
            "{what} = \"{url}\": must be an http:// or https:// URL"
        )),
        Err(e) => Some(format!("{what} = \"{url}\": not a URL: {e}")),
    }
}

/// The problems of `[section] kind = "postgres"` with `url` (from the file, or the
/// environment variable `var`): a missing or non-PostgreSQL URL, a build without the
/// `postgres` feature. `[store]` and `[durable]` both check theirs this way.
pub(crate) fn postgres_problems(
    section: &str,
    var: &str,
    url: Option<&str>,
    problems: &mut Problems<'_>,
) {
    match url.map(reqwest::Url::parse) {
        None => problems.at(
            &format!("{section}.url"),
            format!("[{section}] kind = \"postgres\" needs url = \"postgres://user@host/db\" (or {var})"),
        ),
        Some(Ok(u)) if matches!(u.scheme(), "postgres" | "postgresql") => {}
        Some(_) => problems.at(
            &format!("{section}.url"),
            format!("[{section}] url: not a PostgreSQL URL (postgres://user[:password]@host[:port]/db)"),
        ),
    }
    if !cfg!(feature = "postgres") {
        problems.at(
            &format!("{section}.kind"),
            format!("[{section}] kind = \"postgres\": this wechat-hub was built without the `postgres` feature"),
        );
    }
}
