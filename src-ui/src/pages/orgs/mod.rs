//! Organizations: creating one, its settings, and leaving it.

mod create;
mod settings;

pub use create::CreatePage;
pub use settings::SettingsPage;

use crate::components::{Confirm, user};
use crate::state::{Ctx, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::ids::OrgId;

/// R23: asks to leave an organization (`what` it is to the account: "organization",
/// "company") with "Yes, leave it" / "No, it's a mistake"; leaving the current one goes
/// back to the Personal account.
pub(crate) fn ask_to_leave(ctx: Ctx, org_id: OrgId, name: String, what: &str) {
    let question = Confirm::danger(
        format!("Leave {}?", user(&name)),
        format!(
            "You lose access to this {what}. Its data stays with it; an admin can invite you again."
        ),
        "Yes, leave it",
        "No, it's a mistake",
    );
    let current = org_id == ctx.org();
    ctx.ask(question, move || {
        let (org_id, name) = (org_id.clone(), name.clone());
        spawn_local(async move {
            let left = ctx.send(cmd::LeaveOrganization { org_id }, |_| {
                format!("You left {}.", user(&name))
            });
            if left.await.is_some() && current {
                ctx.route.set(Route::Members);
            }
        });
    });
}
