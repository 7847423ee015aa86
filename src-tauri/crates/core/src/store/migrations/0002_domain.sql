-- 0002: accounts, organizations, roles, memberships, invitations, workspaces, agents,
-- billing ledger, login history and the audit log.
-- Times are UTC milliseconds since the Unix epoch. Ids are UUID v7 text.

CREATE TABLE accounts (
    id              TEXT PRIMARY KEY NOT NULL,
    email           TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254 AND email = lower(email)),
    first_name      TEXT NOT NULL CHECK (length(first_name) BETWEEN 1 AND 60),
    last_name       TEXT NOT NULL CHECK (length(last_name) BETWEEN 1 AND 60),
    phone           TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 32),
    avatar          BLOB,
    password_hash   TEXT,                          -- NULL: a modelled person who cannot sign in
    plan            TEXT NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'team', 'business', 'enterprise')),
    currency        TEXT NOT NULL DEFAULT 'USD' CHECK (length(currency) = 3),
    theme           TEXT NOT NULL DEFAULT 'system' CHECK (theme IN ('system', 'light', 'dark')),
    main_company_id TEXT REFERENCES organizations(id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    last_login_at   INTEGER
) STRICT;

CREATE TABLE organizations (
    id                    TEXT PRIMARY KEY NOT NULL,
    name                  TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    slug                  TEXT NOT NULL UNIQUE CHECK (
                              length(slug) BETWEEN 2 AND 48
                              AND slug NOT GLOB '*[^a-z0-9-]*'
                              AND substr(slug, 1, 1) <> '-'
                              AND substr(slug, -1, 1) <> '-'
                              AND instr(slug, '--') = 0),
    description           TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    avatar                BLOB,
    notify_member_joined  INTEGER NOT NULL DEFAULT 1 CHECK (notify_member_joined IN (0, 1)),
    notify_member_left    INTEGER NOT NULL DEFAULT 1 CHECK (notify_member_left IN (0, 1)),
    notify_api_keys       INTEGER NOT NULL DEFAULT 1 CHECK (notify_api_keys IN (0, 1)),
    notify_low_balance    INTEGER NOT NULL DEFAULT 0 CHECK (notify_low_balance IN (0, 1)),
    low_balance_threshold INTEGER NOT NULL DEFAULT 0 CHECK (low_balance_threshold >= 0),
    plan                  TEXT NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'team', 'business', 'enterprise')),
    currency              TEXT NOT NULL DEFAULT 'USD' CHECK (length(currency) = 3),
    created_at            INTEGER NOT NULL
) STRICT;

CREATE TABLE roles (
    id          TEXT PRIMARY KEY NOT NULL,
    org_id      TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    kind        TEXT NOT NULL CHECK (kind IN ('owner', 'admin', 'member', 'template', 'custom')),
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 100),
    permissions TEXT NOT NULL,                     -- comma-separated catalogue codes
    created_at  INTEGER NOT NULL,
    CHECK ((kind = 'owner') = (level = 100))
) STRICT;
CREATE UNIQUE INDEX roles_name ON roles (org_id, name COLLATE NOCASE);
CREATE UNIQUE INDEX roles_one_system_each ON roles (org_id, kind) WHERE kind IN ('owner', 'admin', 'member');

CREATE TABLE memberships (
    num            INTEGER PRIMARY KEY,            -- stable rowid for the search index
    id             TEXT NOT NULL UNIQUE,
    org_id         TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    account_id     TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    role_id        TEXT NOT NULL REFERENCES roles(id) DEFERRABLE INITIALLY DEFERRED,
    is_owner       INTEGER NOT NULL DEFAULT 0 CHECK (is_owner IN (0, 1)),
    status         TEXT NOT NULL CHECK (status IN ('active', 'deactivated')),
    joined_at      INTEGER NOT NULL,
    last_active_at INTEGER,
    -- Copies of the account's sort keys so member pages are keyset scans of one index.
    sort_name      TEXT NOT NULL,
    sort_email     TEXT NOT NULL,
    sort_login     INTEGER NOT NULL DEFAULT -1,    -- accounts.last_login_at, -1 = never
    CHECK (is_owner = 0 OR status = 'active'),
    UNIQUE (org_id, account_id)
) STRICT;
-- R18: at most one Owner per organization (the core guarantees at least one).
CREATE UNIQUE INDEX memberships_one_owner ON memberships (org_id) WHERE is_owner = 1;
CREATE INDEX memberships_account ON memberships (account_id);
-- Narrow, so counting an organization's members by status reads as few pages as possible.
CREATE INDEX memberships_status ON memberships (org_id, status);
CREATE INDEX memberships_role ON memberships (role_id);
CREATE INDEX memberships_by_name ON memberships (org_id, status, sort_name, id);
CREATE INDEX memberships_by_email ON memberships (org_id, status, sort_email, id);
CREATE INDEX memberships_by_login ON memberships (org_id, status, sort_login, id);
CREATE INDEX memberships_by_role_name ON memberships (org_id, role_id, sort_name, id);

-- The Owner flag and the Owner role go together.
CREATE TRIGGER memberships_owner_role_insert BEFORE INSERT ON memberships
WHEN NEW.is_owner <> COALESCE((SELECT kind = 'owner' FROM roles WHERE id = NEW.role_id), 0)
BEGIN
    SELECT RAISE(ABORT, 'the Owner flag and the Owner role must go together');
END;
CREATE TRIGGER memberships_owner_role_update BEFORE UPDATE OF is_owner, role_id ON memberships
WHEN NEW.is_owner <> COALESCE((SELECT kind = 'owner' FROM roles WHERE id = NEW.role_id), 0)
BEGIN
    SELECT RAISE(ABORT, 'the Owner flag and the Owner role must go together');
END;

-- Substring search over each member's name and e-mail (trigram: any fragment of three
-- or more characters), one entry per membership so a search stays inside its
-- organization's rows.
CREATE VIRTUAL TABLE members_search USING fts5 (
    text, content = '', contentless_delete = 1, tokenize = 'trigram'
);
CREATE TRIGGER members_search_insert AFTER INSERT ON memberships BEGIN
    INSERT INTO members_search (rowid, text) VALUES (NEW.num, NEW.sort_name || ' ' || NEW.sort_email);
END;
CREATE TRIGGER members_search_update AFTER UPDATE OF sort_name, sort_email ON memberships BEGIN
    DELETE FROM members_search WHERE rowid = OLD.num;
    INSERT INTO members_search (rowid, text) VALUES (NEW.num, NEW.sort_name || ' ' || NEW.sort_email);
END;
CREATE TRIGGER members_search_delete AFTER DELETE ON memberships BEGIN
    DELETE FROM members_search WHERE rowid = OLD.num;
END;

CREATE TABLE invitations (
    id          TEXT PRIMARY KEY NOT NULL,
    org_id      TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    email       TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email = lower(email)),
    first_name  TEXT NOT NULL CHECK (length(first_name) BETWEEN 1 AND 60),
    last_name   TEXT NOT NULL CHECK (length(last_name) BETWEEN 1 AND 60),
    role_id     TEXT REFERENCES roles(id) ON DELETE SET NULL,
    role_name   TEXT NOT NULL,                     -- snapshot for accepted/revoked rows
    status      TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'revoked')),
    invited_by  TEXT REFERENCES accounts(id) ON DELETE SET NULL,
    sent_at     INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL CHECK (expires_at > sent_at),
    decided_at  INTEGER,
    CHECK (status <> 'pending' OR role_id IS NOT NULL)
) STRICT;
CREATE UNIQUE INDEX invitations_one_pending ON invitations (org_id, email) WHERE status = 'pending';
CREATE INDEX invitations_by_email ON invitations (email, status);
CREATE INDEX invitations_by_org ON invitations (org_id, status, sent_at);

CREATE TABLE workspaces (
    id         TEXT PRIMARY KEY NOT NULL,
    org_id     TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX workspaces_name ON workspaces (org_id, name COLLATE NOCASE);
CREATE UNIQUE INDEX workspaces_one_default ON workspaces (org_id) WHERE is_default = 1;

CREATE TABLE workspace_roles (
    workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    membership_id TEXT NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
    role_id       TEXT NOT NULL REFERENCES roles(id) DEFERRABLE INITIALLY DEFERRED,
    granted_at    INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, membership_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX workspace_roles_member ON workspace_roles (membership_id);
CREATE INDEX workspace_roles_role ON workspace_roles (role_id);

CREATE TABLE agents (
    id           TEXT PRIMARY KEY NOT NULL,
    org_id       TEXT REFERENCES organizations(id) ON DELETE CASCADE,
    account_id   TEXT REFERENCES accounts(id) ON DELETE CASCADE,   -- personal context
    workspace_id TEXT REFERENCES workspaces(id) DEFERRABLE INITIALLY DEFERRED,
    owner_id     TEXT NOT NULL REFERENCES accounts(id) DEFERRABLE INITIALLY DEFERRED,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    persona      TEXT NOT NULL DEFAULT '' CHECK (length(persona) <= 20000),
    knowledge    TEXT NOT NULL DEFAULT '' CHECK (length(knowledge) <= 20000),
    created_at   INTEGER NOT NULL,
    CHECK ((org_id IS NULL) <> (account_id IS NULL)),
    CHECK ((org_id IS NULL) = (workspace_id IS NULL))
) STRICT;
CREATE INDEX agents_org ON agents (org_id, workspace_id);
CREATE INDEX agents_account ON agents (account_id);
CREATE INDEX agents_owner ON agents (owner_id);

-- R32: balances are sums of this ledger, never stored apart from it.
CREATE TABLE ledger (
    id          INTEGER PRIMARY KEY,
    org_id      TEXT REFERENCES organizations(id) ON DELETE CASCADE,
    account_id  TEXT REFERENCES accounts(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('top_up', 'charge')),
    amount      INTEGER NOT NULL CHECK (
                    (kind = 'top_up' AND amount BETWEEN 1 AND 1000000000)
                    OR (kind = 'charge' AND amount BETWEEN -1000000000000 AND -1)),
    description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
    agent_id    TEXT REFERENCES agents(id) ON DELETE SET NULL,
    actor_id    TEXT,
    actor_name  TEXT NOT NULL,
    at          INTEGER NOT NULL,
    CHECK ((org_id IS NULL) <> (account_id IS NULL))
) STRICT;
CREATE INDEX ledger_org ON ledger (org_id, at);
CREATE INDEX ledger_account ON ledger (account_id, at);

CREATE TABLE login_history (
    id         INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    at         INTEGER NOT NULL
) STRICT;
CREATE INDEX login_history_account ON login_history (account_id, at);

-- R42: append-only. Snapshots of names keep entries readable after their subjects go.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,    -- never reused: stable paging
    at          INTEGER NOT NULL,
    actor_id    TEXT,
    actor_name  TEXT NOT NULL,
    org_id      TEXT,
    org_name    TEXT,
    action      TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id   TEXT,
    target_name TEXT NOT NULL,
    details     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
) STRICT;
CREATE INDEX audit_org ON audit_log (org_id, id);
CREATE INDEX audit_actor ON audit_log (actor_id, id);
CREATE INDEX audit_org_action ON audit_log (org_id, action, id);

-- Entries are never edited; the only change allowed is forgetting a deleted account's
-- name (R42).
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
WHEN NOT (
    NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
    AND NEW.details = OLD.details AND NEW.target_type = OLD.target_type
    AND NEW.org_id IS OLD.org_id AND NEW.org_name IS OLD.org_name
    AND (NEW.actor_id IS OLD.actor_id OR (NEW.actor_id IS NULL AND NEW.actor_name = 'Deleted account'))
    AND (NEW.actor_name = OLD.actor_name OR NEW.actor_name = 'Deleted account')
    AND (NEW.target_id IS OLD.target_id OR (NEW.target_id IS NULL AND NEW.target_name = 'Deleted account'))
    AND (NEW.target_name = OLD.target_name OR NEW.target_name = 'Deleted account')
)
BEGIN
    SELECT RAISE(ABORT, 'audit entries are never edited');
END;
