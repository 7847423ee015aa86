//! The one module that talks to the app: typed async functions over Tauri's `invoke`.
//!
//! `invoke` is bound with `catch`, so a command's error arrives as a value (the
//! `{kind, message}` shape) instead of a panic in the wasm.

use rolecall_types::{AppInfo, ErrorKind, IpcError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], catch)]
    async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

/// Calls a command with arguments and decodes its answer or its error.
async fn call<T: DeserializeOwned>(cmd: &str, args: &impl Serialize) -> Result<T, IpcError> {
    let args = args
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            IpcError::new(
                ErrorKind::Internal,
                format!("Could not send the request: {e}"),
            )
        })?;
    match invoke(cmd, args).await {
        Ok(value) => serde_wasm_bindgen::from_value(value).map_err(|e| {
            IpcError::new(
                ErrorKind::Internal,
                format!("Unexpected answer from the app: {e}"),
            )
        }),
        Err(error) => Err(decode_error(error)),
    }
}

/// A rejected `invoke` carries the command's `{kind, message}`; anything else (no Tauri
/// at all, a missing permission) becomes an Internal error with its text.
fn decode_error(error: JsValue) -> IpcError {
    if let Ok(e) = serde_wasm_bindgen::from_value::<IpcError>(error.clone()) {
        return e;
    }
    let text = error
        .as_string()
        .or_else(|| {
            js_sys::JSON::stringify(&error)
                .ok()
                .and_then(|s| s.as_string())
        })
        .unwrap_or_else(|| "unknown error".to_string());
    IpcError::new(
        ErrorKind::Internal,
        format!("The app did not answer: {text}"),
    )
}

#[derive(Serialize)]
struct NoArgs {}

/// Version, data folder and schema version.
pub async fn app_info() -> Result<AppInfo, IpcError> {
    call("app_info", &NoArgs {}).await
}
