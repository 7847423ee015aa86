//! Text written by people (names, e-mails, role and workspace names) inside the app's
//! own sentences: a right-to-left name must not reorder the words around it. Pages mark
//! such text with [`user`] when they build a sentence; [`Sentence`] shows each marked
//! part in a `<bdi>` (isolated by the stylesheet) and the marks themselves never reach
//! the page, so copying the text copies no invisible characters.

use leptos::prelude::*;

/// The marks: FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE. The core refuses them in
/// names, so they only ever come from [`user`].
const OPEN: char = '\u{2068}';
const CLOSE: char = '\u{2069}';

/// Marks `text` as typed by someone, for a [`Sentence`].
pub fn user(text: &str) -> String {
    format!("{OPEN}{text}{CLOSE}")
}

/// The parts of a sentence: (typed by someone, text).
fn parts(sentence: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut pieces = sentence.split(OPEN);
    if let Some(first) = pieces.next() {
        out.push((false, first));
    }
    for piece in pieces {
        match piece.split_once(CLOSE) {
            Some((typed, rest)) => out.extend([(true, typed), (false, rest)]),
            None => out.push((true, piece)),
        }
    }
    out.retain(|(_, text)| !text.is_empty());
    out
}

/// A sentence whose [`user`] parts are isolated from the words around them.
#[component]
pub fn Sentence(#[prop(into)] text: Signal<String>) -> impl IntoView {
    move || {
        text.with(|t| {
            parts(t)
                .into_iter()
                .map(|(typed, part)| {
                    let part = part.to_string();
                    if typed {
                        view! { <bdi>{part}</bdi> }.into_any()
                    } else {
                        part.into_any()
                    }
                })
                .collect_view()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{parts, user};

    #[test]
    fn marked_parts_come_apart_from_the_words_around_them() {
        let title = format!("Make {} the Owner of {}?", user("Bob"), user("Acme"));
        assert_eq!(
            parts(&title),
            [
                (false, "Make "),
                (true, "Bob"),
                (false, " the Owner of "),
                (true, "Acme"),
                (false, "?")
            ]
        );
        assert_eq!(parts("No names"), [(false, "No names")]);
        assert_eq!(parts(&user("Ann")), [(true, "Ann")]);
    }
}
