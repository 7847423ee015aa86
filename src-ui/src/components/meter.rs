//! A bar for how much of something is used or done: seats against a plan's limit (in
//! the warning colour once full), or an export's rows (running back and forth while
//! nothing is counted yet).

use leptos::prelude::*;

#[component]
pub fn Meter(
    label: &'static str,
    now: u64,
    max: u64,
    /// An operation's progress rather than a quantity in use.
    #[prop(optional)]
    progress: bool,
    /// Nothing counted yet: the bar runs back and forth.
    #[prop(optional)]
    waiting: bool,
) -> impl IntoView {
    let share = match max {
        0 => 0.0,
        max => (now as f64 / max as f64 * 100.0).min(100.0),
    };
    let full = !progress && now >= max;
    view! {
        <div
            class="meter"
            class:full=full
            class:waiting=waiting
            role=if progress { "progressbar" } else { "meter" }
            aria-label=label
            aria-valuemin="0"
            aria-valuemax=max.to_string()
            aria-valuenow=now.to_string()
        >
            <div class="meter-fill" style:width=format!("{share:.1}%")></div>
        </div>
    }
}
