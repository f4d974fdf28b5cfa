//! The store's SQL, with the schema's name written in once.

/// Every statement the store sends, for one schema.
pub(super) struct Queries {
    /// The schema of the tables.
    pub(super) schema: String,
    /// `$1` key → `(value, version)`.
    pub(super) load_record: String,
    /// `$1` key, `$2` value, `$3` version → `version` when written, no row when the
    /// table holds an equal or higher version.
    pub(super) save_record: String,
    /// `$1` prefix → keys, ascending (byte order: the column's collation is "C").
    pub(super) record_keys: String,
    /// `$1` prefix, `$2` the key to start after, `$3` limit → `(key, value, version)`
    /// of the next records under the prefix, by key.
    pub(super) record_entries: String,
    /// `$1` key → `(value, expires_at, fetched_at_ms)`.
    pub(super) load_token: String,
    /// `$1` key, `$2` value, `$3` expires_at, `$4` fetched_at_ms → `fetched_at_ms` when
    /// written, no row when the table holds a token fetched later.
    pub(super) save_token: String,
    /// `$1` name, `$2` owner, `$3` ttl in ms → a row when taken, none when held.
    pub(super) try_lock: String,
    /// `$1` name, `$2` owner: deletes the lock only while `owner` holds it.
    pub(super) unlock: String,
    /// `$1` name, `$2` owner, `$3` ttl in ms: extends the lock only while `owner` holds
    /// it (and it has not expired).
    pub(super) extend_lock: String,
}

impl Queries {
    /// The statements on the tables of `schema` (a name that needs no quoting).
    pub(super) fn new(schema: &str) -> Queries {
        Queries {
            schema: schema.to_owned(),
            load_record: format!("SELECT value, version FROM {schema}.durable_records WHERE key = $1"),
            save_record: format!(
                "INSERT INTO {schema}.durable_records AS stored (key, value, version) VALUES ($1, $2, $3) \
                 ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, version = EXCLUDED.version, updated_at = now() \
                 WHERE stored.version < EXCLUDED.version \
                 RETURNING version"
            ),
            record_entries: format!(
                "SELECT key, value, version FROM {schema}.durable_records WHERE starts_with(key, $1) AND key > $2 ORDER BY key LIMIT $3"
            ),
            record_keys: format!(
                "SELECT key FROM {schema}.durable_records WHERE starts_with(key, $1) ORDER BY key"
            ),
            load_token: format!(
                "SELECT value, expires_at, fetched_at_ms FROM {schema}.tokens WHERE key = $1"
            ),
            save_token: format!(
                "INSERT INTO {schema}.tokens AS stored (key, value, expires_at, fetched_at_ms) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at, fetched_at_ms = EXCLUDED.fetched_at_ms \
                 WHERE stored.fetched_at_ms <= EXCLUDED.fetched_at_ms \
                 RETURNING fetched_at_ms"
            ),
            try_lock: format!(
                "INSERT INTO {schema}.locks AS held (name, owner, expires_at) \
                 VALUES ($1, $2, clock_timestamp() + $3::bigint * interval '1 millisecond') \
                 ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at \
                 WHERE held.expires_at <= clock_timestamp() \
                 RETURNING 1"
            ),
            unlock: format!("DELETE FROM {schema}.locks WHERE name = $1 AND owner = $2"),
            extend_lock: format!(
                "UPDATE {schema}.locks SET expires_at = clock_timestamp() + $3::bigint * interval '1 millisecond' \
                 WHERE name = $1 AND owner = $2 AND expires_at > clock_timestamp() \
                 RETURNING 1"
            ),
        }
    }
}
