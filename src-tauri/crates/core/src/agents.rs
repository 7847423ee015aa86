//! Agents (R35–R36): one context each (and one workspace in an organization); create,
//! edit, delete, "Copy to…" another context, transfer to another member.

use crate::access::{self, Acting};
use crate::service::{Rolecall, Target, Tx, new_id};
use crate::tables::memberships;
use crate::{Error, Result};
use rolecall_types::ids::{AccountId, AgentId};
use rolecall_types::ids::{OrgId, WorkspaceId};
use rolecall_types::model::{Agent, AgentInput, Context};
use rolecall_types::permissions::Permission;
use rolecall_types::rules::Owner;
use rolecall_types::validate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde_json::json;

const AGENT_COLUMNS: &str = "g.id, g.org_id, g.account_id, g.workspace_id, w.name, g.owner_id, \
     o.first_name || ' ' || o.last_name, g.name, g.persona, g.knowledge, g.created_at, \
     (SELECT r.level FROM memberships m JOIN roles r ON r.id = m.role_id \
      WHERE m.org_id = g.org_id AND m.account_id = g.owner_id)";
const AGENT_FROM: &str =
    "agents g JOIN accounts o ON o.id = g.owner_id LEFT JOIN workspaces w ON w.id = g.workspace_id";

fn agent_from_row(r: &Row<'_>) -> rusqlite::Result<Agent> {
    let org: Option<OrgId> = r.get(1)?;
    Ok(Agent {
        id: r.get(0)?,
        context: match org {
            Some(org) => Context::Organization(org),
            None => Context::Personal,
        },
        workspace_id: r.get(3)?,
        workspace_name: r.get(4)?,
        owner_id: r.get(5)?,
        owner_name: r.get(6)?,
        name: r.get(7)?,
        persona: r.get(8)?,
        knowledge: r.get(9)?,
        created_at: r.get(10)?,
        owner_level: r.get::<_, Option<i64>>(11)?.map(|l| l.clamp(0, 100) as u8),
    })
}

fn load(conn: &Connection, agent_id: &str) -> Result<Agent> {
    conn.query_row(
        &format!("SELECT {AGENT_COLUMNS} FROM {AGENT_FROM} WHERE g.id = ?1"),
        [agent_id],
        agent_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound("That agent does not exist (it may have been deleted).".into()))
}

struct Checked {
    name: String,
    persona: String,
    knowledge: String,
}

fn check_input(input: &AgentInput) -> Result<Checked> {
    Ok(Checked {
        name: validate::required_text("name", "Agent name", &input.name, validate::AGENT_NAME_MAX)?,
        persona: validate::optional_text(
            "persona",
            "Persona",
            &input.persona,
            validate::AGENT_TEXT_MAX,
        )?,
        knowledge: validate::optional_text(
            "knowledge",
            "Knowledge notes",
            &input.knowledge,
            validate::AGENT_TEXT_MAX,
        )?,
    })
}

/// The workspace an organization agent goes to: the named one, or the default.
fn workspace_for(conn: &Connection, org_id: &str, requested: Option<&str>) -> Result<WorkspaceId> {
    match requested {
        Some(id) => conn
            .query_row(
                "SELECT id FROM workspaces WHERE id = ?1 AND org_id = ?2",
                [id, org_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| {
                Error::NotFound("That workspace does not exist in this organization.".into())
            }),
        None => Ok(conn.query_row(
            "SELECT id FROM workspaces WHERE org_id = ?1 AND is_default = 1",
            [org_id],
            |r| r.get(0),
        )?),
    }
}

/// R36: may the actor edit, delete or transfer this agent?
fn check_agent_access(conn: &Connection, actor: &str, agent: &Agent) -> Result<Option<Acting>> {
    match &agent.context {
        Context::Personal => {
            if agent.owner_id != actor {
                return Err(Error::NotFound(
                    "That agent does not exist (it may have been deleted).".into(),
                ));
            }
            Ok(None)
        }
        Context::Organization(org) => {
            let acting = access::acting(conn, org, actor)?;
            acting.require(Permission::AgentsManage)?;
            let owner_level = memberships::role_level(conn, org, &agent.owner_id)?;
            acting.actor().change_agent(
                &agent.name,
                &Owner {
                    is_self: agent.owner_id == actor,
                    name: &agent.owner_name,
                    level: owner_level.map(|l| l.clamp(0, 100) as u8),
                },
            )?;
            Ok(Some(acting))
        }
    }
}

fn insert(
    tx: &Tx<'_>,
    context: &Context,
    actor: &str,
    workspace: Option<&str>,
    c: &Checked,
) -> Result<String> {
    let id = new_id();
    let (org, account) = match context {
        Context::Personal => (None, Some(actor)),
        Context::Organization(org) => (Some(org.as_str()), None),
    };
    tx.db.execute(
        "INSERT INTO agents (id, org_id, account_id, workspace_id, owner_id, name, persona, knowledge, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![id, org, account, workspace, actor, c.name, c.persona, c.knowledge, tx.now],
    )?;
    Ok(id)
}

/// The acting membership for creating agents in `context` (Agents·manage).
fn creator(conn: &Connection, context: &Context, actor: &str) -> Result<Option<Acting>> {
    match context {
        Context::Personal => Ok(None),
        Context::Organization(org) => {
            let acting = access::acting(conn, org, actor)?;
            acting.require(Permission::AgentsManage)?;
            Ok(Some(acting))
        }
    }
}

fn org_of(acting: &Option<Acting>) -> Option<(&str, &str)> {
    acting.as_ref().map(Acting::org)
}

/// The context's agents by name.
pub(crate) fn agents_of(conn: &Connection, context: &Context, actor: &str) -> Result<Vec<Agent>> {
    let (column, id) = match context {
        Context::Personal => ("account_id", actor),
        Context::Organization(org) => ("org_id", org.as_str()),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {AGENT_COLUMNS} FROM {AGENT_FROM} WHERE g.{column} = ?1 ORDER BY g.name COLLATE NOCASE, g.id"
    ))?;
    let rows = stmt
        .query_map([id], agent_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

impl Rolecall {
    /// The context's agents (Agents·view in an organization).
    pub fn list_agents(&self, actor: &AccountId, context: &Context) -> Result<Vec<Agent>> {
        self.read(actor, |conn| {
            if let Context::Organization(org) = context {
                access::acting(conn, org, actor)?.require(Permission::AgentsView)?;
            }
            agents_of(conn, context, actor)
        })
    }

    /// R35: creates an agent owned by the actor.
    pub fn create_agent(
        &self,
        actor: &AccountId,
        context: &Context,
        input: &AgentInput,
    ) -> Result<Agent> {
        let checked = check_input(input)?;
        self.write(Some(actor), |tx| {
            let acting = creator(&tx.db, context, actor)?;
            let workspace = match context {
                Context::Organization(org) => {
                    Some(workspace_for(&tx.db, org, input.workspace_id.as_deref())?)
                }
                Context::Personal => None,
            };
            let id = insert(tx, context, actor, workspace.as_deref(), &checked)?;
            tx.audit(
                org_of(&acting),
                "agent.created",
                Target {
                    kind: "agent",
                    id: Some(&id),
                    name: &checked.name,
                },
                json!({ "after": { "name": checked.name, "workspace": workspace } }),
            )?;
            load(&tx.db, &id)
        })
    }

    /// R35–R36: edits name, persona, knowledge and workspace.
    pub fn update_agent(
        &self,
        actor: &AccountId,
        agent_id: &AgentId,
        input: &AgentInput,
    ) -> Result<Agent> {
        let checked = check_input(input)?;
        self.write(Some(actor), |tx| {
            let before = load(&tx.db, agent_id)?;
            let acting = check_agent_access(&tx.db, actor, &before)?;
            let workspace = match &before.context {
                Context::Organization(org) => Some(match input.workspace_id.as_deref() {
                    Some(ws) => workspace_for(&tx.db, org, Some(ws))?,
                    None => before.workspace_id.clone().unwrap_or_default(),
                }),
                Context::Personal => None,
            };
            tx.db.execute(
                "UPDATE agents SET name = ?1, persona = ?2, knowledge = ?3, workspace_id = ?4 WHERE id = ?5",
                params![checked.name, checked.persona, checked.knowledge, workspace, agent_id],
            )?;
            tx.audit(
                org_of(&acting),
                "agent.updated",
                Target { kind: "agent", id: Some(agent_id), name: &checked.name },
                json!({
                    "before": { "name": before.name, "workspace": before.workspace_id,
                                "persona_chars": before.persona.chars().count(), "knowledge_chars": before.knowledge.chars().count() },
                    "after": { "name": checked.name, "workspace": workspace,
                               "persona_chars": checked.persona.chars().count(), "knowledge_chars": checked.knowledge.chars().count() },
                }),
            )?;
            load(&tx.db, agent_id)
        })
    }

    pub fn delete_agent(&self, actor: &AccountId, agent_id: &AgentId) -> Result<()> {
        self.write(Some(actor), |tx| {
            let agent = load(&tx.db, agent_id)?;
            let acting = check_agent_access(&tx.db, actor, &agent)?;
            tx.db
                .execute("DELETE FROM agents WHERE id = ?1", [agent_id])?;
            tx.audit(
                org_of(&acting),
                "agent.deleted",
                Target {
                    kind: "agent",
                    id: Some(agent_id),
                    name: &agent.name,
                },
                json!({ "before": { "name": agent.name, "owner": agent.owner_name } }),
            )
        })
    }

    /// R35: "Copy to…": a new agent with the same persona and knowledge in another
    /// context where the actor may manage agents.
    pub fn copy_agent(
        &self,
        actor: &AccountId,
        agent_id: &AgentId,
        to: &Context,
        workspace_id: Option<&WorkspaceId>,
    ) -> Result<Agent> {
        self.write(Some(actor), |tx| {
            let source = load(&tx.db, agent_id)?;
            // The actor must see the source agent.
            match &source.context {
                Context::Personal if source.owner_id != *actor => {
                    return Err(Error::NotFound("That agent does not exist (it may have been deleted).".into()));
                }
                Context::Organization(org) => access::acting(&tx.db, org, actor)?.require(Permission::AgentsView)?,
                Context::Personal => {}
            }
            let acting = creator(&tx.db, to, actor)?;
            let workspace = match to {
                Context::Organization(org) => Some(workspace_for(&tx.db, org, workspace_id.map(|w| w.as_str()))?),
                Context::Personal => None,
            };
            let checked = Checked { name: source.name.clone(), persona: source.persona.clone(), knowledge: source.knowledge.clone() };
            let id = insert(tx, to, actor, workspace.as_deref(), &checked)?;
            tx.audit(
                org_of(&acting),
                "agent.copied",
                Target { kind: "agent", id: Some(&id), name: &source.name },
                json!({ "source_agent": source.id, "source_context": source.context, "after": { "workspace": workspace } }),
            )?;
            load(&tx.db, &id)
        })
    }

    /// R36: gives the agent to another active member of its organization.
    pub fn transfer_agent(
        &self,
        actor: &AccountId,
        agent_id: &AgentId,
        new_owner_account: &AccountId,
    ) -> Result<Agent> {
        self.write(Some(actor), |tx| {
            let agent = load(&tx.db, agent_id)?;
            let Context::Organization(org) = &agent.context else {
                return Err(Error::Invalid { field: None, message: "Personal agents stay with their account.".into() });
            };
            let acting = check_agent_access(&tx.db, actor, &agent)?;
            let new_owner = memberships::active_member_name(&tx.db, org, new_owner_account)?;
            let Some(new_owner_name) = new_owner else {
                return Err(Error::NotFound("The new owner must be an active member of this organization.".into()));
            };
            tx.db.execute("UPDATE agents SET owner_id = ?1 WHERE id = ?2", params![new_owner_account, agent_id])?;
            tx.audit(
                org_of(&acting),
                "agent.transferred",
                Target { kind: "agent", id: Some(agent_id), name: &agent.name },
                json!({ "before": { "owner": agent.owner_name }, "after": { "owner": new_owner_name } }),
            )?;
            load(&tx.db, agent_id)
        })
    }
}
