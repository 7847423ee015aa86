//! members: the members table and what is done to one member.

use super::acting;

acting! {
    list_members(ListMembers) => |core, me, r| core.list_members(me, &r.org_id, &r.query);
    /// R22: seats used and allowed.
    seats(Seats) => |core, me, r| core.seats(me, &r.org_id);
    add_member(AddMember) => |core, me, r| core.add_member(me, &r.org_id, &r.member);
    change_role(ChangeRole) => |core, me, r| core.change_role(me, &r.org_id, &r.membership_id, &r.role_id);
    set_member_status(SetMemberStatus) => |core, me, r| core.set_member_status(me, &r.org_id, &r.membership_id, r.status);
    remove_member(RemoveMember) => |core, me, r| core.remove_member(me, &r.org_id, &r.membership_id);
    member_detail(MemberDetail) => |core, me, r| core.member_detail(me, &r.org_id, &r.membership_id);
}
