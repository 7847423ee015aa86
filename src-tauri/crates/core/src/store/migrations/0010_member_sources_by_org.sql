-- 0010: what the sources said, by organization: findings ask whether an organization
-- has any (most were never imported) with one probe instead of a lookup per member,
-- and deleting an organization finds its rows without reading the whole table.

CREATE INDEX member_sources_org ON member_sources (org_id);
