//! roles: the organization's roles and templates (R26–R29).

use super::acting;

acting! {
    list_roles(ListRoles) => |core, me, r| core.list_roles(me, &r.org_id);
    add_role_template(AddRoleTemplate) => |core, me, r| core.add_role_template(me, &r.org_id, &r.template);
    create_role(CreateRole) => |core, me, r| core.create_role(me, &r.org_id, &r.role);
    update_role(UpdateRole) => |core, me, r| core.update_role(me, &r.org_id, &r.role_id, &r.role);
    delete_role(DeleteRole) => |core, me, r| core.delete_role(me, &r.org_id, &r.role_id);
}
