//! One module per table holding that table's SQL; the services (`members.rs`,
//! `accounts.rs`, …) call these functions instead of writing statements of their own.
//! A table module checks nothing and audits nothing: rules and audit entries stay with
//! the services.

pub(crate) mod logins;
pub(crate) mod mappings;
pub(crate) mod memberships;
pub(crate) mod sign_ins;

/// A new row id: a UUID v7 as text, so ids sort by creation time.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

#[cfg(test)]
mod tests {
    /// Every statement that writes `memberships` lives in `tables/memberships.rs`.
    #[test]
    fn only_the_table_module_writes_memberships() {
        let sources = [
            ("access.rs", include_str!("../access.rs")),
            ("accounts.rs", include_str!("../accounts.rs")),
            ("agents.rs", include_str!("../agents.rs")),
            ("audit.rs", include_str!("../audit.rs")),
            ("billing.rs", include_str!("../billing.rs")),
            ("demo.rs", include_str!("../demo.rs")),
            ("export.rs", include_str!("../export.rs")),
            ("import.rs", include_str!("../import.rs")),
            ("import/plan.rs", include_str!("../import/plan.rs")),
            (
                "review/campaigns.rs",
                include_str!("../review/campaigns.rs"),
            ),
            ("review/evidence.rs", include_str!("../review/evidence.rs")),
            ("review/findings.rs", include_str!("../review/findings.rs")),
            (
                "review/snapshots.rs",
                include_str!("../review/snapshots.rs"),
            ),
            ("invitations.rs", include_str!("../invitations.rs")),
            ("keys.rs", include_str!("../keys.rs")),
            ("members.rs", include_str!("../members.rs")),
            ("orgs.rs", include_str!("../orgs.rs")),
            ("overview.rs", include_str!("../overview.rs")),
            ("roles.rs", include_str!("../roles.rs")),
            ("service.rs", include_str!("../service.rs")),
            ("session.rs", include_str!("../session.rs")),
            ("workspaces.rs", include_str!("../workspaces.rs")),
        ];
        for (name, text) in sources {
            let text = text.to_lowercase();
            for write in [
                "insert into memberships",
                "update memberships",
                "delete from memberships",
                "from memberships where",
            ] {
                assert!(
                    !text.contains(write),
                    "{name} has `{write}`: it belongs in tables/memberships.rs"
                );
            }
        }
    }
}
