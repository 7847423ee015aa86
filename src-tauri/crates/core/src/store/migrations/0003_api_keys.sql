-- 0003: API keys (metadata and a hash only; secrets live in the OS keyring) and the
-- keyring clean-ups still to do (R44).

CREATE TABLE api_keys (
    id              TEXT PRIMARY KEY NOT NULL,
    org_id          TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    kind            TEXT NOT NULL CHECK (kind IN ('standard', 'ai_agent')),
    rate_limit      INTEGER CHECK (rate_limit BETWEEN 1 AND 10000),
    prefix          TEXT NOT NULL CHECK (length(prefix) BETWEEN 8 AND 24),
    secret_hash     TEXT NOT NULL UNIQUE CHECK (length(secret_hash) = 64),
    created_at      INTEGER NOT NULL,
    created_by      TEXT,
    created_by_name TEXT NOT NULL,
    last_used_at    INTEGER,
    revoked_at      INTEGER,
    CHECK ((kind = 'ai_agent') = (rate_limit IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX api_keys_active_name ON api_keys (org_id, name COLLATE NOCASE) WHERE revoked_at IS NULL;
CREATE INDEX api_keys_org ON api_keys (org_id, created_at);
CREATE INDEX api_keys_prefix ON api_keys (prefix);

-- Keyring entries to delete: recorded in the transaction that makes them obsolete,
-- removed once the keyring confirms, retried at start-up otherwise.
CREATE TABLE keyring_cleanup (
    keyring_user TEXT PRIMARY KEY NOT NULL,
    reason       TEXT NOT NULL,
    recorded_at  INTEGER NOT NULL
) STRICT;
