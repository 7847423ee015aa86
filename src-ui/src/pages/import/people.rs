//! Who the import touches, in tabs: people who join, people whose fields change (each
//! field before → after), people not in the file, and rows with problems (line, column,
//! what is wrong). Each list shows the first people of its kind; the counts are whole.

use super::{Destination, Import};
use crate::components::{TabButton, Table, col};
use crate::format::{capitalized, count, dash_if_empty, group};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use rolecall_types::import::{AbsentAction, ImportPerson, ImportPreview};
use wasm_bindgen::JsCast;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Joins,
    Changes,
    Absent,
    Problems,
}

const TABS: [Tab; 4] = [Tab::Joins, Tab::Changes, Tab::Absent, Tab::Problems];

impl Tab {
    fn id(self) -> &'static str {
        match self {
            Tab::Joins => "import-tab-joins",
            Tab::Changes => "import-tab-changes",
            Tab::Absent => "import-tab-absent",
            Tab::Problems => "import-tab-problems",
        }
    }

    fn size(self, p: &ImportPreview) -> u64 {
        match self {
            Tab::Joins => p.counts.join,
            Tab::Changes => p.counts.change,
            Tab::Absent => p.counts.absent,
            Tab::Problems => p.counts.problems,
        }
    }
}

#[component]
pub(super) fn People(import: Import) -> impl IntoView {
    let tab = RwSignal::new(Tab::Joins);
    // A new preview keeps the tab while it has people, else opens the first that has.
    Effect::new(move |_| {
        import.preview.with(|p| {
            if let Some(p) = p
                && tab.get_untracked().size(p) == 0
                && let Some(first) = TABS.into_iter().find(|t| t.size(p) > 0)
            {
                tab.set(first);
            }
        });
    });
    let visible = move |t: Tab| t != Tab::Absent || import.destination.get() == Destination::This;
    // Arrow keys, Home and End move between the tabs; the focus follows.
    let on_key = Callback::new(move |ev: KeyboardEvent| {
        let shown: Vec<Tab> = TABS.into_iter().filter(|t| visible(*t)).collect();
        let at = shown
            .iter()
            .position(|t| *t == tab.get_untracked())
            .unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (at + 1) % shown.len(),
            "ArrowLeft" => (at + shown.len() - 1) % shown.len(),
            "Home" => 0,
            "End" => shown.len() - 1,
            _ => return,
        };
        ev.prevent_default();
        tab.set(shown[next]);
        focus(shown[next].id());
    });
    let badge = move |t: Tab| {
        move || {
            import.preview.with(|p| {
                p.as_ref().map(|p| view! { <span class="count-badge small" class:zero=t.size(p) == 0>{group(t.size(p))}</span> })
            })
        }
    };
    view! {
        <section class="card imp-people" aria-label="People in this import">
            <div class="tabs" role="tablist" aria-label="People in this import">
                <TabButton current=tab value=Tab::Joins id="import-tab-joins" label="Joins" controls="import-panel" on_key>
                    {badge(Tab::Joins)}
                </TabButton>
                <TabButton current=tab value=Tab::Changes id="import-tab-changes" label="Changes" controls="import-panel" on_key>
                    {badge(Tab::Changes)}
                </TabButton>
                <Show when=move || visible(Tab::Absent)>
                    <TabButton current=tab value=Tab::Absent id="import-tab-absent" label="Not in the file" controls="import-panel" on_key>
                        {badge(Tab::Absent)}
                    </TabButton>
                </Show>
                <TabButton current=tab value=Tab::Problems id="import-tab-problems" label="Problems" controls="import-panel" on_key>
                    {badge(Tab::Problems)}
                </TabButton>
            </div>
            <div role="tabpanel" id="import-panel" class="imp-panel" aria-labelledby=move || tab.get().id()>
                {move || import.preview.get().map(|p| match tab.get() {
                    Tab::Joins => joins(&p).into_any(),
                    Tab::Changes => changes(&p).into_any(),
                    Tab::Absent => absent(&p, import.absent.get()).into_any(),
                    Tab::Problems => problems(&p).into_any(),
                })}
            </div>
        </section>
    }
}

fn focus(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// "Showing the first 500 of 1,204." when a list is cut.
fn shown_of(shown: usize, total: u64, one: &str, many: &str) -> Option<impl IntoView + use<>> {
    ((shown as u64) < total).then(|| {
        view! {
            <p class="muted small imp-more">
                {format!("Showing the first {} of {}.", group(shown as u64), count(total, one, many))}
            </p>
        }
    })
}

fn empty(id: &'static str, text: &'static str) -> AnyView {
    view! { <p class="muted imp-empty" id=id>{text}</p> }.into_any()
}

/// A status as the core words it (`active`, `Deactivated`…), capitalised.
fn status_words(status: &str) -> String {
    dash_if_empty(&capitalized(status))
}

fn joins(p: &ImportPreview) -> AnyView {
    if p.joins.is_empty() {
        return empty("import-joins-empty", "Nobody joins.");
    }
    let rows = p.joins.iter().map(person_row).collect_view();
    view! {
        <Table class="imp-table" id="import-joins" columns=[
            col("Line").class("imp-line"),
            col("Name"),
            col("E-mail"),
            col("Role"),
            col("Status"),
        ]>
            {rows}
        </Table>
        {shown_of(p.joins.len(), p.counts.join, "join", "joins")}
    }
    .into_any()
}

fn person_row(person: &ImportPerson) -> impl IntoView + use<> {
    view! {
        <tr data-email=person.email.clone()>
            <td class="imp-line">{person.line.map(group).unwrap_or_else(|| "—".into())}</td>
            <td class="imp-name"><bdi>{person.name.clone()}</bdi></td>
            <td class="imp-email">{person.email.clone()}</td>
            <td>{person.role.clone()}</td>
            <td>{status_words(&person.status)}</td>
        </tr>
    }
}

fn changes(p: &ImportPreview) -> AnyView {
    if p.changes.is_empty() {
        return empty("import-changes-empty", "Nobody changes.");
    }
    let rows = p.changes.iter().map(|c| view! {
        <tr data-email=c.person.email.clone()>
            <td class="imp-line">{c.person.line.map(group).unwrap_or_else(|| "—".into())}</td>
            <td>
                <div class="imp-name"><bdi>{c.person.name.clone()}</bdi></div>
                <div class="muted small imp-email">{c.person.email.clone()}</div>
            </td>
            <td>
                <ul class="imp-fields">
                    {c.fields.iter().map(|f| view! {
                        <li data-field=f.field.clone()>
                            <span class="imp-field">{f.field.clone()}</span>
                            <span class="imp-before">{dash_if_empty(&f.before)}</span>
                            <span class="imp-arrow" aria-label="becomes">" → "</span>
                            <span class="imp-after">{dash_if_empty(&f.after)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </td>
        </tr>
    }).collect_view();
    view! {
        <Table class="imp-table" id="import-changes" columns=[
            col("Line").class("imp-line"),
            col("Person"),
            col("What changes").class("imp-fields-head"),
        ]>
            {rows}
        </Table>
        {shown_of(p.changes.len(), p.counts.change, "change", "changes")}
    }
    .into_any()
}

fn absent(p: &ImportPreview, action: AbsentAction) -> AnyView {
    if p.absent.is_empty() {
        return empty(
            "import-absent-empty",
            "Everyone in the organization is in the file.",
        );
    }
    let what = match action {
        AbsentAction::Keep => "Kept",
        AbsentAction::Deactivate => "Deactivated",
        AbsentAction::Remove => "Removed",
    };
    let rows = p
        .absent
        .iter()
        .map(|person| {
            view! {
                <tr data-email=person.email.clone()>
                    <td class="imp-name"><bdi>{person.name.clone()}</bdi></td>
                    <td class="imp-email">{person.email.clone()}</td>
                    <td>{person.role.clone()}</td>
                    <td>{status_words(&person.status)}</td>
                    <td class:imp-danger=action == AbsentAction::Remove>{what}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Table class="imp-table" id="import-absent-list" columns=[
            col("Name"),
            col("E-mail"),
            col("Role"),
            col("Now"),
            col("With this import"),
        ]>
            {rows}
        </Table>
        {shown_of(p.absent.len(), p.counts.absent, "person", "people")}
    }
    .into_any()
}

fn problems(p: &ImportPreview) -> AnyView {
    if p.problems.is_empty() {
        return empty(
            "import-problems-empty",
            "No problems: every row can be read.",
        );
    }
    let rows = p.problems.iter().map(|problem| view! {
        <tr data-line=problem.line.to_string()>
            <td class="imp-line">{group(problem.line)}</td>
            <td class="imp-column">{problem.column.clone().unwrap_or_else(|| "—".into())}</td>
            <td class="imp-message">{problem.message.clone()}</td>
        </tr>
    }).collect_view();
    view! {
        <Table class="imp-table" id="import-problems" columns=[
            col("Line").class("imp-line"),
            col("Column").class("imp-column"),
            col("Problem"),
        ]>
            {rows}
        </Table>
        {shown_of(p.problems.len(), p.counts.problems, "problem", "problems")}
    }
    .into_any()
}
