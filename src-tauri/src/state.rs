//! The app's shared state: the core's store, or the reason it could not be opened.

use rolecall_core::Store;
use rolecall_types::IpcError;
use std::path::PathBuf;
use std::sync::Arc;

pub struct AppState {
    /// The open store, or the error that the UI shows on its start-up error screen.
    store: Result<Arc<Store>, IpcError>,
}

impl AppState {
    pub fn open(data_dir: PathBuf) -> AppState {
        let store = Store::open(&data_dir).map(Arc::new).map_err(|e| {
            tracing::error!(data_dir = %data_dir.display(), "cannot open the store: {e}");
            IpcError::from(e)
        });
        AppState { store }
    }

    /// Runs blocking core work off the main thread, so the window never freezes.
    pub async fn run<T, F>(&self, work: F) -> Result<T, IpcError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> rolecall_core::Result<T> + Send + 'static,
    {
        let store = self.store.clone()?;
        tauri::async_runtime::spawn_blocking(move || work(&store).map_err(IpcError::from))
            .await
            .map_err(|e| {
                IpcError::new(
                    rolecall_types::ErrorKind::Internal,
                    format!("The operation stopped unexpectedly: {e}"),
                )
            })?
    }
}
