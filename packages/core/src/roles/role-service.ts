import { createEntityService, type EntityService } from "../entities/entity-service.js";
import { CrmError, DuplicateError } from "../kernel/errors.js";
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

/** Builds the roles service of a scoped client. */
export function createRoleService(ctx: ModuleContext): RoleService {
  const service = createEntityService(ctx, roleEntity);
  // The entity's check names the holder; writers racing for one name (or two inputs of one
  // createMany) meet the live-name unique index instead, reported the same way.
  const asDuplicate = async (error: unknown): Promise<never> => {
    // The scope may already have wrapped the driver's error; its cause is then the violation.
    const raw = error instanceof CrmError ? error.cause : error;
    if (
      !(error instanceof DuplicateError) &&
      raw !== undefined &&
      (await ctx.read(async (op) => op.adapter.isUniqueViolation(raw)))
    ) {
      throw new DuplicateError("A role with this name already exists", { cause: error });
    }
    throw error;
  };
  const create: RoleService["create"] = (input) => service.create(input).catch(asDuplicate);
  return {
    ...service,
    create,
    define: create,
    createMany: (inputs) => service.createMany(inputs).catch(asDuplicate),
    upsertByExternalId: (system, externalId, input) =>
      service.upsertByExternalId(system, externalId, input).catch(asDuplicate),
  };
}
