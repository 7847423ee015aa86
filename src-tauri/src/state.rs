//! The app's shared state: the core (or the reason it could not be opened) and the
//! session — the signed-in account and the context it works in.

use rolecall_core::Rolecall;
use rolecall_types::ids::AccountId;
use rolecall_types::model::Context;
use rolecall_types::{ErrorKind, IpcError};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Who is signed in and where they work (R8).
#[derive(Debug, Clone)]
pub struct Session {
    pub account_id: AccountId,
    pub context: Context,
}

pub struct AppState {
    /// The open core, or the error that the UI shows on its start-up error screen.
    core: Result<Arc<Rolecall>, IpcError>,
    session: Mutex<Option<Session>>,
    /// Where the log files go, if anywhere (shown in About).
    log_dir: Option<PathBuf>,
    /// Set to stop the running import; each import starts with a fresh flag.
    import_cancel: Mutex<Arc<AtomicBool>>,
}

impl AppState {
    pub fn open(data_dir: PathBuf, log_dir: Option<PathBuf>) -> AppState {
        let core = Rolecall::open(&data_dir).map(Arc::new).map_err(|e| {
            tracing::error!(data_dir = %data_dir.display(), "cannot open the store: {e}");
            IpcError::from(e)
        });
        AppState {
            core,
            session: Mutex::new(None),
            log_dir,
            import_cancel: Mutex::new(Arc::new(AtomicBool::new(false))),
        }
    }

    /// A fresh cancel flag for an import starting now (a cancel stops the latest one).
    pub fn import_cancel(&self) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        if let Ok(mut current) = self.import_cancel.lock() {
            *current = Arc::clone(&flag);
        }
        flag
    }

    /// Stops the running import, if any.
    pub fn cancel_import(&self) {
        if let Ok(current) = self.import_cancel.lock() {
            current.store(true, Ordering::Relaxed);
        }
    }

    /// The log folder as the About dialog shows it.
    pub fn log_dir(&self) -> Option<String> {
        self.log_dir.as_ref().map(|d| d.display().to_string())
    }

    /// R44: retries keyring clean-ups left over and reports keys whose secret is
    /// missing, in the background so the window opens at once.
    pub fn start_keyring_repair(&self) {
        let Ok(core) = self.core.clone() else { return };
        std::thread::spawn(move || match core.repair_keyring() {
            Ok(report) if report.unavailable.is_some() => {
                tracing::warn!(
                    pending = report.still_pending,
                    "keyring unavailable at start-up; clean-ups wait for it"
                );
            }
            Ok(report) => {
                tracing::info!(
                    cleaned = report.cleaned,
                    pending = report.still_pending,
                    "keyring checked"
                );
                for (org, key) in report.missing_secrets {
                    tracing::warn!(organization = %org, key = %key, "active API key has no secret in the keyring");
                }
            }
            Err(e) => tracing::error!("keyring check failed: {e}"),
        });
    }

    fn core(&self) -> Result<Arc<Rolecall>, IpcError> {
        self.core.clone()
    }

    pub fn session(&self) -> Option<Session> {
        self.session
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn set_session(&self, session: Option<Session>) {
        *self.session.lock().unwrap_or_else(|p| p.into_inner()) = session;
    }

    /// The signed-in account, or an Unauthenticated error.
    pub fn account_id(&self) -> Result<AccountId, IpcError> {
        self.session()
            .map(|s| s.account_id)
            .ok_or_else(|| IpcError::new(ErrorKind::Unauthenticated, "Sign in first."))
    }

    /// Runs blocking core work off the main thread, so the window never freezes.
    pub async fn run<T, F>(&self, work: F) -> Result<T, IpcError>
    where
        T: Send + 'static,
        F: FnOnce(&Rolecall) -> rolecall_core::Result<T> + Send + 'static,
    {
        let core = self.core()?;
        tauri::async_runtime::spawn_blocking(move || work(&core).map_err(IpcError::from))
            .await
            .map_err(|e| {
                IpcError::new(
                    ErrorKind::Internal,
                    format!("The operation stopped unexpectedly: {e}"),
                )
            })?
    }

    /// Like [`AppState::run`], acting as the signed-in account.
    pub async fn act<T, F>(&self, work: F) -> Result<T, IpcError>
    where
        T: Send + 'static,
        F: FnOnce(&Rolecall, &AccountId) -> rolecall_core::Result<T> + Send + 'static,
    {
        let account = self.account_id()?;
        self.run(move |core| work(core, &account)).await
    }
}
