-- 0004: indexes for the audit log's filters at a million entries: by actor inside an
-- organization (and the list of actors), and by time (date ranges, the activity chart).

CREATE INDEX audit_org_actor ON audit_log (org_id, actor_id, id);
CREATE INDEX audit_org_at ON audit_log (org_id, at);
