//! agents: agents in a personal account or an organization (R35–R36).

use super::acting;

acting! {
    list_agents(ListAgents) => |core, me, r| core.list_agents(me, &r.context);
    create_agent(CreateAgent) => |core, me, r| core.create_agent(me, &r.context, &r.agent);
    update_agent(UpdateAgent) => |core, me, r| core.update_agent(me, &r.agent_id, &r.agent);
    delete_agent(DeleteAgent) => |core, me, r| core.delete_agent(me, &r.agent_id);
    copy_agent(CopyAgent) => |core, me, r| core.copy_agent(me, &r.agent_id, &r.to, r.workspace_id.as_ref());
    transfer_agent(TransferAgent) => |core, me, r| core.transfer_agent(me, &r.agent_id, &r.new_owner);
}
