//! Start, register, sign in and out, switch context.

use crate::state::{AppState, Session};
use rolecall_types::IpcError;
use rolecall_types::model::{Context, RegisterRequest, SessionInfo, SignInRequest, StartInfo};
use tauri::State;

/// What the window needs to draw its first screen.
#[tauri::command]
pub async fn start_info(state: State<'_, AppState>) -> Result<StartInfo, IpcError> {
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
async fn open_session(state: &AppState, account_id: String) -> Result<SessionInfo, IpcError> {
    let id = account_id.clone();
    let info = state
        .run(move |core| {
            let context = core.default_context(&id)?;
            core.session_info(&id, &context)
        })
        .await?;
    state.set_session(Some(Session {
        account_id,
        context: info.context.clone(),
    }));
    Ok(info)
}

#[tauri::command]
pub async fn register(
    state: State<'_, AppState>,
    request: RegisterRequest,
) -> Result<SessionInfo, IpcError> {
    let account = state
        .run(move |core| core.register(&request))
        .await?
        .account;
    open_session(&state, account.id).await
}

#[tauri::command]
pub async fn sign_in(
    state: State<'_, AppState>,
    request: SignInRequest,
) -> Result<SessionInfo, IpcError> {
    let account = state
        .run(move |core| core.sign_in(&request.email, &request.password))
        .await?;
    open_session(&state, account.id).await
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.set_session(None);
    Ok(())
}

/// R8, R21: switches context; a pending invitation is accepted first.
#[tauri::command(rename_all = "snake_case")]
pub async fn switch_context(
    state: State<'_, AppState>,
    context: Context,
    invitation_id: Option<String>,
) -> Result<SessionInfo, IpcError> {
    let target = context.clone();
    let info = state
        .act(move |core, me| {
            if let Some(invitation) = &invitation_id {
                core.accept_invitation(me, invitation)?;
            }
            core.session_info(me, &target)
        })
        .await?;
    let account_id = state.account_id()?;
    state.set_session(Some(Session {
        account_id,
        context,
    }));
    Ok(info)
}

/// The current session, refreshed (after changes to the account or organization).
#[tauri::command]
pub async fn session(state: State<'_, AppState>) -> Result<SessionInfo, IpcError> {
    let session = state.session().ok_or_else(|| {
        IpcError::new(rolecall_types::ErrorKind::Unauthenticated, "Sign in first.")
    })?;
    let context = session.context.clone();
    match state
        .act(move |core, me| core.session_info(me, &context))
        .await
    {
        Ok(info) => Ok(info),
        // The organization went away or the membership changed: fall back to the default.
        Err(e) if e.kind != rolecall_types::ErrorKind::Unauthenticated => {
            open_session(&state, session.account_id).await
        }
        Err(e) => Err(e),
    }
}
