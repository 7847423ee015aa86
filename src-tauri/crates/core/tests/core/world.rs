//! A test world: a fresh data folder, a manual clock and helpers to build people and
//! organizations.

use rolecall_core::clock::ManualClock;
use rolecall_core::{Error, PasswordHashing, Rolecall, Store};
use rolecall_types::ErrorKind;
use rolecall_types::ids::*;
use rolecall_types::model::*;
use std::sync::Arc;

/// 2026-01-15T10:00:00Z.
pub const START: i64 = 1_768_471_200_000;
pub const DAY: i64 = 24 * 60 * 60 * 1000;
pub const PASSWORD: &str = "correct horse battery";

pub struct World {
    pub core: Rolecall,
    pub clock: ManualClock,
    /// Kept so the data folder lives as long as the world.
    pub _dir: tempfile::TempDir,
}

/// An account that can sign in, with its main company.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: AccountId,
    pub email: String,
    pub name: String,
    pub company: OrgId,
}

impl World {
    pub fn new() -> World {
        World::with_secret_store(Arc::new(rolecall_core::secrets::OsKeyring))
    }

    /// A world whose API-key secrets go to `secrets`.
    pub fn with_secret_store(secrets: Arc<dyn rolecall_core::secrets::SecretStore>) -> World {
        let dir = tempfile::tempdir().expect("tempdir");
        let clock = ManualClock::new(START);
        let store = Store::open(dir.path()).expect("open store");
        let core = Rolecall::new(store, Arc::new(clock.clone()), PasswordHashing::Fast)
            .with_secret_store(secrets);
        World {
            core,
            clock,
            _dir: dir,
        }
    }

    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    /// Registers "<first> <last>" with `<first>@example.com`.
    pub fn register(&self, first: &str, last: &str) -> Person {
        let email = format!("{}@example.com", first.to_lowercase());
        let done = self
            .core
            .register(&RegisterRequest {
                first_name: first.into(),
                last_name: last.into(),
                email: email.clone(),
                password: PASSWORD.into(),
                password_confirmation: PASSWORD.into(),
            })
            .expect("register");
        Person {
            id: done.account.id,
            email,
            name: format!("{first} {last}"),
            company: done.main_company.expect("main company").id,
        }
    }

    /// Puts an organization on `plan` (as its Owner), for tests that need more seats.
    pub fn set_plan(&self, owner: &Person, org: &OrgId, plan: Plan) {
        self.core
            .change_plan(&owner.id, &Context::Organization(org.clone()), plan)
            .expect("change plan");
    }

    /// Adds a modelled person (who cannot sign in) as an active member.
    pub fn model_person(
        &self,
        actor: &Person,
        org: &OrgId,
        first: &str,
        last: &str,
        email: &str,
    ) -> Member {
        let person = NewMember {
            first_name: first.into(),
            last_name: last.into(),
            email: email.into(),
            role_id: None,
        };
        self.core
            .add_member(&actor.id, org, &person)
            .expect("add member")
    }

    pub fn org(&self, owner: &Person, name: &str) -> Organization {
        self.core
            .create_organization(
                &owner.id,
                &CreateOrganization {
                    name: name.into(),
                    slug: String::new(),
                },
            )
            .expect("create organization")
    }

    pub fn role_id(&self, actor: &Person, org: &OrgId, name: &str) -> RoleId {
        self.core
            .list_roles(&actor.id, org)
            .expect("roles")
            .into_iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no role {name}"))
            .id
    }

    /// Adds the template (as `owner`) and returns its id.
    pub fn template(&self, owner: &Person, org: &OrgId, name: &str) -> RoleId {
        self.core
            .add_role_template(&owner.id, org, name)
            .expect("add template")
            .id
    }

    /// Invites `person` with `role` (by `inviter`) and accepts; returns the membership id.
    pub fn join(
        &self,
        inviter: &Person,
        org: &OrgId,
        person: &Person,
        role: Option<&RoleId>,
    ) -> MembershipId {
        let (first, last) = person.name.split_once(' ').expect("two names");
        let invitation = self
            .core
            .invite(
                &inviter.id,
                org,
                &NewMember {
                    first_name: first.into(),
                    last_name: last.into(),
                    email: person.email.clone(),
                    role_id: role.cloned(),
                },
            )
            .expect("invite");
        self.core
            .accept_invitation(&person.id, &invitation.id)
            .expect("accept")
            .membership_id
    }

    pub fn membership(&self, viewer: &Person, org: &OrgId, person: &Person) -> Member {
        self.all_members(viewer, org)
            .into_iter()
            .find(|m| m.account_id == person.id)
            .unwrap_or_else(|| panic!("{} is not a member", person.name))
    }

    pub fn member_by_email(&self, viewer: &Person, org: &OrgId, email: &str) -> Member {
        self.all_members(viewer, org)
            .into_iter()
            .find(|m| m.email == email)
            .unwrap_or_else(|| panic!("no member {email}"))
    }

    pub fn all_members(&self, viewer: &Person, org: &OrgId) -> Vec<Member> {
        let mut out = Vec::new();
        for status in [MemberStatus::Active, MemberStatus::Deactivated] {
            let page = self
                .core
                .list_members(
                    &viewer.id,
                    org,
                    &MemberQuery {
                        status,
                        limit: 500,
                        ..MemberQuery::default()
                    },
                )
                .expect("members");
            out.extend(page.rows);
        }
        out
    }

    /// The number of rows of `table` (raw SQL, for checks the API does not expose).
    pub fn count(&self, table: &str, filter: &str) -> i64 {
        let conn = self.core.store().conn();
        conn.query_row(
            &format!("SELECT count(*) FROM {table} WHERE {filter}"),
            [],
            |r| r.get(0),
        )
        .expect("count")
    }

    pub fn last_audit_action(&self) -> String {
        let conn = self.core.store().conn();
        conn.query_row(
            "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("audit")
    }
}

/// Asserts the error's kind and that its message contains `needle`.
#[track_caller]
pub fn assert_err<T: std::fmt::Debug>(result: Result<T, Error>, kind: ErrorKind, needle: &str) {
    match result {
        Ok(v) => panic!("expected {kind:?} containing {needle:?}, got Ok({v:?})"),
        Err(e) => {
            assert_eq!(e.kind(), kind, "wrong kind for: {e}");
            assert!(
                e.to_string().contains(needle),
                "message {:?} does not contain {needle:?}",
                e.to_string()
            );
        }
    }
}
