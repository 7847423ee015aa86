-- 0009: the members table's sort indexes also carry the name and e-mail sort keys (and
-- the role index the status), so a search that matches many members tests each row
-- inside the index it walks, without reading the row: a page of "ann" among a million
-- members reads a few thousand index entries instead of a few thousand rows.

DROP INDEX memberships_by_name;
DROP INDEX memberships_by_email;
DROP INDEX memberships_by_login;
DROP INDEX memberships_by_role_name;
CREATE INDEX memberships_by_name ON memberships (org_id, status, sort_name, id, sort_email);
CREATE INDEX memberships_by_email ON memberships (org_id, status, sort_email, id, sort_name);
CREATE INDEX memberships_by_login ON memberships (org_id, status, sort_login, id, sort_name, sort_email);
CREATE INDEX memberships_by_role_name ON memberships (org_id, role_id, sort_name, id, status, sort_email);
