import type { Account } from "../accounts/account-entity.js";
import { accountEntity } from "../accounts/account-entity.js";
import type { CreateAccountInput, UpdateAccountInput } from "../accounts/account-schema.js";
import { type AuditService, createAuditService } from "../audit/audit-service.js";
import { createEntityService, type EntityService } from "../entities/entity-service.js";
import { type CustomFieldService, createCustomFieldService } from "../custom-fields/custom-field-service.js";
import type { ModuleContext } from "../kernel/module-context.js";
import { createRoleService, type RoleService } from "../roles/role-service.js";

/** The accounts service of a scoped client. */
export type AccountService = EntityService<Account, CreateAccountInput, UpdateAccountInput>;

/** The services of `@rapport/core` on every scoped client. */
export interface CoreServices {
  /** Companies the tenant deals with. */
  readonly accounts: AccountService;
  /** The audit trail. */
  readonly audit: AuditService;
  /** Tenant-defined custom fields. */
  readonly customFields: CustomFieldService;
  /** Tenant-defined roles (grants and field rules). */
  readonly roles: RoleService;
}

/** How each core service is built for a scoped client (on first use). Add new core services here. */
export const CORE_SERVICES: { readonly [K in keyof CoreServices]: (ctx: ModuleContext) => CoreServices[K] } = {
  accounts: (ctx) => createEntityService(ctx, accountEntity),
  audit: (ctx) => createAuditService(ctx),
  customFields: (ctx) => createCustomFieldService(ctx),
  roles: (ctx) => createRoleService(ctx),
};
