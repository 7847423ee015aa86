-- 0007: access review campaigns (R53–R55, R57).

-- R55: Review·run joins the catalogue. The Owner and Admin roles hold the whole
-- catalogue, so the ones already stored gain it; custom roles may be granted it.
UPDATE roles SET permissions = CASE WHEN permissions = '' THEN 'review.run'
                                    ELSE permissions || ',review.run' END
WHERE kind IN ('owner', 'admin') AND instr(',' || permissions || ',', ',review.run,') = 0;

-- A campaign: open while decisions are taken, completed by a sign-off, applied once.
-- Account ids are plain text (no foreign key) so that deleting an account never
-- rewrites a completed campaign; the names are kept beside them.
CREATE TABLE campaigns (
    id              TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    state           TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'completed', 'applied')),
    as_of           INTEGER NOT NULL,
    started_by      TEXT,
    started_by_name TEXT NOT NULL,
    signed_by       TEXT,
    signed_by_name  TEXT,
    signed_at       INTEGER,
    statement       TEXT,
    applied_at      INTEGER,
    applied_by_name TEXT,
    CHECK ((state = 'open') = (signed_at IS NULL)),
    CHECK ((state = 'applied') = (applied_at IS NOT NULL))
) STRICT;
CREATE INDEX campaigns_as_of ON campaigns (as_of);

-- The organizations of a campaign, each with the snapshot that froze its members and
-- its findings at the start and at the sign-off (JSON).
CREATE TABLE campaign_orgs (
    campaign_id    TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    org_id         TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    org_name       TEXT NOT NULL,
    snapshot_id    TEXT REFERENCES snapshots(id) ON DELETE CASCADE,
    members        INTEGER NOT NULL,
    findings_start TEXT NOT NULL CHECK (json_valid(findings_start)),
    findings_end   TEXT CHECK (findings_end IS NULL OR json_valid(findings_end)),
    PRIMARY KEY (campaign_id, org_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX campaign_orgs_org ON campaign_orgs (org_id);

-- The population as of the start, one row per membership, with the decision about it
-- and, once applied, what became of it.
CREATE TABLE campaign_items (
    campaign_id    TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    num            INTEGER NOT NULL CHECK (num >= 1),
    org_id         TEXT NOT NULL,
    org_name       TEXT NOT NULL,
    membership_id  TEXT NOT NULL,
    account_id     TEXT NOT NULL,
    email          TEXT NOT NULL,
    name           TEXT NOT NULL,
    sort_name      TEXT NOT NULL,
    role           TEXT NOT NULL,
    owner          INTEGER NOT NULL CHECK (owner IN (0, 1)),
    active         INTEGER NOT NULL CHECK (active IN (0, 1)),
    last_sign_in   INTEGER,
    two_factor     INTEGER CHECK (two_factor IN (0, 1)),
    findings       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(findings)),
    decision       TEXT CHECK (decision IN ('keep', 'change_role', 'deactivate', 'remove')),
    role_id        TEXT,
    role_name      TEXT,
    reviewer_id    TEXT,
    reviewer_name  TEXT,
    decided_at     INTEGER,
    comment        TEXT NOT NULL DEFAULT '',
    outcome        TEXT CHECK (outcome IN ('applied', 'unchanged', 'refused')),
    outcome_reason TEXT,
    audit_ids      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(audit_ids)),
    PRIMARY KEY (campaign_id, num),
    CHECK ((decision IS NULL) = (decided_at IS NULL)),
    CHECK ((decision IS 'change_role') = (role_id IS NOT NULL))
) STRICT, WITHOUT ROWID;
CREATE INDEX campaign_items_name ON campaign_items (campaign_id, sort_name, num);
CREATE INDEX campaign_items_decision ON campaign_items (campaign_id, decision);
CREATE INDEX campaign_items_role ON campaign_items (campaign_id, role);

-- R54: once signed off, a campaign never changes; applying only records each
-- decision's outcome, once, and then marks the campaign applied.
CREATE TRIGGER campaigns_frozen BEFORE UPDATE ON campaigns
WHEN OLD.state <> 'open' AND NOT (
    OLD.state = 'completed' AND NEW.state = 'applied'
    AND NEW.name IS OLD.name AND NEW.as_of IS OLD.as_of AND NEW.signed_by IS OLD.signed_by
    AND NEW.signed_by_name IS OLD.signed_by_name AND NEW.signed_at IS OLD.signed_at
    AND NEW.statement IS OLD.statement AND NEW.started_by IS OLD.started_by
    AND NEW.started_by_name IS OLD.started_by_name
)
BEGIN
    SELECT RAISE(ABORT, 'A signed-off review campaign cannot change.');
END;

CREATE TRIGGER campaign_orgs_frozen BEFORE UPDATE ON campaign_orgs
WHEN (SELECT state FROM campaigns WHERE id = OLD.campaign_id) <> 'open'
BEGIN
    SELECT RAISE(ABORT, 'A signed-off review campaign cannot change.');
END;

CREATE TRIGGER campaign_items_frozen
BEFORE UPDATE OF campaign_id, num, org_id, org_name, membership_id, account_id, email, name,
    sort_name, role, owner, active, last_sign_in, two_factor, findings, decision, role_id,
    role_name, reviewer_id, reviewer_name, decided_at, comment ON campaign_items
WHEN (SELECT state FROM campaigns WHERE id = OLD.campaign_id) <> 'open'
BEGIN
    SELECT RAISE(ABORT, 'A signed-off review campaign cannot change.');
END;

CREATE TRIGGER campaign_items_outcome_once
BEFORE UPDATE OF outcome, outcome_reason, audit_ids ON campaign_items
WHEN (SELECT state FROM campaigns WHERE id = OLD.campaign_id) IS NOT 'completed'
    OR OLD.outcome IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'A campaign''s decisions are applied once, after its sign-off.');
END;

-- (Once the campaign itself is gone, with its last organization, its people go too.)
CREATE TRIGGER campaign_items_kept BEFORE DELETE ON campaign_items
WHEN (SELECT state FROM campaigns WHERE id = OLD.campaign_id) IN ('completed', 'applied')
BEGIN
    SELECT RAISE(ABORT, 'A signed-off review campaign cannot change.');
END;

-- A campaign goes with the last of its organizations; a signed-off one only then.
CREATE TRIGGER campaigns_kept BEFORE DELETE ON campaigns
WHEN OLD.state <> 'open' AND EXISTS (SELECT 1 FROM campaign_orgs WHERE campaign_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'A signed-off review campaign cannot be deleted.');
END;

CREATE TRIGGER campaign_orgs_last_gone AFTER DELETE ON campaign_orgs
WHEN NOT EXISTS (SELECT 1 FROM campaign_orgs WHERE campaign_id = OLD.campaign_id)
BEGIN
    DELETE FROM campaigns WHERE id = OLD.campaign_id;
END;

-- R52: the thresholds of an organization's findings (JSON; absent fields take their
-- defaults), when they differ from the defaults.
CREATE TABLE review_settings (
    org_id     TEXT PRIMARY KEY NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    settings   TEXT NOT NULL CHECK (json_valid(settings)),
    updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- R52: an organization's HR roster (the last one imported): who left the company and
-- when, for the "left the company but still has access" finding.
CREATE TABLE hr_rosters (
    org_id      TEXT PRIMARY KEY NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    imported_at INTEGER NOT NULL,
    imported_by TEXT NOT NULL,
    people      INTEGER NOT NULL,
    terminated  INTEGER NOT NULL
) STRICT;

CREATE TABLE hr_roster_people (
    org_id        TEXT NOT NULL REFERENCES hr_rosters(org_id) ON DELETE CASCADE,
    email         TEXT NOT NULL,                 -- lower-cased
    terminated    INTEGER NOT NULL CHECK (terminated IN (0, 1)),
    terminated_at INTEGER,                       -- UTC milliseconds, when the roster says
    PRIMARY KEY (org_id, email)
) STRICT, WITHOUT ROWID;
