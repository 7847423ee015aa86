//! invitations: invite, list, resend, revoke, the text to send by hand (R20).

use super::acting;

acting! {
    invite(Invite) => |core, me, r| core.invite(me, &r.org_id, &r.member);
    list_invitations(ListInvitations) => |core, me, r| core.list_invitations(me, &r.org_id);
    resend_invitation(ResendInvitation) => |core, me, r| core.resend_invitation(me, &r.org_id, &r.invitation_id);
    revoke_invitation(RevokeInvitation) => |core, me, r| core.revoke_invitation(me, &r.org_id, &r.invitation_id);
    invitation_text(InvitationText) => |core, me, r| core.invitation_text(me, &r.org_id, &r.invitation_id);
}
