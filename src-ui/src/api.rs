//! The one module that talks to the app: [`call`] sends any request of the contract
//! (`rolecall_types::cmd`) to its command and decodes the answer, typed by the request.
//! No command name or argument key is written anywhere in the UI.
//!
//! [`with_progress`] does the same for the commands that report progress over a
//! channel.
//!
//! `invoke` is bound with `catch`, so a command's error arrives as a value (the
//! `{kind, message}` shape) instead of a panic in the wasm.

use rolecall_types::cmd::{self, Command, Upload};
use rolecall_types::model::{ExportOutcome, ExportProgress};
use rolecall_types::{ErrorKind, IpcError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], catch)]
    async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

    /// `invoke` with options (headers), for [`upload`].
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn invoke_with(cmd: &str, args: JsValue, options: JsValue) -> Result<JsValue, JsValue>;
}

pub type ApiResult<T> = Result<T, IpcError>;

/// The arguments of every command: the request, and for a few the channel their
/// progress comes back on. Tauri names a command's arguments in camelCase
/// (`onProgress`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Arguments<'a, C> {
    request: &'a C,
    #[serde(skip_serializing_if = "Option::is_none")]
    on_progress: Option<String>,
}

/// Sends `request` to its command and decodes the answer or the error.
pub async fn call<C: Command>(request: C) -> ApiResult<C::Response> {
    send(&request, None).await
}

async fn send<C: Command>(request: &C, on_progress: Option<String>) -> ApiResult<C::Response> {
    let args = Arguments {
        request,
        on_progress,
    }
    .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
    .map_err(|e| {
        IpcError::new(
            ErrorKind::Internal,
            format!("Could not send the request: {e}"),
        )
    })?;
    match invoke(C::NAME, args).await {
        Ok(value) => decode(value),
        Err(error) => Err(decode_error(error)),
    }
}

/// Sends an [`Upload`]: `bytes` as the raw body of the call (Tauri passes a
/// `Uint8Array` through untouched), the request as JSON in its header.
pub async fn upload<C: Upload>(request: C, bytes: js_sys::Uint8Array) -> ApiResult<C::Response> {
    let unsent = |e: String| {
        IpcError::new(
            ErrorKind::Internal,
            format!("Could not send the request: {e}"),
        )
    };
    let json = serde_json::to_string(&request).map_err(|e| unsent(e.to_string()))?;
    let headers = js_sys::Object::new();
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&headers, &cmd::REQUEST_HEADER.into(), &json.into())
        .and_then(|_| js_sys::Reflect::set(&options, &"headers".into(), &headers))
        .map_err(|e| unsent(format!("{e:?}")))?;
    match invoke_with(C::NAME, bytes.into(), options.into()).await {
        Ok(value) => decode(value),
        Err(error) => Err(decode_error(error)),
    }
}

fn decode<T: DeserializeOwned>(value: JsValue) -> ApiResult<T> {
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        IpcError::new(
            ErrorKind::Internal,
            format!("Unexpected answer from the app: {e}"),
        )
    })
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

#[wasm_bindgen]
extern "C" {
    /// Tauri's `Channel`: the command sends progress messages to its `onmessage`.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = Channel)]
    type TauriChannel;

    #[wasm_bindgen(constructor, js_namespace = ["window", "__TAURI__", "core"], js_class = "Channel")]
    fn new() -> TauriChannel;

    #[wasm_bindgen(method, getter)]
    fn id(this: &TauriChannel) -> u32;

    #[wasm_bindgen(method, setter)]
    fn set_onmessage(this: &TauriChannel, handler: &Closure<dyn FnMut(JsValue)>);
}

/// Sends `request` to a command that reports its progress over a channel passed beside
/// it (an export, an import's preview and apply); `on_progress` sees each message.
pub async fn with_progress<C, P>(
    request: C,
    on_progress: impl Fn(P) + 'static,
) -> ApiResult<C::Response>
where
    C: Command,
    P: DeserializeOwned + 'static,
{
    let channel = TauriChannel::new();
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |message: JsValue| {
        if let Ok(progress) = serde_wasm_bindgen::from_value::<P>(message) {
            on_progress(progress);
        }
    });
    channel.set_onmessage(&handler);
    // A channel crosses the IPC boundary as this string (what its `toJSON` gives).
    let reference = format!("__CHANNEL__:{}", channel.id());
    let result = send(&request, Some(reference)).await;
    // The channel may still deliver a message queued before the answer: the handler
    // stays alive (one small closure per run) rather than fail on a late call.
    handler.forget();
    result
}

/// Runs an export; `on_progress` sees each progress message. `Ok(None)`: the user
/// cancelled the save dialog.
pub async fn export(
    request: cmd::ExportData,
    on_progress: impl Fn(ExportProgress) + 'static,
) -> ApiResult<Option<ExportOutcome>> {
    with_progress(request, on_progress).await
}
