//! What the window shows about the signed-in account and its current context (R8,
//! R21, R30).

use crate::access;
use crate::service::Rolecall;
use crate::{Error, Result, accounts, orgs};
use rolecall_types::ids::AccountId;
use rolecall_types::ids::InvitationId;
use rolecall_types::model::{Context, MyRole, Plan, SessionInfo};
use rolecall_types::permissions::{Permission, PermissionSet, RoleKind};
use rusqlite::params;

impl Rolecall {
    /// Whether any account can sign in (the first run shows Register instead).
    pub fn has_accounts(&self) -> Result<bool> {
        let conn = self.store().conn();
        Ok(conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM accounts WHERE password_hash IS NOT NULL)",
            [],
            |r| r.get(0),
        )?)
    }

    /// The context to open after sign-in: the main company if the account is an
    /// active member of it, else the personal account.
    pub fn default_context(&self, actor: &AccountId) -> Result<Context> {
        let account = self.account(actor)?;
        if let Some(org) = account.main_company_id {
            let conn = self.store().conn();
            if access::acting(&conn, &org, actor).is_ok() {
                return Ok(Context::Organization(org));
            }
        }
        Ok(Context::Personal)
    }

    /// The session as the window shows it; fails if the actor may not work in `context`.
    pub fn session_info(&self, actor: &AccountId, context: &Context) -> Result<SessionInfo> {
        let now = self.now();
        self.read(actor, |conn| {
            let account = accounts::load_account(conn, actor)?;
            let pending: u32 = conn.query_row(
                "SELECT count(*) FROM invitations i WHERE i.email = ?1 AND i.status = 'pending' AND i.expires_at > ?2
                   AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = i.org_id AND m.account_id = ?3)",
                params![account.email, now, actor],
                |r| r.get(0),
            )?;
            let (organization, role, plan) = match context {
                Context::Personal => (None, None, account.plan),
                Context::Organization(org_id) => {
                    let acting = access::acting(conn, org_id, actor)?;
                    let org = orgs::load_org(conn, org_id)?;
                    let permissions = if acting.is_owner { PermissionSet::all() } else { acting.role.permissions };
                    if !permissions.contains(Permission::OrganizationView) {
                        return Err(Error::Forbidden(format!("Your role in {} cannot view it.", org.name)));
                    }
                    let role = MyRole {
                        membership_id: acting.membership_id.clone().into(),
                        role_id: acting.role.id.clone().into(),
                        role_name: acting.role.name.clone(),
                        level: acting.role.level,
                        is_owner: acting.is_owner,
                        is_admin: acting.role.kind == RoleKind::Admin,
                        permissions,
                    };
                    let plan: Plan = org.plan;
                    (Some(org), Some(role), plan)
                }
            };
            Ok(SessionInfo { account, context: context.clone(), organization, role, plan, pending_invitations: pending, inherited: Vec::new() })
        })
    }

    /// The session refreshed after changes: in `context` while the account may still
    /// work there, else (the organization went away, the membership changed) in its
    /// default context. Fails only when the account itself is gone.
    pub fn refreshed_session(&self, actor: &AccountId, context: &Context) -> Result<SessionInfo> {
        match self.session_info(actor, context) {
            Err(Error::Unauthenticated(message)) => Err(Error::Unauthenticated(message)),
            Err(_) => {
                let context = self.default_context(actor)?;
                self.session_info(actor, &context)
            }
            ok => ok,
        }
    }

    /// R8, R21: the session in `context`; switching to an organization whose
    /// invitation is pending accepts that invitation first.
    pub fn switch_context(
        &self,
        actor: &AccountId,
        context: &Context,
        invitation: Option<&InvitationId>,
    ) -> Result<SessionInfo> {
        if let Some(invitation) = invitation {
            self.accept_invitation(actor, invitation)?;
        }
        self.session_info(actor, context)
    }
}
