// Kernel
export { createCrm } from "./kernel/create-crm.js";
export type { Crm, CreateCrmOptions, CrmEvents } from "./kernel/create-crm.js";
export { defineModule } from "./kernel/define-module.js";
export type { AnyModule, ModuleDefinition } from "./kernel/define-module.js";
export type { ModuleContext } from "./kernel/module-context.js";
export type { AuditEntry, OperationContext, OwnerScope, RecordRef } from "./kernel/operation-context.js";
export { hookPointOf } from "./kernel/hooks.js";
export type { BeforeHook, HookPointSpec } from "./kernel/hooks.js";
export { systemClock } from "./kernel/clock.js";
export type { Clock } from "./kernel/clock.js";
export { ID_PATTERN } from "./kernel/ids.js";
export type { RecordId } from "./kernel/ids.js";
export { parseInput } from "./kernel/validate.js";
export type { CoreEvents } from "./kernel/core-module.js";
export type { RecordEventData, RecordUpdatedData } from "./events/record-events.js";
export { defineCorePart } from "./kernel/core-part.js";
export type { CorePart } from "./kernel/core-part.js";

// Errors
export {
  ConflictError,
  CrmError,
  DuplicateError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
  summariseIssues,
} from "./kernel/errors.js";
export type { CrmErrorCode, CrmErrorOptions, ValidationIssue } from "./kernel/errors.js";

// Clients
export type { CoreClient, HostTransactionControls, ModuleClients, ScopedClient } from "./client/scoped-client.js";
export type { AccountService, CoreServices } from "./client/core-services.js";

// Events and change feed
export { eventOf } from "./events/event-types.js";
export type { AnyCrmEvent, CrmEvent, EventCatalog, EventPayloads, EventSpec } from "./events/event-types.js";
export type { HandlerErrorReporter } from "./events/event-bus.js";
export { changesOptionsSchema } from "./events/change-feed.js";
export type { ChangeBatch, ChangesOptions } from "./events/change-feed.js";

// Jobs
export type { JobContext, JobDefinition, JobRunReport } from "./jobs/job.js";

// Permissions
export { actorSchema, tenantIdSchema } from "./permissions/actor.js";
export type { Actor, ActorInput } from "./permissions/actor.js";
export { Policy } from "./permissions/policy.js";
export type { FieldAccess, RoleDefinition, ScopedRecord } from "./permissions/policy.js";
export { CRUD_ACTIONS, DEFAULT_ROLES, RECORD_SCOPES } from "./permissions/permission-catalog.js";
export type { Permission, PermissionCatalog, RecordScope, RoleGrants } from "./permissions/permission-catalog.js";

// Storage
export type { AdapterCapabilities, JsonValueKind, StorageAdapter } from "./storage/storage-adapter.js";
export type { Migration } from "./storage/migration.js";
export type { MigrationReport } from "./storage/migration-runner.js";
export { withRecordColumns } from "./storage/record-table.js";

// Entities and lists
export { defineEntity } from "./entities/entity-definition.js";
export type { EntityDefinition, EntityRecord } from "./entities/entity-definition.js";
export { createEntityService } from "./entities/entity-service.js";
export type { EntityService } from "./entities/entity-service.js";
export { field } from "./entities/fields.js";
export type { FieldKind, FieldSpec, FieldValues } from "./entities/fields.js";
export { FILTER_OPERATORS, SORT_DIRECTIONS, listOptionsSchema } from "./entities/list-query.js";
export type { Filter, FilterOperator, ListOptions, OrderBy, Page, SortDirection } from "./entities/list-query.js";
export { customValuesSchema, externalIdsSchema, idSchema, writeOptionsSchema } from "./entities/base-record.js";
export type { BaseRecord, CustomValue, WriteOptions } from "./entities/base-record.js";
export { currencySchema, longTextSchema, moneyAmountSchema, nameSchema, textSchema, userIdSchema } from "./schemas/common-schemas.js";

// Custom fields and tags
export { CUSTOM_FIELD_KINDS, defineCustomFieldSchema, updateCustomFieldSchema } from "./custom-fields/custom-field-schema.js";
export type { CustomFieldKind, DefineCustomFieldInput, UpdateCustomFieldInput } from "./custom-fields/custom-field-schema.js";
export type { CustomField } from "./custom-fields/custom-field-entity.js";
export type { CustomFieldService } from "./custom-fields/custom-field-service.js";
export { tagsSchema } from "./entities/record-extensions.js";

// Tenant roles and field-level security
export { defineRoleSchema, updateRoleSchema } from "./roles/role-schema.js";
export type { DefineRoleInput, UpdateRoleInput } from "./roles/role-schema.js";
export type { Role } from "./roles/role-entity.js";
export type { RoleService } from "./roles/role-service.js";

// Records
export { ACCOUNT_TYPES, createAccountSchema, updateAccountSchema } from "./accounts/account-schema.js";
export type { AccountType, CreateAccountInput, UpdateAccountInput } from "./accounts/account-schema.js";
export type { Account } from "./accounts/account-entity.js";
export type { AuditRecord, AuditService } from "./audit/audit-service.js";
export type { FieldChange } from "./audit/diff.js";
export { createTenantSchema } from "./tenants/tenant-service.js";
export type { CreateTenantInput, Tenant, TenantService } from "./tenants/tenant-service.js";
