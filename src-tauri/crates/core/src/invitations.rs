//! Invitations (R20–R22): invite, resend, revoke, accept by switching, and the text
//! an admin copies (no e-mail is sent).

use crate::access::{self, Acting};
use crate::members::{require_free_seat, require_no_pending_invitation, role_to_give};
use crate::service::{Rolecall, Target, new_id};
use crate::tables::memberships;
use crate::{Error, Result};
use rolecall_types::ids::{AccountId, InvitationId, OrgId};
use rolecall_types::model::{INVITATION_TTL_MS, Invitation, InvitationStatus, Member, NewMember};
use rolecall_types::permissions::Permission;
use rolecall_types::validate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::json;

const INVITATION_COLUMNS: &str = "i.id, i.org_id, o.name, i.email, i.first_name, i.last_name, i.role_id, i.role_name, \
     i.status, (SELECT first_name || ' ' || last_name FROM accounts WHERE id = i.invited_by), i.sent_at, i.expires_at";

fn invitation_from_row(r: &Row<'_>, now: i64) -> rusqlite::Result<Invitation> {
    let status: String = r.get(8)?;
    let expires_at: i64 = r.get(11)?;
    Ok(Invitation {
        id: r.get(0)?,
        org_id: r.get(1)?,
        org_name: r.get(2)?,
        email: r.get(3)?,
        first_name: r.get(4)?,
        last_name: r.get(5)?,
        role_id: r.get(6)?,
        role_name: r.get(7)?,
        status: match status.as_str() {
            "pending" if expires_at <= now => InvitationStatus::Expired,
            "pending" => InvitationStatus::Pending,
            "accepted" => InvitationStatus::Accepted,
            _ => InvitationStatus::Revoked,
        },
        invited_by_name: r.get(9)?,
        sent_at: r.get(10)?,
        expires_at,
    })
}

/// The organization's pending (and expired) invitations, newest first.
pub(crate) fn invitations_of(conn: &Connection, org_id: &str, now: i64) -> Result<Vec<Invitation>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {INVITATION_COLUMNS} FROM invitations i JOIN organizations o ON o.id = i.org_id
         WHERE i.org_id = ?1 AND i.status = 'pending' ORDER BY i.sent_at DESC, i.id DESC"
    ))?;
    let rows = stmt
        .query_map([org_id], |r| invitation_from_row(r, now))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn load_invitation(conn: &Connection, invitation_id: &str, now: i64) -> Result<Invitation> {
    conn.query_row(
        &format!("SELECT {INVITATION_COLUMNS} FROM invitations i JOIN organizations o ON o.id = i.org_id WHERE i.id = ?1"),
        [invitation_id],
        |r| invitation_from_row(r, now),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound("That invitation does not exist (its organization may have been deleted).".into()))
}

/// The invitation in `org_id`, checked against the hierarchy for acting on it (R28).
fn invitation_to_manage(
    conn: &Connection,
    acting: &Acting,
    invitation_id: &str,
    now: i64,
) -> Result<Invitation> {
    let invitation = load_invitation(conn, invitation_id, now)?;
    if invitation.org_id != acting.org_id {
        return Err(Error::NotFound(
            "That invitation is not in this organization.".into(),
        ));
    }
    if let Some(role_id) = &invitation.role_id {
        let role = access::role(conn, &acting.org_id, role_id)?;
        acting.check_giving(&role)?;
    }
    Ok(invitation)
}

/// The text an admin copies and sends themselves.
pub fn invitation_text(invitation: &Invitation) -> String {
    format!(
        "Hello {first},\n\n{inviter} invites you to join {org} in Rolecall as {role}.\n\
         Open Rolecall, register (or sign in) with {email}, and choose {org} in the organization switcher to accept.\n\
         This invitation expires in 7 days.",
        first = invitation.first_name,
        inviter = invitation.invited_by_name.as_deref().unwrap_or("An admin"),
        org = invitation.org_name,
        role = invitation.role_name,
        email = invitation.email,
    )
}

impl Rolecall {
    /// R20: invites a person by e-mail with a role (default role unless the actor may
    /// change roles, R28); the seat limit counts pending invitations (R22).
    pub fn invite(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        request: &NewMember,
    ) -> Result<Invitation> {
        let first = validate::person_name("first_name", "First name", &request.first_name)?;
        let last = validate::person_name("last_name", "Last name", &request.last_name)?;
        let email = validate::email(&request.email)?;
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::MembersInvite)?;
            let role = role_to_give(&tx.db, &acting, request.role_id.as_deref())?;
            if memberships::exists_with_email(&tx.db, org_id, &email)? {
                return Err(Error::Conflict(format!("{email} is already a member of {}.", acting.org_name)));
            }
            require_no_pending_invitation(&tx.db, org_id, &email, tx.now)?;
            // An expired invitation for the same e-mail makes way for the new one.
            tx.db.execute(
                "UPDATE invitations SET status = 'revoked', decided_at = ?1
                 WHERE org_id = ?2 AND email = ?3 AND status = 'pending'",
                params![tx.now, org_id, email],
            )?;
            require_free_seat(&tx.db, org_id, &acting.org_name, tx.now)?;
            let id = new_id();
            tx.db.execute(
                "INSERT INTO invitations (id, org_id, email, first_name, last_name, role_id, role_name, status, invited_by, sent_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', ?8, ?9, ?10)",
                params![id, org_id, email, first, last, role.id, role.name, actor, tx.now, tx.now + INVITATION_TTL_MS],
            )?;
            tx.audit(
                Some(acting.org()),
                "invitation.sent",
                Target { kind: "invitation", id: Some(&id), name: &email },
                json!({ "after": { "email": email, "name": format!("{first} {last}"), "role": role.name } }),
            )?;
            load_invitation(&tx.db, &id, tx.now)
        })
    }

    /// R20: renews a pending (or expired) invitation for another 7 days.
    pub fn resend_invitation(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        invitation_id: &InvitationId,
    ) -> Result<Invitation> {
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::MembersInvite)?;
            let invitation = invitation_to_manage(&tx.db, &acting, invitation_id, tx.now)?;
            if !matches!(invitation.status, InvitationStatus::Pending | InvitationStatus::Expired) {
                return Err(Error::Conflict(format!("The invitation to {} was already {}.", invitation.email, status_word(invitation.status))));
            }
            if invitation.status == InvitationStatus::Expired {
                require_free_seat(&tx.db, org_id, &acting.org_name, tx.now)?;
            }
            tx.db.execute(
                "UPDATE invitations SET sent_at = ?1, expires_at = ?2 WHERE id = ?3",
                params![tx.now, tx.now + INVITATION_TTL_MS, invitation_id],
            )?;
            tx.audit(
                Some(acting.org()),
                "invitation.resent",
                Target { kind: "invitation", id: Some(invitation_id), name: &invitation.email },
                json!({ "before": { "expires_at": invitation.expires_at }, "after": { "expires_at": tx.now + INVITATION_TTL_MS } }),
            )?;
            load_invitation(&tx.db, invitation_id, tx.now)
        })
    }

    /// R20: cancels an invitation.
    pub fn revoke_invitation(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        invitation_id: &InvitationId,
    ) -> Result<()> {
        self.write(Some(actor), |tx| {
            let acting = access::acting(&tx.db, org_id, actor)?;
            acting.require(Permission::MembersInvite)?;
            let invitation = invitation_to_manage(&tx.db, &acting, invitation_id, tx.now)?;
            if !matches!(
                invitation.status,
                InvitationStatus::Pending | InvitationStatus::Expired
            ) {
                return Err(Error::Conflict(format!(
                    "The invitation to {} was already {}.",
                    invitation.email,
                    status_word(invitation.status)
                )));
            }
            tx.db.execute(
                "UPDATE invitations SET status = 'revoked', decided_at = ?1 WHERE id = ?2",
                params![tx.now, invitation_id],
            )?;
            tx.audit(
                Some(acting.org()),
                "invitation.revoked",
                Target {
                    kind: "invitation",
                    id: Some(invitation_id),
                    name: &invitation.email,
                },
                json!({ "before": { "status": "pending" }, "after": { "status": "revoked" } }),
            )
        })
    }

    /// The organization's pending and expired invitations, newest first (Members·view).
    pub fn list_invitations(&self, actor: &AccountId, org_id: &OrgId) -> Result<Vec<Invitation>> {
        let now = self.now();
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::MembersView)?;
            invitations_of(conn, org_id, now)
        })
    }

    /// The text to copy for an invitation (Members·view).
    pub fn invitation_text(
        &self,
        actor: &AccountId,
        org_id: &OrgId,
        invitation_id: &InvitationId,
    ) -> Result<String> {
        let now = self.now();
        self.read(actor, |conn| {
            access::acting(conn, org_id, actor)?.require(Permission::MembersView)?;
            let invitation = load_invitation(conn, invitation_id, now)?;
            if invitation.org_id != *org_id {
                return Err(Error::NotFound(
                    "That invitation is not in this organization.".into(),
                ));
            }
            Ok(invitation_text(&invitation))
        })
    }

    /// R21: switching to a greyed organization accepts its invitation.
    pub fn accept_invitation(
        &self,
        actor: &AccountId,
        invitation_id: &InvitationId,
    ) -> Result<Member> {
        self.write(Some(actor), |tx| {
            let invitation = load_invitation(&tx.db, invitation_id, tx.now)?;
            let email: String =
                tx.db
                    .query_row("SELECT email FROM accounts WHERE id = ?1", [actor], |r| {
                        r.get(0)
                    })?;
            if invitation.email != email {
                return Err(Error::Forbidden(
                    "This invitation was sent to another e-mail address.".into(),
                ));
            }
            match invitation.status {
                InvitationStatus::Pending => {}
                InvitationStatus::Expired => {
                    return Err(Error::Conflict(format!(
                        "This invitation to {} expired. Ask one of its admins to resend it.",
                        invitation.org_name
                    )));
                }
                other => {
                    return Err(Error::Conflict(format!(
                        "This invitation was already {}.",
                        status_word(other)
                    )));
                }
            }
            let role_id = invitation.role_id.clone().ok_or_else(|| {
                Error::Conflict(
                    "The role of this invitation was deleted; ask for a new invitation.".into(),
                )
            })?;
            let membership_id =
                memberships::insert(&tx.db, tx.now, &invitation.org_id, actor, &role_id, false)?;
            tx.db.execute(
                "UPDATE invitations SET status = 'accepted', decided_at = ?1 WHERE id = ?2",
                params![tx.now, invitation_id],
            )?;
            let name = tx.actor()?.name.clone();
            tx.audit(
                Some((&invitation.org_id, &invitation.org_name)),
                "invitation.accepted",
                Target {
                    kind: "member",
                    id: Some(actor),
                    name: &name,
                },
                json!({ "after": { "role": invitation.role_name } }),
            )?;
            memberships::load(&tx.db, &invitation.org_id, &membership_id)
        })
    }
}

fn status_word(status: InvitationStatus) -> &'static str {
    match status {
        InvitationStatus::Pending => "pending",
        InvitationStatus::Expired => "expired",
        InvitationStatus::Accepted => "accepted",
        InvitationStatus::Revoked => "revoked",
    }
}
