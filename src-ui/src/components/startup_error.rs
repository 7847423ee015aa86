//! Shown instead of the app when the data cannot be opened (corrupt file, newer
//! version, locked): the message says what is wrong and what to do; nothing was changed.

use leptos::prelude::*;
use rolecall_types::IpcError;

#[component]
pub fn StartupError(error: IpcError) -> impl IntoView {
    view! {
        <div class="startup-error" role="alert" id="startup-error">
            <div class="card">
                <h1>"Rolecall cannot open your data"</h1>
                <p id="startup-error-message">{error.message}</p>
                <p class="muted">
                    "Start Rolecall with another data folder: "
                    <code>"rolecall --data-dir <folder>"</code>
                </p>
            </div>
        </div>
    }
}
