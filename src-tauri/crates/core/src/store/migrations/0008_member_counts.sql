-- 0008: members per organization, status and role, kept by triggers, so the members
-- table's totals, seats and role counts read a few rows instead of counting a million.

CREATE TABLE member_counts (
    org_id  TEXT NOT NULL,
    status  TEXT NOT NULL,
    role_id TEXT NOT NULL,
    n       INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (org_id, status, role_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX member_counts_role ON member_counts (role_id);

INSERT INTO member_counts (org_id, status, role_id, n)
    SELECT org_id, status, role_id, count(*) FROM memberships GROUP BY org_id, status, role_id;

CREATE TRIGGER member_counts_insert AFTER INSERT ON memberships
BEGIN
    INSERT INTO member_counts (org_id, status, role_id, n) VALUES (NEW.org_id, NEW.status, NEW.role_id, 1)
    ON CONFLICT (org_id, status, role_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER member_counts_delete AFTER DELETE ON memberships
BEGIN
    UPDATE member_counts SET n = n - 1
    WHERE org_id = OLD.org_id AND status = OLD.status AND role_id = OLD.role_id;
    DELETE FROM member_counts
    WHERE org_id = OLD.org_id AND status = OLD.status AND role_id = OLD.role_id AND n = 0;
END;

CREATE TRIGGER member_counts_update AFTER UPDATE OF org_id, status, role_id ON memberships
WHEN OLD.org_id IS NOT NEW.org_id OR OLD.status IS NOT NEW.status OR OLD.role_id IS NOT NEW.role_id
BEGIN
    UPDATE member_counts SET n = n - 1
    WHERE org_id = OLD.org_id AND status = OLD.status AND role_id = OLD.role_id;
    DELETE FROM member_counts
    WHERE org_id = OLD.org_id AND status = OLD.status AND role_id = OLD.role_id AND n = 0;
    INSERT INTO member_counts (org_id, status, role_id, n) VALUES (NEW.org_id, NEW.status, NEW.role_id, 1)
    ON CONFLICT (org_id, status, role_id) DO UPDATE SET n = n + 1;
END;
