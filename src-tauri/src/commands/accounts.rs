//! accounts: the signed-in person's settings — profile, theme, password, activity,
//! deleting the account.

use super::{Answer, acting};
use crate::state::AppState;
use rolecall_types::cmd;
use tauri::State;

/// How many entries the account's activity and login history show per page.
const PAGE: u32 = 50;

acting! {
    update_profile(UpdateProfile) => |core, me, r| core.update_profile(me, &r.update);
    set_theme(SetTheme) => |core, me, r| core.set_theme(me, r.theme);
    change_password(ChangePassword) => |core, me, r| core.change_password(me, &r.current, &r.new_password, &r.confirmation);
    login_history(LoginHistory) => |core, me, _r| core.login_history(me, PAGE);
    account_activity(AccountActivity) => |core, me, r| core.account_activity(me, r.before_id, PAGE);
    /// R7: the organizations deleting the account would delete.
    owned_organizations(OwnedOrganizations) => |core, me, _r| core.owned_organization_names(me);
}

/// R7: deletes the account and ends the session.
#[tauri::command]
pub async fn delete_account(
    state: State<'_, AppState>,
    request: cmd::DeleteAccount,
) -> Answer<cmd::DeleteAccount> {
    let cmd::DeleteAccount { password } = request;
    state
        .act(move |core, me| core.delete_account(me, &password))
        .await?;
    state.set_session(None);
    Ok(())
}
