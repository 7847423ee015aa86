//! The All organizations tab (R52): each organization the account may review, with its
//! severity counts; choosing one switches to it and opens its Review.

use super::findings::SeverityRow;
use crate::api;
use crate::components::{Loaded, Table, col};
use crate::format::count;
use crate::state::{Ctx, Route};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rolecall_types::cmd;
use rolecall_types::model::Context;

#[component]
pub(super) fn AllOrganizations() -> impl IntoView {
    let ctx = Ctx::get();
    let all = ctx.read(|| api::call(cmd::AllFindings {}));
    view! {
        <div class="card list-card rv-all">
            <Loaded data=all let:orgs>
                {orgs.is_empty().then(|| view! {
                    <div class="empty-state" id="review-all-empty">
                        <p>"No organization you may review has findings to show."</p>
                    </div>
                })}
                <Table class="rv-table" id="review-all"
                    columns=[col("Organization"), col("Findings"), col("Open").unseen()]>
                    {orgs.into_iter().map(|f| {
                        let current = f.org_id == ctx.org();
                        let org_id = f.org_id.clone();
                        let total = f.findings.len() as u64;
                        let name = f.org_name.clone();
                        view! {
                            <tr class="rv-org" data-org=f.org_id.to_string() class:rv-current=current>
                                <td class="rv-org-name">
                                    {f.org_name.clone()}
                                    {current.then(|| view! { <span class="badge rv-current-badge">"current"</span> })}
                                    <div class="muted small">{count(total, "finding", "findings")}</div>
                                </td>
                                <td><SeverityRow counts=f.counts id=format!("review-counts-{}", f.org_id) /></td>
                                <td class="rv-remedies">
                                    {(!current).then(|| view! {
                                        <button class="btn btn-small rv-open-org" aria-label=format!("Review {name}")
                                            on:click=move |_| {
                                                let context = Context::Organization(org_id.clone());
                                                spawn_local(async move {
                                                    ctx.switch(context, None, Route::Review).await;
                                                });
                                            }>"Review"</button>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </Table>
            </Loaded>
        </div>
    }
}
