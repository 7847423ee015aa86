//! review: findings (R52), snapshots of an organization and what changed between two
//! (R56).

use super::acting;

acting! {
    list_snapshots(ListSnapshots) => |core, me, r| core.list_snapshots(me, &r.org_id);
    take_snapshot(TakeSnapshot) => |core, me, r| core.take_snapshot(me, &r.org_id);
    findings(Findings) => |core, me, r| core.findings(me, &r.org_id);
    all_findings(AllFindings) => |core, me, _r| core.all_findings(me);
    diff_snapshots(DiffSnapshots) => |core, me, r| core.diff_snapshots(me, &r.org_id, &r.from, &r.to);
}
