//! session: start, register, sign in and out, switch context, the switcher.

use super::{Answer, acting};
use crate::state::{AppState, Session};
use rolecall_types::cmd;
use rolecall_types::ids::AccountId;
use rolecall_types::model::{SessionInfo, StartInfo};
use rolecall_types::{ErrorKind, IpcError};
use tauri::State;

/// What the window needs to draw its first screen.
#[tauri::command]
pub async fn start_info(
    state: State<'_, AppState>,
    request: cmd::StartInfo,
) -> Answer<cmd::StartInfo> {
    let cmd::StartInfo {} = request;
    let session = state.session();
    let log_dir = state.log_dir();
    state
        .run(move |core| {
            let session = match session {
                Some(s) => core.session_info(&s.account_id, &s.context).ok(),
                None => None,
            };
            let mut app = rolecall_core::app_info(core.store())?;
            app.log_dir = log_dir;
            Ok(StartInfo {
                app,
                has_accounts: core.has_accounts()?,
                session,
            })
        })
        .await
}

/// Opens a session in the account's default context.
async fn open_session(state: &AppState, account_id: AccountId) -> Result<SessionInfo, IpcError> {
    let id = account_id.clone();
    let info = state
        .run(move |core| {
            let context = core.default_context(&id)?;
            core.session_info(&id, &context)
        })
        .await?;
    remember(state, account_id, &info);
    Ok(info)
}

/// Keeps who is signed in and where, as the core last answered.
fn remember(state: &AppState, account_id: AccountId, info: &SessionInfo) {
    state.set_session(Some(Session {
        account_id,
        context: info.context.clone(),
    }));
}

#[tauri::command]
pub async fn register(state: State<'_, AppState>, request: cmd::Register) -> Answer<cmd::Register> {
    let registered = state
        .run(move |core| core.register(&request.account))
        .await?;
    let mut info = open_session(&state, registered.account.id).await?;
    info.inherited = registered.inherited;
    Ok(info)
}

#[tauri::command]
pub async fn sign_in(state: State<'_, AppState>, request: cmd::SignIn) -> Answer<cmd::SignIn> {
    let account = state
        .run(move |core| core.sign_in(&request.email, &request.password))
        .await?;
    open_session(&state, account.id).await
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>, request: cmd::SignOut) -> Answer<cmd::SignOut> {
    let cmd::SignOut {} = request;
    state.set_session(None);
    Ok(())
}

/// R8, R21: switches context; a pending invitation is accepted first.
#[tauri::command]
pub async fn switch_context(
    state: State<'_, AppState>,
    request: cmd::SwitchContext,
) -> Answer<cmd::SwitchContext> {
    let info = state
        .act(move |core, me| {
            core.switch_context(me, &request.context, request.invitation_id.as_ref())
        })
        .await?;
    remember(&state, state.account_id()?, &info);
    Ok(info)
}

/// The current session, refreshed after changes to the account or organization.
#[tauri::command]
pub async fn session(state: State<'_, AppState>, request: cmd::Session) -> Answer<cmd::Session> {
    let cmd::Session {} = request;
    let session = state
        .session()
        .ok_or_else(|| IpcError::new(ErrorKind::Unauthenticated, "Sign in first."))?;
    let context = session.context.clone();
    let info = state
        .act(move |core, me| core.refreshed_session(me, &context))
        .await?;
    remember(&state, session.account_id, &info);
    Ok(info)
}

acting! {
    /// R21: the context switcher's entries.
    switcher(Switcher) => |core, me, _r| core.switcher(me);
}
