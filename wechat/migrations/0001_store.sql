-- The tables of `wechat::store::PostgresStore`, created in its schema (`wechat` unless
-- the application chose another), which also holds this schema's `_sqlx_migrations`.
-- Keys are ASCII strings made by the SDK; "C" collation orders them byte by byte.

-- DurableStore: credentials that cannot be fetched again (component_verify_ticket,
-- authorizer_refresh_token, the authorizer registry). A row is only ever replaced by a
-- higher version.
CREATE TABLE durable_records (
    key        TEXT COLLATE "C" PRIMARY KEY,
    value      TEXT NOT NULL,
    version    BIGINT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Store: hot tokens (access_token, component_access_token, tickets), which can be
-- fetched again. A row is only ever replaced by a token fetched at the same time or later.
CREATE TABLE tokens (
    key           TEXT COLLATE "C" PRIMARY KEY,
    value         TEXT NOT NULL,
    expires_at    BIGINT NOT NULL, -- Unix time, seconds
    fetched_at_ms BIGINT NOT NULL  -- Unix time, milliseconds
);

-- Store::try_lock / unlock: one row per lock held; an expired row is free to take.
CREATE TABLE locks (
    name       TEXT COLLATE "C" PRIMARY KEY,
    owner      TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL -- by the database's clock
);
