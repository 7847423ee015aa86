//! A page that lists one kind of thing (agents, workspaces): its header — title, a line
//! about the list (the children), the create button for those who may — then a card
//! with the list, or its empty state with the same create action.

use crate::api::ApiResult;
use crate::components::Loaded;
use leptos::prelude::*;

#[component]
pub fn ListPage<T, V, F>(
    title: &'static str,
    /// The create button's id and label (the empty state repeats the label).
    create: (&'static str, &'static str),
    #[prop(into)] can_create: Signal<bool>,
    on_create: Callback<()>,
    /// The card's extra class.
    card: &'static str,
    data: LocalResource<ApiResult<Vec<T>>>,
    /// The empty state's id and words.
    empty: (&'static str, &'static str),
    /// Said in the empty state to those who may not create.
    #[prop(optional)]
    cannot_create: Option<&'static str>,
    /// Draws a list that is not empty.
    list: F,
    children: Children,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(Vec<T>) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let (create_id, create_label) = create;
    view! {
        <header class="page-header row">
            <div>
                <h1>{title}</h1>
                {children()}
            </div>
            <Show when=move || can_create.get()>
                <button class="btn btn-primary" id=create_id on:click=move |_| on_create.run(())>{create_label}</button>
            </Show>
        </header>
        <div class=format!("card list-card {card}")>
            <Loaded data let:found>
                {if found.is_empty() {
                    view! {
                        <div class="empty-state" id=empty.0>
                            <p>{empty.1}</p>
                            <Show
                                when=move || can_create.get()
                                fallback=move || cannot_create.map(|why| view! { <p class="muted small">{why}</p> })
                            >
                                <button class="btn btn-primary" on:click=move |_| on_create.run(())>{create_label}</button>
                            </Show>
                        </div>
                    }.into_any()
                } else {
                    list(found).into_any()
                }}
            </Loaded>
        </div>
    }
}
