//! Agents (R35, R36) and billing (R32–R34), both per context.

use crate::state::AppState;
use rolecall_types::IpcError;
use rolecall_types::model::{
    Agent, AgentInput, BillingSummary, ChargeRequest, Context, LedgerEntry, MonthlyAggregate, Plan,
};
use tauri::State;

#[tauri::command(rename_all = "snake_case")]
pub async fn list_agents(
    state: State<'_, AppState>,
    context: Context,
) -> Result<Vec<Agent>, IpcError> {
    state
        .act(move |core, me| core.list_agents(me, &context))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn create_agent(
    state: State<'_, AppState>,
    context: Context,
    agent: AgentInput,
) -> Result<Agent, IpcError> {
    state
        .act(move |core, me| core.create_agent(me, &context, &agent))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn update_agent(
    state: State<'_, AppState>,
    agent_id: String,
    agent: AgentInput,
) -> Result<Agent, IpcError> {
    state
        .act(move |core, me| core.update_agent(me, &agent_id, &agent))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_agent(state: State<'_, AppState>, agent_id: String) -> Result<(), IpcError> {
    state
        .act(move |core, me| core.delete_agent(me, &agent_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn copy_agent(
    state: State<'_, AppState>,
    agent_id: String,
    to: Context,
    workspace_id: Option<String>,
) -> Result<Agent, IpcError> {
    state
        .act(move |core, me| core.copy_agent(me, &agent_id, &to, workspace_id.as_deref()))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn transfer_agent(
    state: State<'_, AppState>,
    agent_id: String,
    new_owner_account: String,
) -> Result<Agent, IpcError> {
    state
        .act(move |core, me| core.transfer_agent(me, &agent_id, &new_owner_account))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn billing_summary(
    state: State<'_, AppState>,
    context: Context,
) -> Result<BillingSummary, IpcError> {
    state
        .act(move |core, me| core.billing_summary(me, &context))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn top_up(
    state: State<'_, AppState>,
    context: Context,
    amount: i64,
) -> Result<i64, IpcError> {
    state
        .act(move |core, me| core.top_up(me, &context, amount))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn record_charge(
    state: State<'_, AppState>,
    context: Context,
    charge: ChargeRequest,
) -> Result<i64, IpcError> {
    state
        .act(move |core, me| core.record_charge(me, &context, &charge))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn change_plan(
    state: State<'_, AppState>,
    context: Context,
    plan: Plan,
) -> Result<BillingSummary, IpcError> {
    state
        .act(move |core, me| core.change_plan(me, &context, plan))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn purchases(
    state: State<'_, AppState>,
    context: Context,
) -> Result<Vec<LedgerEntry>, IpcError> {
    state
        .act(move |core, me| core.purchases(me, &context))
        .await
}

/// R34: exists for the personal context only; the core refuses organizations.
#[tauri::command(rename_all = "snake_case")]
pub async fn charge_history(
    state: State<'_, AppState>,
    context: Context,
) -> Result<Vec<LedgerEntry>, IpcError> {
    state
        .act(move |core, me| core.charge_history(me, &context))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn monthly_aggregates(
    state: State<'_, AppState>,
    context: Context,
) -> Result<Vec<MonthlyAggregate>, IpcError> {
    state
        .act(move |core, me| core.monthly_aggregates(me, &context))
        .await
}
