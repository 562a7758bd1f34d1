import { createEntityService, type EntityService } from "../entities/entity-service.js";
import type { ModuleContext } from "../kernel/module-context.js";
import { type Role, roleEntity } from "./role-entity.js";
import type { DefineRoleInput, UpdateRoleInput } from "./role-schema.js";

/**
 * The tenant's own roles, beside the default ones. An actor holding a role name defined
 * here gets its grants and field rules; archive a role to withdraw it.
 */
export interface RoleService extends EntityService<Role, DefineRoleInput, UpdateRoleInput> {
  /** Defines a role (the same as `create`). `ValidationError` for unknown permissions, `DuplicateError` for a taken name. */
  define(input: DefineRoleInput): Promise<Role>;
}

export function createRoleService(ctx: ModuleContext): RoleService {
  const service = createEntityService(ctx, roleEntity);
  return { ...service, define: service.create };
}
