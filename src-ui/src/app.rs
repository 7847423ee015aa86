//! The app shell: sidebar and main area, or the start-up error screen when the data
//! cannot be opened.

use crate::api;
use crate::components::{AboutDialog, Sidebar, StartupError, Welcome};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::{AppInfo, IpcError};

/// What the app knows at start-up.
#[derive(Clone)]
enum Startup {
    Loading,
    Ready(AppInfo),
    Failed(IpcError),
}

#[component]
pub fn App() -> impl IntoView {
    let startup = RwSignal::new(Startup::Loading);
    let about_open = RwSignal::new(false);
    spawn_local(async move {
        startup.set(match api::app_info().await {
            Ok(info) => Startup::Ready(info),
            Err(error) => Startup::Failed(error),
        });
    });

    move || match startup.get() {
        Startup::Loading => view! {
            <div class="splash" role="status" aria-live="polite">"Opening your data…"</div>
        }
        .into_any(),
        Startup::Failed(error) => view! { <StartupError error /> }.into_any(),
        Startup::Ready(info) => {
            let dialog_info = info.clone();
            view! {
                <div class="shell">
                    <Sidebar on_about=move || about_open.set(true) />
                    <main class="main" id="main">
                        <Welcome info />
                    </main>
                </div>
                <Show when=move || about_open.get()>
                    <AboutDialog info=dialog_info.clone() on_close=move || about_open.set(false) />
                </Show>
            }
            .into_any()
        }
    }
}
