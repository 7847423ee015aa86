-- 0006: imports from identity providers' exports (R46–R51). Each applied import, what
-- its source knows of each member it touched, the snapshot of the organization taken
-- at every apply, and the column mappings of "any other CSV" remembered per header set.

CREATE TABLE imports (
    id          TEXT PRIMARY KEY NOT NULL,
    org_id      TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    source      TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    joined      INTEGER NOT NULL,
    changed     INTEGER NOT NULL,
    absent      INTEGER NOT NULL,
    skipped     INTEGER NOT NULL,
    absent_action TEXT NOT NULL CHECK (absent_action IN ('keep', 'deactivate', 'remove')),
    actor_id    TEXT REFERENCES accounts(id) ON DELETE SET NULL,
    applied_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX imports_org ON imports (org_id, applied_at);

-- What the source said of a member at the import that last touched them (R50), one row
-- per membership, beside Rolecall's own fields.
CREATE TABLE member_sources (
    membership_id   TEXT PRIMARY KEY NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
    org_id          TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    source          TEXT NOT NULL,
    source_id       TEXT,
    status          TEXT CHECK (status IN ('active', 'suspended', 'deactivated', 'pending')),
    last_sign_in    INTEGER,                       -- UTC milliseconds
    never_signed_in INTEGER NOT NULL DEFAULT 0 CHECK (never_signed_in IN (0, 1)),
    two_factor      INTEGER CHECK (two_factor IN (0, 1)),
    account_type    TEXT CHECK (account_type IN ('member', 'guest')),
    billable        INTEGER CHECK (billable IN (0, 1)),
    title           TEXT,
    department      TEXT,
    manager         TEXT,
    employee_id     TEXT,
    import_id       TEXT NOT NULL REFERENCES imports(id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
-- R48: a source's stable id names one member of an organization.
CREATE UNIQUE INDEX member_sources_source_id ON member_sources (org_id, source, source_id)
    WHERE source_id IS NOT NULL;

-- The organization as of each apply (who, with which role, status and source fields):
-- a deflated JSON array, so 100,000 members take a few megabytes.
CREATE TABLE snapshots (
    id         TEXT PRIMARY KEY NOT NULL,
    org_id     TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    import_id  TEXT REFERENCES imports(id) ON DELETE SET NULL,
    taken_at   INTEGER NOT NULL,
    members    INTEGER NOT NULL,
    format     INTEGER NOT NULL,
    data       BLOB NOT NULL
) STRICT;
CREATE INDEX snapshots_org ON snapshots (org_id, taken_at);

CREATE TABLE import_mappings (
    header_key TEXT PRIMARY KEY NOT NULL,
    mapping    TEXT NOT NULL CHECK (json_valid(mapping)),
    updated_at INTEGER NOT NULL
) STRICT;
