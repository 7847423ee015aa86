//! audit: the audit log (R42–R43).

use super::acting;

acting! {
    audit_log(AuditLog) => |core, me, r| core.audit_log(me, &r.org_id, &r.query);
    audit_facets(AuditFacets) => |core, me, r| core.audit_facets(me, &r.org_id);
}
