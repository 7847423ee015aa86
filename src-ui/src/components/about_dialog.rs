//! The About dialog: version, data folder and database of this installation.

use crate::components::Dialog;
use leptos::html;
use leptos::prelude::*;
use rolecall_types::AppInfo;

#[component]
pub fn AboutDialog(
    info: AppInfo,
    /// Called when the dialog closes (button, Escape or a click outside).
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let close_button = NodeRef::<html::Button>::new();
    // Focus moves into the dialog when it opens, so Escape and Enter work at once.
    Effect::new(move |_| {
        if let Some(button) = close_button.get() {
            let _ = button.focus();
        }
    });
    let close = on_close.clone();
    let on_close = Callback::new(move |_| close());
    view! {
        <Dialog id="about-dialog" labelled_by="about-title" on_close>
                <h2 id="about-title">"About Rolecall"</h2>
                <dl class="facts">
                    <dt>"Version"</dt>
                    <dd id="about-version">{info.version}</dd>
                    <dt>"Data folder"</dt>
                    <dd class="mono" id="about-data-dir">{info.data_dir}</dd>
                    <dt>"Database"</dt>
                    <dd class="mono" id="about-database">{info.database_path}</dd>
                    <dt>"Schema"</dt>
                    <dd id="about-schema">{info.schema_version}</dd>
                    <dt>"Log files"</dt>
                    <dd class="mono" id="about-log-dir">
                        {info.log_dir.unwrap_or_else(|| "None: this session logs to standard error only".into())}
                    </dd>
                </dl>
                <div class="dialog-actions">
                    <button class="btn btn-primary" node_ref=close_button on:click=move |_| on_close.run(())>
                        "Close"
                    </button>
                </div>
        </Dialog>
    }
}
