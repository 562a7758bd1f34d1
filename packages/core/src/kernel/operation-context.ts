import type { Kysely } from "kysely";
import type { FieldChange } from "../audit/diff.js";
import type { EntityDefinition, EntityRecord } from "../entities/entity-definition.js";
import type { FieldSpec } from "../entities/fields.js";
import type { Actor } from "../permissions/actor.js";
import type { Permission, RecordScope } from "../permissions/permission-catalog.js";
import type { Policy, ScopedRecord } from "../permissions/policy.js";
import type { RecordAccess } from "../records/record-access.js";
import type { EntitySearchPage, EntitySearchRequest } from "../search/entity-search.js";
import type { StorageAdapter } from "../storage/storage-adapter.js";
import type { RecordId } from "./ids.js";

/** A mutation to record in the audit trail. `before`/`after` are the record's fields; the diff is computed. */
export interface AuditEntry {
  readonly entityType: string;
  readonly entityId: string;
  /** `create`, `update`, `archive`, or a domain verb (`move_stage`). */
  readonly action: string;
  readonly before: Readonly<Record<string, unknown>> | null;
  readonly after: Readonly<Record<string, unknown>> | null;
  /** `diffRecords(before, after)`, when the caller has already computed it. */
  readonly changes?: Readonly<Record<string, FieldChange>>;
}

/**
 * What `op.client()` returns: the scoped client of the operation's actor. The kernel knows
 * none of its services; the shared records (`accounts`, `contacts`…) add theirs to this
 * interface by declaration merging, and module clients are read with their own types
 * (`op.client().sales` is not typed here: cast to the module's client where needed).
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging (crm/scoped-client.ts).
export interface OperationClient {}

/** A resolved link to a record: enough to check it exists and who owns it. */
export interface RecordRef {
  readonly type: string;
  readonly id: string;
  readonly ownerId: string | null;
  readonly createdBy: string;
  readonly archivedAt: string | null;
}

/** Which owners' records an actor may see under a permission: every record, or only those of these owners. */
export type OwnerScope = { readonly kind: "all" } | { readonly kind: "owners"; readonly ownerIds: readonly string[] };

/**
 * Everything one operation needs, handed to module code inside a transaction. All
 * writes go through `db` (the open transaction); events and audit rows commit with it.
 */
export interface OperationContext<DB = any> {
  /**
   * The open transaction (or, in a read, the database). A module's `client`, `jobs`, hooks
   * and `onTenantCreated` get it typed with the module's tables (`tables` of its definition,
   * its entities' tables and `CoreTables`); elsewhere, name them: `OperationContext<MyTables>`.
   */
  readonly db: Kysely<DB>;
  readonly adapter: StorageAdapter;
  readonly actor: Actor;
  readonly tenantId: string;
  /** The injected clock's time when the operation started. */
  readonly now: Date;
  /** `now` as the ISO-8601 UTC string records store. */
  readonly timestamp: string;
  /** A new prefixed, time-sortable id. */
  newId<P extends string>(prefix: P): RecordId<P>;
  /**
   * Serialises this tenant's writers on `key` until the transaction ends (PostgreSQL: an
   * advisory lock; SQLite: already one writer). Use it before a check that spans rows.
   */
  lock(key: string): Promise<void>;
  /** Queues an event: written to the change feed with this transaction, delivered after it commits. */
  emit(type: string, data: unknown): void;
  /** Writes an audit row (who, when, field-level before/after) in this transaction. */
  audit(entry: AuditEntry): Promise<void>;
  /** Writes many audit rows in multi-row statements (the bulk path). */
  auditMany(entries: readonly AuditEntry[]): Promise<void>;
  /** Throws `ForbiddenError` unless the actor holds `permission` (for `record`, when given). */
  authorize(permission: Permission, record?: ScopedRecord): Promise<void>;
  /** The widest scope of `permission` for this actor, or `null`. */
  scopeOf(permission: Permission): Promise<RecordScope | null>;
  /** The policy in force for this actor: the default roles plus the tenant's own roles the actor holds. */
  policy(): Promise<Policy>;
  /** Which owners' records the actor may read under `permission`; throws `ForbiddenError` when none. */
  ownerScope(permission: Permission): Promise<OwnerScope>;
  /**
   * Resolves a link to a record of any module (`{ type: "case", id }`) in this tenant.
   * Throws `ValidationError` for an unknown type and `NotFoundError` when no such record exists here.
   */
  recordRef(type: string, id: string): Promise<RecordRef>;
  /** The entity types modules registered as linkable (`account`, `contact`, `case`…). */
  knownEntityTypes(): readonly string[];
  /** The definition of a linkable entity type (its table, fields, owner and `parent`), or `undefined`. */
  entityDefinition(type: string): EntityDefinition<any, any, any> | undefined;
  /** Runs the `before` hooks registered for `hook`, returning the (possibly enriched) payload. */
  before<P>(hook: string, payload: P): Promise<P>;
  /** {@link before} for every payload of a batch (`createMany`), in order. */
  beforeEach<P>(hook: string, payloads: readonly P[]): Promise<P[]>;
  /**
   * The actor's scoped client bound to this operation's transaction, for calls into other
   * modules' public clients (`op.client().sales?.leads.capture(…)`) that must commit with it.
   */
  client(): OperationClient;
  /**
   * The record layer for one entity in this operation: load for change, versioned change
   * with audit row and events, status transitions, inserts. See {@link RecordAccess}.
   */
  records<F extends Record<string, FieldSpec>>(entity: EntityDefinition<F, any, any>): RecordAccess<EntityRecord<F>>;
  /**
   * Full-text search over one searchable entity (one with a `search` option) as this
   * operation's actor: records outside their `<type>:read` scope are never found, a field
   * their roles hide is neither matched nor shown in the highlights, and `record` is the
   * record as they may see it. `filters` take the entity's declared `search.filters`; a
   * module adds its own mandatory ones the same way. See `crm.as(actor).search` for the syntax.
   *
   * @example
   * ```ts
   * const page = await op.search(articleEntity, {
   *   query: 'reset "two factor" -sms',
   *   filters: { status: "published", visibility: ["customer", "partner"] },
   *   limit: 10,
   * });
   * page.items[0]?.highlights.snippet; // "…how to <mark>reset</mark> <mark>two factor</mark> authentication…"
   * ```
   */
  search<F extends Record<string, FieldSpec>>(
    entity: EntityDefinition<F, any, any>,
    request: EntitySearchRequest,
  ): Promise<EntitySearchPage<EntityRecord<F>>>;
  /**
   * This operation with every permission check passing — its record layer, its policy and
   * the services of its `client()` too — in the same transaction. For a verb that has
   * authorised its caller and must read or write linked records the caller could not (the
   * account on a quote it renders, a lead web-to-lead capture creates). Audit rows and
   * events still name the calling actor; field-level security does not hide fields.
   */
  asSystem(): OperationContext<DB>;
  /** True in an operation from {@link asSystem}: permission checks pass. */
  readonly privileged: boolean;
}
