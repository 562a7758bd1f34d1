// Kernel

export type { Account } from "./accounts/account-entity.js";
export type { AccountType, CreateAccountInput, UpdateAccountInput } from "./accounts/account-schema.js";
// Records
export { ACCOUNT_TYPES, createAccountSchema, updateAccountSchema } from "./accounts/account-schema.js";
export type { HierarchyPageOptions } from "./accounts/account-service.js";
// Accounts: hierarchy, size and addresses
export { hierarchyPageOptionsSchema } from "./accounts/account-service.js";
export type { Address, AddressInput } from "./accounts/address-schema.js";
export { addressSchema, countryCodeSchema } from "./accounts/address-schema.js";
export type { ActivityCompletedData } from "./activities/activities-part.js";
export type { Activity } from "./activities/activity-entity.js";
export type {
  ActivityKind,
  CompleteActivityOptions,
  CreateActivityInput,
  RelatedTo,
  TimelineOptions,
  UpdateActivityInput,
} from "./activities/activity-schema.js";
// Activities and timelines
export {
  ACTIVITY_KINDS,
  completeActivitySchema,
  createActivitySchema,
  relatedToSchema,
  timelineOptionsSchema,
  updateActivitySchema,
} from "./activities/activity-schema.js";
export type { ActivityService } from "./activities/activity-service.js";
export type { AuditRecord, AuditService } from "./audit/audit-service.js";
export type { FieldChange } from "./audit/diff.js";
export type { Appointment, Reminder } from "./calendar/appointment-entity.js";
export type {
  AgendaQuery,
  Attendee,
  AttendeeType,
  BookingOptions,
  ClashQuery,
  CreateAppointmentInput,
  ReminderInput,
  RescheduleOptions,
  UpdateAppointmentInput,
} from "./calendar/appointment-schema.js";
// Calendar
export {
  ATTENDEE_TYPES,
  agendaQuerySchema,
  attendeeSchema,
  bookingOptionsSchema,
  clashQuerySchema,
  createAppointmentSchema,
  reminderSchema,
  rescheduleOptionsSchema,
  updateAppointmentSchema,
} from "./calendar/appointment-schema.js";
export type { Clash } from "./calendar/calendar-errors.js";
export { DoubleBookingError } from "./calendar/calendar-errors.js";
export type { AppointmentRescheduledData } from "./calendar/calendar-part.js";
export type { CalendarService } from "./calendar/calendar-service.js";
export { instantSchema } from "./calendar/instant-schema.js";
export type { ReminderDueData } from "./calendar/reminder-job.js";
export type { Contact } from "./contacts/contact-entity.js";
export type {
  ContactChannel,
  ContactEmail,
  ContactPhone,
  ContactPointType,
  CreateContactInput,
  UpdateContactInput,
} from "./contacts/contact-schema.js";
// Contacts
export {
  CONTACT_CHANNELS,
  CONTACT_POINT_TYPES,
  contactEmailSchema,
  contactPhoneSchema,
  createContactSchema,
  emailAddressSchema,
  languageTagSchema,
  MAX_CONTACT_POINTS,
  updateContactSchema,
} from "./contacts/contact-schema.js";
export type { ContactService } from "./contacts/contact-service.js";
export type { NormalisedPhone } from "./contacts/phone-number.js";
export { normalisePhone } from "./contacts/phone-number.js";
export type { CoreEvents } from "./crm/core-module.js";
export type { AccountService, CoreServices, PeopleServices } from "./crm/core-services.js";
export type { CreateCrmOptions, Crm, CrmEvents, HookNames } from "./crm/create-crm.js";
export { createCrm } from "./crm/create-crm.js";
// Clients
export type { CoreClient, HostTransactionControls, ModuleClients, ScopedClient } from "./crm/scoped-client.js";
export type { CustomField } from "./custom-fields/custom-field-entity.js";
export type {
  CustomFieldKind,
  DefineCustomFieldInput,
  UpdateCustomFieldInput,
} from "./custom-fields/custom-field-schema.js";
// Custom fields and tags
export {
  CUSTOM_FIELD_KINDS,
  defineCustomFieldSchema,
  updateCustomFieldSchema,
} from "./custom-fields/custom-field-schema.js";
export type { CustomFieldService } from "./custom-fields/custom-field-service.js";
export type { BaseRecord, CustomValue, WriteOptions } from "./entities/base-record.js";
export { customValuesSchema, externalIdsSchema, idSchema, writeOptionsSchema } from "./entities/base-record.js";
export type { EntityDefinition, EntityRecord } from "./entities/entity-definition.js";
// Entities and lists
export { defineEntity } from "./entities/entity-definition.js";
export type { EntityService } from "./entities/entity-service.js";
export { CREATE_MANY_LIMIT, createEntityService, createManyInputsSchema } from "./entities/entity-service.js";
export type { ChangeEvent, ExtraValue } from "./entities/entity-store.js";
export type { EntityRow, EntityTables, FieldColumns, SnakeCase } from "./entities/entity-tables.js";
export { existingRecords } from "./entities/existing-records.js";
export type { ExternalUpsertVerbs } from "./entities/external-upsert.js";
export { upsertByExternalKey } from "./entities/external-upsert.js";
export type { FieldKind, FieldSpec, FieldValues } from "./entities/fields.js";
export { field } from "./entities/fields.js";
export type { Filter, FilterOperator, ListOptions, OrderBy, Page, SortDirection } from "./entities/list-query.js";
export { FILTER_OPERATORS, listOptionsSchema, SORT_DIRECTIONS } from "./entities/list-query.js";
export { tagsSchema } from "./entities/record-extensions.js";
export type { RecordExtensionShape, WithRecordExtensions } from "./entities/record-input.js";
export { withPlainRecordExtensions, withRecordExtensions } from "./entities/record-input.js";
export type { ChangeBatch, ChangesOptions } from "./events/change-feed.js";
export { changesOptionsSchema } from "./events/change-feed.js";
export type { HandlerErrorReporter } from "./events/event-bus.js";
export type { AnyCrmEvent, CrmEvent, EventCatalog, EventPayloads, EventSpec } from "./events/event-types.js";
// Events and change feed
export { eventOf } from "./events/event-types.js";
export type { RecordEventData, RecordUpdatedData } from "./events/record-events.js";
// Jobs
export type { JobContext, JobDefinition, JobRunReport } from "./jobs/job.js";
export type { Clock } from "./kernel/clock.js";
export { systemClock } from "./kernel/clock.js";
export type { CorePart } from "./kernel/core-part.js";
export { defineCorePart } from "./kernel/core-part.js";
export type { AnyModule, ModuleDefinition, ModuleHookNames, TablesSpec } from "./kernel/define-module.js";
export { defineModule, tablesOf } from "./kernel/define-module.js";
export type { CrmErrorCode, CrmErrorOptions, ValidationIssue } from "./kernel/errors.js";
// Errors
export {
  ConflictError,
  CrmError,
  DuplicateError,
  ForbiddenError,
  IdempotencyKeyError,
  InvalidTransitionError,
  NotFoundError,
  summariseIssues,
  ValidationError,
} from "./kernel/errors.js";
export type { BeforeHook, HookPointSpec } from "./kernel/hooks.js";
export { hookPointOf } from "./kernel/hooks.js";
export type { RecordId } from "./kernel/ids.js";
export { ID_PATTERN } from "./kernel/ids.js";
export type { ModuleContext } from "./kernel/module-context.js";
export type { ModulePart } from "./kernel/module-parts.js";
export { combineModuleParts } from "./kernel/module-parts.js";
export type {
  AuditEntry,
  OperationClient,
  OperationContext,
  OwnerScope,
  RecordRef,
} from "./kernel/operation-context.js";
export type { StorageErrorCode } from "./kernel/storage-errors.js";
export { StorageError } from "./kernel/storage-errors.js";
export { parseInput } from "./kernel/validate.js";
export type { Actor, ActorInput } from "./permissions/actor.js";
// Permissions
export { actorSchema, tenantIdSchema } from "./permissions/actor.js";
export type { Permission, PermissionCatalog, RecordScope, RoleGrants } from "./permissions/permission-catalog.js";
export { CRUD_ACTIONS, DEFAULT_ROLES, RECORD_SCOPES } from "./permissions/permission-catalog.js";
export type { FieldAccess, RoleDefinition, ScopedRecord } from "./permissions/policy.js";
export { Policy } from "./permissions/policy.js";
export type { RestrictOptions } from "./permissions/restrict.js";
export { restrictQuery } from "./permissions/restrict.js";
export type { PriceBook } from "./products/price-book-entity.js";
export type { PriceBookEntry } from "./products/price-book-entries.js";
export type {
  CreatePriceBookInput,
  ListEntriesOptions,
  PriceBookEntryInput,
  PriceOfInput,
  PriceTier,
  UpdatePriceBookInput,
} from "./products/price-book-schema.js";
export {
  createPriceBookSchema,
  listEntriesOptionsSchema,
  priceBookEntriesInputSchema,
  priceBookEntryInputSchema,
  priceOfInputSchema,
  priceTierSchema,
  priceTiersSchema,
  QUANTITY_DECIMALS,
  quantitySchema,
  SET_ENTRIES_LIMIT,
  updatePriceBookSchema,
} from "./products/price-book-schema.js";
export type { Price, PriceBookService } from "./products/price-book-service.js";
export { extendedTotal, unitPriceFor } from "./products/pricing.js";
export type { Product } from "./products/product-entity.js";
export type { CreateProductInput, UpdateProductInput } from "./products/product-schema.js";
// Products and price books
export { createProductSchema, skuSchema, updateProductSchema } from "./products/product-schema.js";
export type { ProductService } from "./products/product-service.js";
export type { PriceBookEntryEventData } from "./products/products-part.js";
// The record layer
export { boundContext } from "./records/bound-context.js";
export { matchingRecords } from "./records/matching-records.js";
export type {
  ChangeOptions,
  GetRecordOptions,
  InsertOptions,
  LoadForChangeOptions,
  RecordAccess,
  Transition,
} from "./records/record-access.js";
export type { Role } from "./roles/role-entity.js";
export type { DefineRoleInput, UpdateRoleInput } from "./roles/role-schema.js";
// Tenant roles and field-level security
export { defineRoleSchema, updateRoleSchema } from "./roles/role-schema.js";
export type { RoleService } from "./roles/role-service.js";
export {
  currencySchema,
  longTextSchema,
  moneyAmountSchema,
  nameSchema,
  textSchema,
  userIdSchema,
} from "./schemas/common-schemas.js";
// Search
export type {
  EntitySearchHit,
  EntitySearchPage,
  EntitySearchRequest,
  SearchFilterValue,
} from "./search/entity-search.js";
export { entitySearchSchema } from "./search/entity-search.js";
export type {
  SearchDialect,
  SearchHighlightRequest,
  SearchHighlightRow,
  SearchMatchRequest,
} from "./search/search-dialect.js";
export { HIGHLIGHT_END, HIGHLIGHT_START, SEARCH_COLUMNS, SEARCH_TABLE } from "./search/search-dialect.js";
export type { EntitySearchOptions } from "./search/search-options.js";
export type {
  SearchAll,
  SearchAny,
  SearchExpression,
  SearchPhrase,
  SearchTerm,
} from "./search/search-query.js";
export { MAX_QUERY_LENGTH, MAX_QUERY_TERMS, parseSearchQuery } from "./search/search-query.js";
export type { SearchRequest, SearchResult, SearchResultPage, SearchService } from "./search/search-service.js";
export { searchRequestSchema } from "./search/search-service.js";
export type { Migration } from "./storage/migration.js";
export type { MigrationReport } from "./storage/migration-runner.js";
export type { RecordColumns } from "./storage/record-table.js";
export { withRecordColumns } from "./storage/record-table.js";
// Storage
export type { AdapterCapabilities, JsonValueKind, StorageAdapter, TableColumn } from "./storage/storage-adapter.js";
export type { CreateTenantInput, Tenant, TenantService } from "./tenants/tenant-service.js";
export { createTenantSchema } from "./tenants/tenant-service.js";
export type { AddMemberOptions, CreateTeamInput, Team, TeamMember, UpdateTeamInput } from "./users/team-entity.js";
export { addMemberOptionsSchema, createTeamSchema, teamRoleSchema, updateTeamSchema } from "./users/team-entity.js";
export type { TeamService } from "./users/team-service.js";
export type { Report, ReportsOptions, UpsertUserInput, User } from "./users/user-schema.js";
// Users and teams
export { reportsOptionsSchema, upsertUserSchema } from "./users/user-schema.js";
export type { UserService } from "./users/user-service.js";
export type { TeamMemberAddedData } from "./users/users-part.js";
