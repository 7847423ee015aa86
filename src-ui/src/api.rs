//! The one module that talks to the app: typed async functions over Tauri's `invoke`.
//!
//! `invoke` is bound with `catch`, so a command's error arrives as a value (the
//! `{kind, message}` shape) instead of a panic in the wasm.

use rolecall_types::model::*;
use rolecall_types::{ErrorKind, IpcError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], catch)]
    async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

pub type ApiResult<T> = Result<T, IpcError>;

/// Calls a command with arguments and decodes its answer or its error.
async fn call<T: DeserializeOwned>(cmd: &str, args: Value) -> ApiResult<T> {
    let args = args
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            IpcError::new(
                ErrorKind::Internal,
                format!("Could not send the request: {e}"),
            )
        })?;
    match invoke(cmd, args).await {
        Ok(value) => serde_wasm_bindgen::from_value(value).map_err(|e| {
            IpcError::new(
                ErrorKind::Internal,
                format!("Unexpected answer from the app: {e}"),
            )
        }),
        Err(error) => Err(decode_error(error)),
    }
}

/// A rejected `invoke` carries the command's `{kind, message}`; anything else (no Tauri
/// at all, a missing permission) becomes an Internal error with its text.
fn decode_error(error: JsValue) -> IpcError {
    if let Ok(e) = serde_wasm_bindgen::from_value::<IpcError>(error.clone()) {
        return e;
    }
    let text = error
        .as_string()
        .or_else(|| {
            js_sys::JSON::stringify(&error)
                .ok()
                .and_then(|s| s.as_string())
        })
        .unwrap_or_else(|| "unknown error".to_string());
    IpcError::new(
        ErrorKind::Internal,
        format!("The app did not answer: {text}"),
    )
}

fn value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

pub async fn start_info() -> ApiResult<StartInfo> {
    call("start_info", json!({})).await
}

pub async fn register(request: &RegisterRequest) -> ApiResult<SessionInfo> {
    call("register", json!({ "request": value(request) })).await
}

pub async fn sign_in(email: &str, password: &str) -> ApiResult<SessionInfo> {
    call(
        "sign_in",
        json!({ "request": { "email": email, "password": password } }),
    )
    .await
}

pub async fn sign_out() -> ApiResult<()> {
    call("sign_out", json!({})).await
}

pub async fn session() -> ApiResult<SessionInfo> {
    call("session", json!({})).await
}

pub async fn switch_context(
    context: &Context,
    invitation_id: Option<&str>,
) -> ApiResult<SessionInfo> {
    call(
        "switch_context",
        json!({ "context": value(context), "invitation_id": invitation_id }),
    )
    .await
}

pub async fn switcher() -> ApiResult<Vec<SwitcherEntry>> {
    call("switcher", json!({})).await
}

pub async fn suggest_slug(name: &str) -> ApiResult<String> {
    call("suggest_slug", json!({ "name": name })).await
}

pub async fn create_organization(name: &str, slug: &str) -> ApiResult<Organization> {
    call(
        "create_organization",
        json!({ "request": { "name": name, "slug": slug } }),
    )
    .await
}

pub async fn update_organization(
    org_id: &str,
    update: &OrganizationUpdate,
) -> ApiResult<Organization> {
    call(
        "update_organization",
        json!({ "org_id": org_id, "update": value(update) }),
    )
    .await
}

pub async fn leave_organization(org_id: &str) -> ApiResult<()> {
    call("leave_organization", json!({ "org_id": org_id })).await
}

pub async fn transfer_ownership(org_id: &str, membership_id: &str) -> ApiResult<()> {
    call(
        "transfer_ownership",
        json!({ "org_id": org_id, "membership_id": membership_id }),
    )
    .await
}

pub async fn delete_organization(org_id: &str, typed_slug: &str) -> ApiResult<()> {
    call(
        "delete_organization",
        json!({ "org_id": org_id, "typed_slug": typed_slug }),
    )
    .await
}

pub async fn load_demo(members: u32) -> ApiResult<Organization> {
    call("load_demo", json!({ "members": members })).await
}

pub async fn list_members(org_id: &str, query: &MemberQuery) -> ApiResult<MemberPage> {
    call(
        "list_members",
        json!({ "org_id": org_id, "query": value(query) }),
    )
    .await
}

pub async fn list_roles(org_id: &str) -> ApiResult<Vec<Role>> {
    call("list_roles", json!({ "org_id": org_id })).await
}

pub async fn seats(org_id: &str) -> ApiResult<Seats> {
    call("seats", json!({ "org_id": org_id })).await
}

pub async fn invite(org_id: &str, member: &NewMember) -> ApiResult<Invitation> {
    call(
        "invite",
        json!({ "org_id": org_id, "member": value(member) }),
    )
    .await
}

/// R19: adds a person who cannot sign in as an active member at once.
pub async fn add_member(org_id: &str, member: &NewMember) -> ApiResult<Member> {
    call(
        "add_member",
        json!({ "org_id": org_id, "member": value(member) }),
    )
    .await
}

pub async fn list_invitations(org_id: &str) -> ApiResult<Vec<Invitation>> {
    call("list_invitations", json!({ "org_id": org_id })).await
}

pub async fn resend_invitation(org_id: &str, invitation_id: &str) -> ApiResult<Invitation> {
    call(
        "resend_invitation",
        json!({ "org_id": org_id, "invitation_id": invitation_id }),
    )
    .await
}

pub async fn revoke_invitation(org_id: &str, invitation_id: &str) -> ApiResult<()> {
    call(
        "revoke_invitation",
        json!({ "org_id": org_id, "invitation_id": invitation_id }),
    )
    .await
}

pub async fn invitation_text(org_id: &str, invitation_id: &str) -> ApiResult<String> {
    call(
        "invitation_text",
        json!({ "org_id": org_id, "invitation_id": invitation_id }),
    )
    .await
}

pub async fn change_role(org_id: &str, membership_id: &str, role_id: &str) -> ApiResult<Member> {
    call(
        "change_role",
        json!({ "org_id": org_id, "membership_id": membership_id, "role_id": role_id }),
    )
    .await
}

pub async fn set_member_status(
    org_id: &str,
    membership_id: &str,
    status: MemberStatus,
) -> ApiResult<Member> {
    call(
        "set_member_status",
        json!({ "org_id": org_id, "membership_id": membership_id, "status": value(&status) }),
    )
    .await
}

pub async fn remove_member(org_id: &str, membership_id: &str) -> ApiResult<()> {
    call(
        "remove_member",
        json!({ "org_id": org_id, "membership_id": membership_id }),
    )
    .await
}

pub async fn update_profile(update: &ProfileUpdate) -> ApiResult<Account> {
    call("update_profile", json!({ "update": value(update) })).await
}

pub async fn change_password(
    current: &str,
    new_password: &str,
    confirmation: &str,
) -> ApiResult<()> {
    call(
        "change_password",
        json!({ "current": current, "new_password": new_password, "confirmation": confirmation }),
    )
    .await
}

pub async fn owned_organizations() -> ApiResult<Vec<String>> {
    call("owned_organizations", json!({})).await
}

pub async fn delete_account() -> ApiResult<()> {
    call("delete_account", json!({})).await
}

pub async fn organization(org_id: &str) -> ApiResult<Organization> {
    call("organization", json!({ "org_id": org_id })).await
}

pub async fn member_detail(org_id: &str, membership_id: &str) -> ApiResult<MemberDetail> {
    call(
        "member_detail",
        json!({ "org_id": org_id, "membership_id": membership_id }),
    )
    .await
}

pub async fn account_activity() -> ApiResult<AuditPage> {
    call("account_activity", json!({ "before_id": null })).await
}

pub async fn login_history() -> ApiResult<Vec<Millis>> {
    call("login_history", json!({})).await
}

pub async fn set_theme(theme: Theme) -> ApiResult<Account> {
    call("set_theme", json!({ "theme": value(&theme) })).await
}

pub async fn set_org_avatar(org_id: &str, bytes: Option<Vec<u8>>) -> ApiResult<Organization> {
    call(
        "set_org_avatar",
        json!({ "org_id": org_id, "bytes": bytes }),
    )
    .await
}

pub async fn org_avatar(org_id: &str) -> ApiResult<Option<String>> {
    call("org_avatar", json!({ "org_id": org_id })).await
}

pub async fn list_api_keys(org_id: &str, include_revoked: bool) -> ApiResult<Vec<ApiKey>> {
    call(
        "list_api_keys",
        json!({ "org_id": org_id, "include_revoked": include_revoked }),
    )
    .await
}

pub async fn create_api_key(org_id: &str, key: &NewApiKey) -> ApiResult<CreatedApiKey> {
    call(
        "create_api_key",
        json!({ "org_id": org_id, "key": value(key) }),
    )
    .await
}

pub async fn revoke_api_key(org_id: &str, key_id: &str) -> ApiResult<ApiKey> {
    call(
        "revoke_api_key",
        json!({ "org_id": org_id, "key_id": key_id }),
    )
    .await
}

pub async fn verify_api_key(org_id: &str, pasted: &str) -> ApiResult<KeyVerification> {
    call(
        "verify_api_key",
        json!({ "org_id": org_id, "pasted": pasted }),
    )
    .await
}

/// R44: ids of active keys whose secret is missing from the keyring.
pub async fn keys_without_secret(org_id: &str) -> ApiResult<Vec<String>> {
    call("keys_without_secret", json!({ "org_id": org_id })).await
}

pub async fn keyring_status() -> ApiResult<KeyringStatus> {
    call("keyring_status", json!({})).await
}

// Roles (R27, R29) and workspaces (R15, R16).

pub async fn add_role_template(org_id: &str, template: &str) -> ApiResult<Role> {
    call(
        "add_role_template",
        json!({ "org_id": org_id, "template": template }),
    )
    .await
}

pub async fn create_role(org_id: &str, role: &RoleInput) -> ApiResult<Role> {
    call(
        "create_role",
        json!({ "org_id": org_id, "role": value(role) }),
    )
    .await
}

pub async fn update_role(org_id: &str, role_id: &str, role: &RoleInput) -> ApiResult<Role> {
    call(
        "update_role",
        json!({ "org_id": org_id, "role_id": role_id, "role": value(role) }),
    )
    .await
}

pub async fn delete_role(org_id: &str, role_id: &str) -> ApiResult<()> {
    call(
        "delete_role",
        json!({ "org_id": org_id, "role_id": role_id }),
    )
    .await
}

pub async fn list_workspaces(org_id: &str) -> ApiResult<Vec<Workspace>> {
    call("list_workspaces", json!({ "org_id": org_id })).await
}

pub async fn create_workspace(org_id: &str, name: &str) -> ApiResult<Workspace> {
    call(
        "create_workspace",
        json!({ "org_id": org_id, "name": name }),
    )
    .await
}

pub async fn rename_workspace(
    org_id: &str,
    workspace_id: &str,
    name: &str,
) -> ApiResult<Workspace> {
    call(
        "rename_workspace",
        json!({ "org_id": org_id, "workspace_id": workspace_id, "name": name }),
    )
    .await
}

pub async fn delete_workspace(org_id: &str, workspace_id: &str) -> ApiResult<()> {
    call(
        "delete_workspace",
        json!({ "org_id": org_id, "workspace_id": workspace_id }),
    )
    .await
}

pub async fn workspace_members(
    org_id: &str,
    workspace_id: &str,
) -> ApiResult<Vec<WorkspaceMember>> {
    call(
        "workspace_members",
        json!({ "org_id": org_id, "workspace_id": workspace_id }),
    )
    .await
}

pub async fn grant_workspace_role(
    org_id: &str,
    workspace_id: &str,
    membership_id: &str,
    role_id: &str,
) -> ApiResult<()> {
    call(
        "grant_workspace_role",
        json!({ "org_id": org_id, "workspace_id": workspace_id, "membership_id": membership_id, "role_id": role_id }),
    )
    .await
}

pub async fn revoke_workspace_role(
    org_id: &str,
    workspace_id: &str,
    membership_id: &str,
) -> ApiResult<()> {
    call(
        "revoke_workspace_role",
        json!({ "org_id": org_id, "workspace_id": workspace_id, "membership_id": membership_id }),
    )
    .await
}

// Agents (R35, R36).

pub async fn list_agents(context: &Context) -> ApiResult<Vec<Agent>> {
    call("list_agents", json!({ "context": value(context) })).await
}

pub async fn create_agent(context: &Context, agent: &AgentInput) -> ApiResult<Agent> {
    call(
        "create_agent",
        json!({ "context": value(context), "agent": value(agent) }),
    )
    .await
}

pub async fn update_agent(agent_id: &str, agent: &AgentInput) -> ApiResult<Agent> {
    call(
        "update_agent",
        json!({ "agent_id": agent_id, "agent": value(agent) }),
    )
    .await
}

pub async fn delete_agent(agent_id: &str) -> ApiResult<()> {
    call("delete_agent", json!({ "agent_id": agent_id })).await
}

pub async fn copy_agent(
    agent_id: &str,
    to: &Context,
    workspace_id: Option<&str>,
) -> ApiResult<Agent> {
    call(
        "copy_agent",
        json!({ "agent_id": agent_id, "to": value(to), "workspace_id": workspace_id }),
    )
    .await
}

pub async fn transfer_agent(agent_id: &str, new_owner_account: &str) -> ApiResult<Agent> {
    call(
        "transfer_agent",
        json!({ "agent_id": agent_id, "new_owner_account": new_owner_account }),
    )
    .await
}

// Billing (R32–R34).

pub async fn billing_summary(context: &Context) -> ApiResult<BillingSummary> {
    call("billing_summary", json!({ "context": value(context) })).await
}

pub async fn top_up(context: &Context, amount: i64) -> ApiResult<i64> {
    call(
        "top_up",
        json!({ "context": value(context), "amount": amount }),
    )
    .await
}

pub async fn record_charge(context: &Context, charge: &ChargeRequest) -> ApiResult<i64> {
    call(
        "record_charge",
        json!({ "context": value(context), "charge": value(charge) }),
    )
    .await
}

pub async fn change_plan(context: &Context, plan: Plan) -> ApiResult<BillingSummary> {
    call(
        "change_plan",
        json!({ "context": value(context), "plan": value(&plan) }),
    )
    .await
}

pub async fn purchases(context: &Context) -> ApiResult<Vec<LedgerEntry>> {
    call("purchases", json!({ "context": value(context) })).await
}

pub async fn charge_history(context: &Context) -> ApiResult<Vec<LedgerEntry>> {
    call("charge_history", json!({ "context": value(context) })).await
}

pub async fn monthly_aggregates(context: &Context) -> ApiResult<Vec<MonthlyAggregate>> {
    call("monthly_aggregates", json!({ "context": value(context) })).await
}

// Overview, audit log and exports (R43, R45).

pub async fn overview(org_id: &str) -> ApiResult<Overview> {
    call("overview", json!({ "org_id": org_id })).await
}

pub async fn audit_log(org_id: &str, query: &AuditQuery) -> ApiResult<AuditPage> {
    call(
        "audit_log",
        json!({ "org_id": org_id, "query": value(query) }),
    )
    .await
}

pub async fn audit_facets(org_id: &str) -> ApiResult<AuditFacets> {
    call("audit_facets", json!({ "org_id": org_id })).await
}

#[wasm_bindgen]
extern "C" {
    /// Tauri's `Channel`: the command sends progress messages to its `onmessage`.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = Channel)]
    type TauriChannel;

    #[wasm_bindgen(constructor, js_namespace = ["window", "__TAURI__", "core"], js_class = "Channel")]
    fn new() -> TauriChannel;

    #[wasm_bindgen(method, getter)]
    fn id(this: &TauriChannel) -> u32;

    #[wasm_bindgen(method, setter)]
    fn set_onmessage(this: &TauriChannel, handler: &Closure<dyn FnMut(JsValue)>);
}

/// Runs an export; `on_progress` sees each progress message. `Ok(None)`: the user
/// cancelled the save dialog.
pub async fn export_data(
    org_id: &str,
    request: &ExportRequest,
    on_progress: impl Fn(ExportProgress) + 'static,
) -> ApiResult<Option<ExportOutcome>> {
    let channel = TauriChannel::new();
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |message: JsValue| {
        if let Ok(progress) = serde_wasm_bindgen::from_value::<ExportProgress>(message) {
            on_progress(progress);
        }
    });
    channel.set_onmessage(&handler);
    // A channel crosses the IPC boundary as this string (what its `toJSON` gives).
    let reference = format!("__CHANNEL__:{}", channel.id());
    let result = call(
        "export_data",
        json!({ "org_id": org_id, "request": value(request), "on_progress": reference }),
    )
    .await;
    // The channel may still deliver a message queued before the answer: the handler
    // stays alive (one small closure per export) rather than fail on a late call.
    handler.forget();
    result
}
