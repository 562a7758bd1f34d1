import type * as z from "zod";
import type { EntityDefinition, EntityRecord } from "../entities/entity-definition.js";
import { type ChangeEvent, EntityStore, type ExtraValue } from "../entities/entity-store.js";
import { FieldGuard } from "../entities/field-guard.js";
import type { FieldSpec } from "../entities/fields.js";
import { ConflictError, ForbiddenError, InvalidTransitionError } from "../kernel/errors.js";
import type { OperationContext } from "../kernel/operation-context.js";

/** Options of {@link RecordAccess.get}. */
export interface GetRecordOptions {
  /**
   * The action checked on the record (`read` checks `<type>:read`), or `false` when the
   * verb has authorised its caller already. @default "read"
   */
  readonly authorize?: string | false;
}

/** Options of {@link RecordAccess.loadForChange}. */
export interface LoadForChangeOptions {
  /** The version the caller read; another version is a `ConflictError`. Absent: any version. */
  readonly expectedVersion?: number | undefined;
  /**
   * The action checked on the record (`update` checks `<type>:update`; `move_stage`,
   * `close`…), or `false` when the verb authorises the caller itself. @default "update"
   */
  readonly authorize?: string | false;
  /** Load an archived record too (to restore it, say). @default false: `InvalidTransitionError` */
  readonly allowArchived?: boolean;
}

/** Options of {@link RecordAccess.change}. */
export interface ChangeOptions<R> {
  /** The audit action: `update` or the verb's name (`move_stage`). @default "update" */
  readonly action?: string;
  /** The event naming the change, with `{ id, version, changed }`; `null` for none. @default `<type>.updated` */
  readonly event?: string | null;
  /** The verb's own events (`opportunity.won`), made from the record as written so they carry its new version. */
  readonly events?: (after: R) => readonly ChangeEvent[];
  /**
   * Values the change writes beside the entity's fields (rows of another table, or a
   * column another module added to this table): audited under `field`, and a difference
   * in them counts as a change.
   */
  readonly extra?: readonly ExtraValue[];
  /** Run the entity's `validate` rule on the new state first. @default false */
  readonly validate?: boolean;
}

/** Options of {@link RecordAccess.insert}. */
export interface InsertOptions<R> {
  /** The verb's own events for each new record, made from the record as inserted. */
  readonly events?: (record: R) => readonly ChangeEvent[];
  /**
   * The values are history from another system: each carries its own `createdAt` (and
   * optionally `updatedAt`), validated by the verb as not after now. The records are audited
   * as `import` (by the importing actor, at the time of the import) and emit no
   * `<type>.created` events — the importing verb announces the batch. Only for a system
   * actor (`crm.system(tenantId)`): `ForbiddenError` otherwise.
   */
  readonly history?: boolean;
}

/** A status move: which states it may leave from and where it goes. */
export interface Transition<R> extends ChangeOptions<R> {
  /** The verb's name, used in the error and (unless `action` is given) as the audit action. */
  readonly verb: string;
  /** The states the record may be in for this verb. */
  readonly from: readonly string[];
  /** The state it moves to. */
  readonly to: string;
  /** The field holding the state. @default "status" */
  readonly field?: string;
  /** Other fields the move sets (`closedAt`). */
  readonly changes?: Partial<R>;
}

/**
 * The record layer for one entity inside one operation: what every domain verb needs to
 * change a record — load it for change, apply a versioned change with its audit row and
 * events, move its status, insert new records — in the operation's transaction. Module
 * code uses it instead of writing versioned UPDATEs, audit rows or `updated` events.
 *
 * Get one with `op.records(entity)`. For a verb that has authorised its caller and must
 * read or write records the caller could not, use `op.asSystem().records(entity)`.
 *
 * @example
 * ```ts
 * const visits = op.records(visitEntity);
 * const before = await visits.loadForChange(id, { expectedVersion, authorize: "complete" });
 * return visits.transition(before, { verb: "complete", from: ["planned"], to: "done", changes: { doneAt: op.timestamp } });
 * ```
 */
export interface RecordAccess<R> {
  /**
   * The record with this id in the tenant, without a lock. Throws `NotFoundError` when it
   * does not exist and `ForbiddenError` when the actor may not take `authorize` on it.
   */
  get(id: string, options?: GetRecordOptions): Promise<R>;
  /**
   * The record a verb will change: its row locked for the transaction where the database
   * can (SQLite's write transaction already holds the only write lock), the actor
   * authorised, the caller's version checked (`ConflictError`), an archived record refused
   * (`InvalidTransitionError`). Throws `NotFoundError` when it does not exist in the tenant.
   */
  loadForChange(id: string, options?: LoadForChangeOptions): Promise<R>;
  /**
   * Applies `changes` to a record loaded with {@link loadForChange} if nobody changed it
   * meanwhile (`ConflictError` otherwise): bumps the version, writes the changed columns,
   * audits `action` and emits the change's events — all in the operation's transaction.
   * When nothing differs it writes and emits nothing and returns `before` as it was.
   */
  change(before: R, changes: Partial<R>, options?: ChangeOptions<R>): Promise<R>;
  /**
   * Throws `InvalidTransitionError` (details: `verb`, `state`, `allowed`) unless the
   * record's `field` is one of `from` — for a verb that checks before doing more work.
   */
  assertState(record: R, verb: string, from: readonly string[], field?: string): void;
  /** {@link assertState}, then {@link change} with `field` set to `to`, audited as the verb. */
  transition(before: R, transition: Transition<R>): Promise<R>;
  /**
   * Inserts new records from values the module has validated: ids, defaults, owner (the
   * actor unless given), custom-field defaults and checks, bookkeeping; then the rows,
   * external-id keys, tags, one `create` audit row each and `<type>.created` events. Runs
   * the entity's `validate`/`validateMany` rules. Does not authorise: the verb has.
   * `options.events` adds the verb's own events of each new record (`case.assigned`) after its
   * `created` event.
   */
  insert(values: readonly Readonly<Record<string, unknown>>[], options?: InsertOptions<R>): Promise<R[]>;
  /**
   * The record as the actor may see it, without the fields their roles hide — what a verb
   * returns to its caller (the layer's own results are whole, for the verb's work).
   */
  shown(record: R): Promise<R>;
  /**
   * Throws `ForbiddenError` when the caller's input sets a field the actor's roles make
   * read-only or hidden — for verbs that write through {@link insert} or {@link change}
   * rather than the generic service, which checks this itself. Pass the caller's input, not
   * what the verb computed; fields declared `computed` and (with `create`) `null` values pass.
   */
  assertWritable(input: Readonly<Record<string, unknown>>, options?: { readonly create?: boolean }): Promise<void>;
}

/** Stores by definition: built once per entity, shared by every operation. */
const stores = new WeakMap<object, EntityStore<any>>();

/** The row mapping and SQL of an entity, built on first use. */
export function entityStore<F extends Record<string, FieldSpec>>(
  definition: EntityDefinition<F, z.ZodType, z.ZodType>,
): EntityStore<F> {
  let store = stores.get(definition) as EntityStore<F> | undefined;
  if (!store) {
    store = new EntityStore(definition);
    stores.set(definition, store);
  }
  return store;
}

/** The record layer for `definition` in `op`; see {@link RecordAccess}. */
export function recordAccess<F extends Record<string, FieldSpec>>(
  op: OperationContext,
  definition: EntityDefinition<F, any, any>,
): RecordAccess<EntityRecord<F>> {
  const store = entityStore(definition);
  const { type } = definition;

  const assertState = (record: EntityRecord<F>, verb: string, from: readonly string[], field = "status") => {
    const state = (record as Record<string, unknown>)[field];
    if (typeof state === "string" && from.includes(state)) return;
    throw new InvalidTransitionError(
      `Cannot ${verb} ${type} ${record.id} from ${field} "${String(state)}"; allowed from: ${from.join(", ")}`,
      { details: { id: record.id, verb, state, allowed: [...from] } },
    );
  };

  const change = (
    before: EntityRecord<F>,
    changes: Partial<EntityRecord<F>>,
    options: ChangeOptions<EntityRecord<F>> = {},
  ) =>
    store.write(op, before, { ...before, ...changes } as EntityRecord<F>, {
      action: options.action ?? "update",
      ...(options.event === undefined ? {} : { event: options.event }),
      ...(options.events ? { events: options.events } : {}),
      ...(options.extra ? { extra: options.extra } : {}),
      ...(options.validate ? { validate: true } : {}),
    });

  return {
    get: async (id, options = {}) => {
      const record = await store.load(op, id);
      const action = options.authorize ?? "read";
      if (action !== false) await op.authorize(`${type}:${action}`, store.scoped(record));
      return record;
    },
    loadForChange: async (id, options = {}) => {
      const record = await store.loadForWrite(op, id, undefined, false);
      const action = options.authorize ?? "update";
      if (action !== false) await op.authorize(`${type}:${action}`, store.scoped(record));
      const { expectedVersion } = options;
      if (expectedVersion !== undefined && expectedVersion !== record.version) {
        throw new ConflictError(
          `${type} ${id} is at version ${record.version}, not ${expectedVersion}; read it again and retry`,
          { details: { id, expectedVersion, actualVersion: record.version } },
        );
      }
      if (!options.allowArchived && record.archivedAt !== null) {
        throw new InvalidTransitionError(`${type} ${id} is archived`, { details: { id } });
      }
      return record;
    },
    change,
    assertState,
    transition: (before, transition) => {
      const field = transition.field ?? "status";
      assertState(before, transition.verb, transition.from, field);
      const changes = { ...transition.changes, [field]: transition.to } as Partial<EntityRecord<F>>;
      return change(before, changes, { ...transition, action: transition.action ?? transition.verb });
    },
    insert: async (values, options = {}) => {
      const history = options.history === true;
      if (history && !op.actor.system)
        throw new ForbiddenError(`Only a system actor imports history; ${op.actor.userId} is not one`);
      const records = await store.prepareMany(op, values as Record<string, unknown>[], { history });
      await store.validateNew(op, records);
      await store.insertMany(op, records, { history });
      if (options.events) for (const record of records) for (const e of options.events(record)) op.emit(e.type, e.data);
      return records;
    },
    assertWritable: async (input, options = {}) => {
      const guard = await FieldGuard.for(op, type);
      guard?.assertWritable(input, { computed: store.computedFields, create: options.create === true });
    },
    shown: async (record) => {
      const guard = await FieldGuard.for(op, type);
      return guard ? guard.redact(record) : record;
    },
  };
}
