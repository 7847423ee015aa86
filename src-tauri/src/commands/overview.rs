//! overview: the organization's figures, charts and recent activity.

use super::acting;

acting! {
    overview(Overview) => |core, me, r| core.overview(me, &r.org_id);
}
