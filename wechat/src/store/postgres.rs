//! Durable records and hot tokens in PostgreSQL, shared by processes on several hosts
//! (feature `postgres`).
//!
//! What lives where: this file makes the store (URL, pool, schema, migrations);
//! `records.rs` is its [`DurableStore`](super::DurableStore) (credentials that cannot
//! be fetched again), `tokens.rs` its [`Store`](super::Store) (hot tokens and refresh
//! locks), `queries.rs` the SQL. The schema, `migrations/0001_store.sql`, has three
//! tables in the store's own schema (`wechat` by default), beside that schema's
//! `_sqlx_migrations`:
//!
//! - `durable_records (key PRIMARY KEY, value, version, updated_at)`,
//! - `tokens (key PRIMARY KEY, value, expires_at /* Unix s */, fetched_at_ms /* Unix ms */)`,
//! - `locks (name PRIMARY KEY, owner, expires_at /* timestamptz, the database's clock */)`.

mod queries;
mod records;
mod tokens;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::{Connection, Executor};

use self::queries::Queries;
use crate::{Error, Result};

/// The schema of [`PostgresStore::connect`] and [`PostgresStore::from_pool`].
const DEFAULT_SCHEMA: &str = "wechat";
/// How long [`PostgresStore::connect`] waits for the first connection, and each
/// operation of its pool for a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The default of [`PostgresStore::timeout`].
const OPERATION_TIMEOUT: Duration = Duration::from_secs(5);
/// The advisory lock (transaction-scoped) under which a missing schema is created, so
/// that processes starting together do not race to create it.
const SCHEMA_LOCK_ID: i64 = 0x7765_6368_6174_0001;

/// Keeps [`DurableStore`](super::DurableStore) records and [`Store`](super::Store)
/// tokens and locks in PostgreSQL, so that a deployment can keep everything there.
///
/// Its tables live in a schema of their own (`wechat` unless you choose another):
///
/// | table | holds | written by |
/// |---|---|---|
/// | `durable_records (key, value, version, updated_at)` | durable records: `component_verify_ticket`, `authorizer_refresh_token`, the authorizer registry | `INSERT … ON CONFLICT (key) DO UPDATE … WHERE stored.version < EXCLUDED.version`: only a higher version replaces a row; [`DurableStore::save`](super::DurableStore::save) then returns what the table holds |
/// | `tokens (key, value, expires_at, fetched_at_ms)` | hot tokens: `access_token`, tickets (`expires_at` in Unix seconds, `fetched_at_ms` in Unix milliseconds) | the same upsert, where a token fetched at the same time or later wins |
/// | `locks (name, owner, expires_at)` | the lock around each refresh ([`Store::try_lock`](super::Store::try_lock)) | an upsert that takes a missing or expired row, by the database's clock (hosts whose clocks differ agree); [`Store::unlock`](super::Store::unlock) deletes the row only for its owner |
///
/// - Every write is one statement, hence one transaction: concurrent writers in any
///   number of processes leave the highest version, and a process killed or a
///   connection lost mid-write leaves the previous row.
/// - Keys are compared and listed byte by byte (the columns' collation is `"C"`);
///   [`DurableStore::keys`](super::DurableStore::keys) matches its prefix literally
///   (`starts_with`: `_` and `%` are no wildcards).
/// - The migrations are embedded and run when the store is made, once between
///   processes that start together. They are recorded in the store's schema
///   (`{schema}._sqlx_migrations`), apart from the application's own, and only ever
///   add, so that a process of an older release still runs on a schema that a newer
///   one migrated.
/// - Each operation is allowed 5 s ([`PostgresStore::timeout`]): while the server is
///   down, the store fails fast with [`Error::Store`] and the token core keeps
///   serving the tokens it holds.
/// - A cheap handle: clones share one connection pool.
///
/// Values are secrets: the store never logs them, and neither `Debug` nor an error
/// shows a value or the URL's password.
///
/// ```no_run
/// # async fn demo() -> wechat::Result<()> {
/// use wechat::store::{DurableRecord, DurableStore, PostgresStore};
///
/// let store = PostgresStore::connect("postgres://wechat@db.internal:5432/wechat").await?;
/// // Hot tokens: `.store(store.clone())` on a client builder. Durable records:
/// let ticket = DurableRecord::new("ticket@...", 1_700_000_000_000);
/// let held = DurableStore::save(&store, "component_verify_ticket/wxc", ticket).await?;
/// assert!(held.version >= 1_700_000_000_000);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct PostgresStore {
    pool: PgPool,
    sql: Arc<Queries>,
    shown_url: Arc<str>,
    timeout: Duration,
}

impl fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresStore")
            .field("url", &self.shown_url)
            .field("schema", &self.sql.schema)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl PostgresStore {
    /// A store on the PostgreSQL server at `url`
    /// (`postgres://user[:password]@host[:port]/database[?param=value]`, the parameters
    /// of libpq's URLs, e.g. `application_name`), with its tables in the schema
    /// `wechat`.
    ///
    /// Connects once (within 5 s), creates the schema if it is missing and runs the
    /// migrations, then keeps a pool of up to 10 connections that open as needed; each
    /// operation is then allowed 5 s ([`PostgresStore::timeout`]). Must be called
    /// inside a Tokio runtime. TLS is rustls with the webpki roots: `sslmode=prefer` (the default)
    /// uses it when the server offers it, `sslmode=require` insists on it, and
    /// `sslmode=verify-full` (with `sslrootcert=path` for a private CA) also checks
    /// the server's certificate and name.
    ///
    /// # Errors
    /// [`Error::Config`] for a URL that is not a PostgreSQL URL; [`Error::Store`] when
    /// the server cannot be reached or refuses the connection, or the migrations
    /// fail (e.g. the user may not create the schema). Messages show the URL without
    /// its password.
    pub async fn connect(url: &str) -> Result<PostgresStore> {
        Self::connect_with_schema(url, DEFAULT_SCHEMA).await
    }

    /// As [`PostgresStore::connect`], with the tables in `schema` (lowercase ASCII
    /// letters, digits and `_`, starting with a letter or `_`, at most 63 bytes): one
    /// schema per deployment that shares a database.
    ///
    /// # Errors
    /// As [`PostgresStore::connect`], and [`Error::Config`] for a schema name outside
    /// those rules.
    pub async fn connect_with_schema(url: &str, schema: &str) -> Result<PostgresStore> {
        let (options, redactor) = parse_url(url)?;
        check_schema(schema)?;
        let shown_url = shown_url(&options);
        migrate(&options, schema, &shown_url)
            .await
            .map_err(|e| redactor.scrub_error(e))?;
        let pool = PgPoolOptions::new()
            .acquire_timeout(CONNECT_TIMEOUT)
            .connect_lazy_with(options);
        Ok(PostgresStore::new(pool, schema, shown_url))
    }

    /// A store on `pool` (a `sqlx` 0.8 `PgPool`, configured as the application
    /// likes: size, timeouts, TLS), with its tables in the schema `wechat`.
    ///
    /// Creates the schema if it is missing and runs the migrations on connections of
    /// its own, opened with the pool's connect options and closed afterwards, so that
    /// the pool's connections are left as they are.
    ///
    /// # Errors
    /// [`Error::Store`] when the server cannot be reached (within 5 s) or the
    /// migrations fail.
    pub async fn from_pool(pool: PgPool) -> Result<PostgresStore> {
        Self::from_pool_with_schema(pool, DEFAULT_SCHEMA).await
    }

    /// As [`PostgresStore::from_pool`], with the tables in `schema` (as for
    /// [`PostgresStore::connect_with_schema`]).
    ///
    /// # Errors
    /// As [`PostgresStore::from_pool`], and [`Error::Config`] for a schema name outside
    /// the rules of [`PostgresStore::connect_with_schema`].
    pub async fn from_pool_with_schema(pool: PgPool, schema: &str) -> Result<PostgresStore> {
        check_schema(schema)?;
        let options = pool.connect_options();
        let shown_url = shown_url(&options);
        migrate(&options, schema, &shown_url).await?;
        Ok(PostgresStore::new(pool, schema, shown_url))
    }

    fn new(pool: PgPool, schema: &str, shown_url: String) -> PostgresStore {
        PostgresStore {
            pool,
            sql: Arc::new(Queries::new(schema)),
            shown_url: shown_url.into(),
            timeout: OPERATION_TIMEOUT,
        }
    }

    /// Allows each operation `timeout` (default 5 s) to get a connection and an answer;
    /// past it, the operation fails with [`Error::Store`], so that a server that is
    /// down or hangs, or a row held by a transaction that does not end, never holds up
    /// the token core for long. A write that timed out may still land afterwards: the
    /// version check (or `fetched_at_ms`) makes that harmless.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The connection pool, e.g. to share it with the application's own queries.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The schema of the store's tables.
    pub fn schema(&self) -> &str {
        &self.sql.schema
    }

    /// Runs the operation `op` (e.g. `token write`) within the store's timeout.
    async fn run<T>(
        &self,
        op: &str,
        operation: impl std::future::Future<Output = Result<T, sqlx::Error>>,
    ) -> Result<T> {
        match tokio::time::timeout(self.timeout, operation).await {
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(e)) => Err(Error::store(
                format!("PostgreSQL {op} at {} failed", self.shown_url),
                e,
            )),
            Err(_) => Err(Error::Store {
                message: format!(
                    "PostgreSQL {op} at {} failed: no answer within {:?}",
                    self.shown_url, self.timeout
                ),
                source: None,
            }),
        }
    }
}

/// The options of a `postgres://` or `postgresql://` URL, and its password's forms
/// (to keep them out of messages).
fn parse_url(url: &str) -> Result<(PgConnectOptions, Redactor)> {
    let parsed = url::Url::parse(url).map_err(|e| {
        Error::config(format!(
            "store url is not a URL ({e}); expected postgres://user[:password]@host[:port]/database"
        ))
    })?;
    if !matches!(parsed.scheme(), "postgres" | "postgresql") {
        return Err(Error::config(format!(
            "store url has the scheme `{}:`, not postgres: or postgresql: (postgres://user[:password]@host[:port]/database)",
            parsed.scheme()
        )));
    }
    let redactor = Redactor::of(parsed.password().unwrap_or(""));
    let options = PgConnectOptions::from_str(url).map_err(|e| {
        Error::config(redactor.scrub(format!("store url is not a PostgreSQL URL: {e}")))
    })?;
    Ok((options, redactor))
}

/// A password's forms, as written in a URL and `%`-decoded, to take out of text.
struct Redactor(Vec<String>);

impl Redactor {
    fn of(password: &str) -> Redactor {
        let mut forms = vec![password.to_owned()];
        if let Ok(decoded) = percent_encoding::percent_decode_str(password).decode_utf8() {
            forms.push(decoded.into_owned());
        }
        forms.retain(|f| !f.is_empty());
        Redactor(forms)
    }

    /// `error` with the password taken out of its message.
    fn scrub_error(&self, error: Error) -> Error {
        match error {
            Error::Store { message, source } => Error::Store {
                message: self.scrub(message),
                source,
            },
            other => other,
        }
    }

    /// `text` with every form of the password replaced by `<redacted>`.
    fn scrub(&self, mut text: String) -> String {
        for form in &self.0 {
            text = text.replace(form.as_str(), "<redacted>");
        }
        text
    }
}

/// The server as `postgres://user@host:port/database`: never a password.
fn shown_url(options: &PgConnectOptions) -> String {
    let host = match options.get_socket() {
        Some(socket) => socket.display().to_string(),
        None => options.get_host().to_owned(),
    };
    format!(
        "postgres://{}@{}:{}/{}",
        options.get_username(),
        host,
        options.get_port(),
        options.get_database().unwrap_or("")
    )
}

/// Whether `schema` is a name that needs no quoting: `[a-z_][a-z0-9_]*`, at most 63
/// bytes, not `pg_…` (reserved by PostgreSQL).
fn check_schema(schema: &str) -> Result<()> {
    let mut chars = schema.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if first_ok && rest_ok && schema.len() <= 63 && !schema.starts_with("pg_") {
        Ok(())
    } else {
        Err(Error::config(format!(
            "PostgreSQL schema `{schema}` is not a lowercase name of letters, digits and `_` (at most 63 bytes, not starting with a digit or `pg_`)"
        )))
    }
}

/// Creates `schema` if it is missing and runs the migrations in it, on connections of
/// their own (whose `search_path` is `schema`).
async fn migrate(options: &PgConnectOptions, schema: &str, shown_url: &str) -> Result<()> {
    let options = options.clone().options([("search_path", schema)]);
    let mut conn =
        match tokio::time::timeout(CONNECT_TIMEOUT, PgConnection::connect_with(&options)).await {
            Ok(Ok(conn)) => conn,
            Ok(Err(e)) => {
                return Err(Error::store(
                    format!("cannot connect to PostgreSQL at {shown_url}: {e}"),
                    e,
                ))
            }
            Err(_) => {
                return Err(Error::Store {
                    message: format!(
                        "cannot connect to PostgreSQL at {shown_url}: no answer within {} s",
                        CONNECT_TIMEOUT.as_secs()
                    ),
                    source: None,
                })
            }
        };
    let created = create_schema(&mut conn, schema, shown_url).await;
    let _ = conn.close().await;
    created?;
    // The migrator runs on a pool (of one connection): on a plain connection, its
    // `Acquire` bound would make the caller's future not `Send`.
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(CONNECT_TIMEOUT)
        .connect_lazy_with(options);
    let mut migrator = sqlx::migrate!();
    // A process of an older release runs against a schema that a newer one migrated.
    migrator.set_ignore_missing(true);
    let ran = migrator.run(&pool).await;
    pool.close().await;
    ran.map_err(|e| {
        Error::store(
            format!("cannot migrate the schema `{schema}` in PostgreSQL at {shown_url}: {e}"),
            e,
        )
    })
}

/// Creates `schema` on `conn` unless it exists, under an advisory lock so that
/// processes starting together do not race to create it.
async fn create_schema(conn: &mut PgConnection, schema: &str, shown_url: &str) -> Result<()> {
    let failed = |e: sqlx::Error| {
        Error::store(
            format!("cannot create the schema `{schema}` in PostgreSQL at {shown_url}: {e}"),
            e,
        )
    };
    // Looked up first: a user who may not create schemas can still use one that an
    // administrator created.
    let exists = "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)";
    let exists: bool = sqlx::query_scalar(exists)
        .bind(schema)
        .fetch_one(&mut *conn)
        .await
        .map_err(failed)?;
    if exists {
        return Ok(());
    }
    let mut tx = conn.begin().await.map_err(failed)?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(SCHEMA_LOCK_ID)
        .execute(&mut *tx)
        .await
        .map_err(failed)?;
    let create = format!("CREATE SCHEMA IF NOT EXISTS {schema}");
    tx.execute(sqlx::raw_sql(&create)).await.map_err(failed)?;
    tx.commit().await.map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_urls_have_no_password() {
        let (options, redactor) = parse_url("postgres://u:hun%3Ater2@db.example:6543/app").unwrap();
        let shown = shown_url(&options);
        assert_eq!(shown, "postgres://u@db.example:6543/app");
        let text = redactor.scrub("a hun:ter2 b hun%3Ater2".to_owned());
        assert_eq!(text, "a <redacted> b <redacted>");
    }

    #[test]
    fn urls_of_other_schemes_are_config_errors() {
        for url in [
            "redis://127.0.0.1:6379",
            "not a url",
            "http://u:secret@host/db",
        ] {
            let Err(err) = parse_url(url) else {
                panic!("{url} parsed")
            };
            assert!(matches!(err, Error::Config(_)), "{err}");
            assert!(!err.to_string().contains("secret"), "{err}");
        }
    }

    #[test]
    fn schema_names_need_no_quoting() {
        for ok in ["wechat", "_w", "wechat_2"] {
            check_schema(ok).unwrap();
        }
        for bad in [
            "",
            "Wechat",
            "2w",
            "w-x",
            "w\"; DROP",
            "pg_w",
            &"w".repeat(64),
        ] {
            assert!(matches!(check_schema(bad), Err(Error::Config(_))), "{bad}");
        }
    }
}
