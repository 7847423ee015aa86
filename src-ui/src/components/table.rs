//! A table under one row of column heads: the heads come as data ([`col`]), the rows
//! as its children.

use leptos::prelude::*;

/// A column's head: its words, its class, and whether only screen readers say it.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    label: &'static str,
    class: Option<&'static str>,
    unseen: bool,
}

/// A column headed `label`.
pub const fn col(label: &'static str) -> Column {
    Column {
        label,
        class: None,
        unseen: false,
    }
}

impl Column {
    /// With `class` on its head.
    pub const fn class(self, class: &'static str) -> Column {
        Column {
            class: Some(class),
            ..self
        }
    }

    /// Its head said to screen readers only (a column of buttons).
    pub const fn unseen(self) -> Column {
        Column {
            unseen: true,
            ..self
        }
    }
}

#[component]
pub fn Table(
    class: &'static str,
    #[prop(optional)] id: Option<&'static str>,
    #[prop(into)] columns: Vec<Column>,
    children: Children,
) -> impl IntoView {
    let heads = columns
        .into_iter()
        .map(|c| {
            let label = if c.unseen {
                view! { <span class="sr-only">{c.label}</span> }.into_any()
            } else {
                c.label.into_any()
            };
            view! { <th scope="col" class=c.class>{label}</th> }
        })
        .collect_view();
    view! {
        <table class=class id=id>
            <thead>
                <tr>{heads}</tr>
            </thead>
            <tbody>{children()}</tbody>
        </table>
    }
}
