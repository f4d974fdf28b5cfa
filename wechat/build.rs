//! Rebuild the crate when a file is added to or removed from `api-specs/` (the spec
//! expander tracks the contents of the files it reads by itself) or `migrations/`
//! (`sqlx::migrate!`, feature `postgres`, likewise).

fn main() {
    println!("cargo:rerun-if-changed=../api-specs");
    println!("cargo:rerun-if-changed=migrations");
}
