//! Where the window is: its pages, and the dialog a shortcut asks the next page to open.

/// The pages of the window. Organization pages live at `/o/<slug>/<page>` (R13).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Overview,
    Members,
    Roles,
    Workspaces,
    Agents,
    Keys,
    Billing,
    /// The personal context's charge history (R34); organizations have none.
    ChargeHistory,
    Audit,
    /// Findings and snapshot comparisons (R52, R56).
    Review,
    Export,
    /// Import people from a file (R46–R51), into this organization or a new one.
    Import,
    OrgSettings,
    CreateOrganization,
    Account,
    Personal,
}

impl Route {
    /// The route shown in the header, as the seeds name it.
    pub fn path(&self, slug: Option<&str>) -> String {
        match (self, slug) {
            (Route::Overview, Some(slug)) => format!("/o/{slug}/overview"),
            (Route::Members, Some(slug)) => format!("/o/{slug}/members"),
            (Route::Roles, Some(slug)) => format!("/o/{slug}/roles"),
            (Route::Workspaces, Some(slug)) => format!("/o/{slug}/workspaces"),
            (Route::Agents, Some(slug)) => format!("/o/{slug}/agents"),
            (Route::Agents, None) => "/agents".to_string(),
            (Route::Keys, Some(slug)) => format!("/o/{slug}/api-keys"),
            (Route::Billing, Some(slug)) => format!("/o/{slug}/billing"),
            (Route::Billing, None) => "/billing".to_string(),
            (Route::ChargeHistory, None) => "/billing/words/history".to_string(),
            (Route::Audit, Some(slug)) => format!("/o/{slug}/audit-log"),
            (Route::Review, Some(slug)) => format!("/o/{slug}/review"),
            (Route::Export, Some(slug)) => format!("/o/{slug}/export"),
            (Route::Import, Some(slug)) => format!("/o/{slug}/import"),
            (Route::Import, None) => "/import".to_string(),
            (Route::OrgSettings, Some(_)) => "/organization?tab=general".to_string(),
            (Route::CreateOrganization, _) => "/organizations/new".to_string(),
            (Route::Account, _) => "/account".to_string(),
            _ => "/personal".to_string(),
        }
    }
}

/// A dialog that a shortcut elsewhere (the Overview's quick actions) asks the next page
/// to open. The page opens it once it can — when its data and checks are in — through
/// its own button's rules, and clears the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    InviteMember,
    CreateApiKey,
    /// The Import page, set up for a new organization.
    ImportIntoNew,
}
