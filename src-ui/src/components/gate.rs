//! A page behind a permission: the page for those who hold it, else its title and a
//! notice of what it needs.

use leptos::prelude::*;

#[component]
pub fn Gate(
    /// Whether the account may see the page; the page follows it.
    allowed: Memo<bool>,
    /// The page's title, above the notice.
    title: &'static str,
    /// The notice's id and words.
    notice: (&'static str, &'static str),
    children: ChildrenFn,
) -> impl IntoView {
    let (id, words) = notice;
    move || {
        if allowed.get() {
            children().into_any()
        } else {
            view! {
                <header class="page-header"><h1>{title}</h1></header>
                <p class="notice" id=id>{words}</p>
            }
            .into_any()
        }
    }
}
