import type { Kysely } from "kysely";
import type * as z from "zod";
import { diffRecords, fieldsOf } from "../audit/diff.js";
import {
  ConflictError,
  DuplicateError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
  type ValidationIssue,
} from "../kernel/errors.js";
import type { AuditEntry, OperationContext } from "../kernel/operation-context.js";
import type { ScopedRecord } from "../permissions/policy.js";
import { indexNewRecords, reindexChangedRecord } from "../search/search-index.js";
import { insertValues, insertValuesSkippingConflicts, runCompiled } from "../storage/compiled-statements.js";
import type { CustomValue } from "./base-record.js";
import { BASE_FIELDS, type EntityDefinition, type EntityRecord } from "./entity-definition.js";
import { columnOf, type FieldSpec, toColumnValue } from "./fields.js";
import {
  buildList,
  columnField,
  type ListableFields,
  type ListField,
  type listOptionsSchema,
  listStatement,
  type Page,
  planList,
  toPage,
} from "./list-query.js";
import { RecordExtensions } from "./record-extensions.js";
import { BASE_ROW_COLUMNS, type RowCodec, rowCodec } from "./row-codec.js";

/** Rows per multi-row INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_CHUNK = 500;

const EXTERNAL_ID_COLUMNS = ["tenant_id", "entity_type", "system", "external_id", "entity_id"];

/** The base fields an update can change besides the bookkeeping ones: field, column, column value. */
const UPDATABLE_BASE_COLUMNS: readonly (readonly [string, string, (record: AnyRecord) => unknown])[] = [
  ["archivedAt", "archived_at", (r) => r.archivedAt],
  ["custom", "custom", (r) => JSON.stringify(r.custom)],
  ["tags", "tags", (r) => JSON.stringify(r.tags)],
  ["externalIds", "external_ids", (r) => JSON.stringify(r.externalIds)],
];

export type AnyRecord = Record<string, unknown> & { id: string; version: number; archivedAt: string | null };

/**
 * A value a change writes beside the entity's declared fields — a column another module
 * added to the table, or rows of another table (`column` absent) — audited under `field`.
 */
export interface ExtraValue {
  readonly field: string;
  /** The column it is stored in on the entity's table; absent when the caller wrote it elsewhere. */
  readonly column?: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** An event a change emits besides (or instead of) `<type>.updated`. */
export interface ChangeEvent {
  readonly type: string;
  readonly data: unknown;
}

/** How {@link EntityStore.write} records a change. */
export interface StoredChange<R> {
  /** The audit action: `update`, `archive`, or a verb (`move_stage`). */
  readonly action: string;
  /** The event naming the change; `null` for none. @default `<type>.updated` */
  readonly event?: string | null;
  /** More events, made from the record as written (so they can carry its new version). */
  readonly events?: (after: R) => readonly ChangeEvent[];
  readonly extra?: readonly ExtraValue[];
  /** Run the entity's `validate` rule on the new state first. @default false */
  readonly validate?: boolean;
}

function withExtra(record: object, extra: readonly ExtraValue[], side: "before" | "after"): Record<string, unknown> {
  if (extra.length === 0) return record as Record<string, unknown>;
  const fields: Record<string, unknown> = { ...record };
  for (const value of extra) fields[value.field] = value[side];
  return fields;
}

/** Row mapping and the SQL of the standard service, kept apart from permission and hook flow. */
/** How new records are made and inserted. */
export interface NewRecordOptions {
  /**
   * The records are another system's history: each keeps the `createdAt` (and `updatedAt`)
   * its values carry, is audited as `import`, and emits no `<type>.created` event.
   */
  readonly history?: boolean;
}

export class EntityStore<F extends Record<string, FieldSpec>> {
  readonly #definition: EntityDefinition<F, z.ZodType, z.ZodType>;
  /** `[field, spec, column]`, computed once: mapping rows is the hot path of lists and bulk inserts. */
  readonly #fields: [string, FieldSpec, string][];
  readonly #columns: Record<string, ListField>;
  readonly #extensions: RecordExtensions;
  /** The table's columns, in the order the codec's `pushRowValues` writes them. */
  readonly #rowColumns: readonly string[];
  readonly #codec: RowCodec;
  #blankRecord: Readonly<Record<string, null>> | undefined;
  /** The fields the module sets itself (`computed: true`): field rules do not apply to them. */
  readonly computedFields: ReadonlySet<string>;

  constructor(definition: EntityDefinition<F, z.ZodType, z.ZodType>) {
    this.#definition = definition;
    this.#fields = Object.entries(definition.fields).map(([name, spec]) => [name, spec, columnOf(name, spec)]);
    this.#rowColumns = [...BASE_ROW_COLUMNS, ...this.#fields.map(([, , column]) => column)];
    this.#codec = rowCodec(this.#fields);
    this.#columns = Object.fromEntries(
      Object.entries({ ...BASE_FIELDS, ...definition.fields }).map(([name, spec]) => [name, columnField(name, spec)]),
    );
    this.#extensions = new RecordExtensions(definition.type);
    this.computedFields = new Set(this.#fields.filter(([, spec]) => spec.computed === true).map(([name]) => name));
  }

  scoped(record: AnyRecord): ScopedRecord {
    const owner = this.#definition.ownerField;
    return {
      ownerId: owner ? (record[owner] as string | null) : null,
      createdBy: record.createdBy as string,
      id: record.id,
    };
  }

  /** The record a row stands for. */
  fromRow(row: Record<string, unknown>): EntityRecord<F> {
    return this.#codec.fromRow(row) as EntityRecord<F>;
  }

  /**
   * The columns an update writes and their values: the bookkeeping columns, then those of
   * `changed` fields (as {@link fieldsOf} names them), in the table's column order so one
   * set of changed fields always makes the same statement.
   */
  #changedColumns(record: AnyRecord, changed: readonly string[]): { columns: string[]; values: unknown[] } {
    const columns = ["version", "updated_at", "updated_by"];
    const values: unknown[] = [record.version, record.updatedAt, record.updatedBy];
    for (const [field, column, value] of UPDATABLE_BASE_COLUMNS) {
      if (changed.includes(field)) {
        columns.push(column);
        values.push(value(record));
      }
    }
    for (const [name, spec, column] of this.#fields) {
      if (changed.includes(name)) {
        columns.push(column);
        values.push(toColumnValue(spec, record[name]));
      }
    }
    return { columns, values };
  }

  /** Builds a new record from validated values (defaults, owner, bookkeeping) and checks its rules. */
  async prepare(op: OperationContext, values: Record<string, unknown>, validate = true): Promise<EntityRecord<F>> {
    const record = this.#newRecord(
      op,
      values,
      await this.#extensions.forCreate(op, (values.custom ?? {}) as Record<string, CustomValue>),
    );
    if (validate) await this.#definition.validate?.(record, null, op);
    return record;
  }

  /**
   * {@link prepare} for a batch, without the rules (see {@link validateNew}): the custom-field
   * definitions are read once, and every input's custom-value issues are reported together,
   * their paths starting with the input's index.
   */
  async prepareMany(
    op: OperationContext,
    inputs: readonly Record<string, unknown>[],
    options: NewRecordOptions = {},
  ): Promise<EntityRecord<F>[]> {
    const definitions = await this.#extensions.definitions(op);
    const issues: ValidationIssue[] = [];
    const records = inputs.map((values, index) => {
      const custom = this.#extensions.valuesForCreate(
        definitions,
        (values.custom ?? {}) as Record<string, CustomValue>,
      );
      for (const issue of custom.issues) issues.push({ ...issue, path: [index, ...issue.path] });
      return this.#newRecord(op, values, custom.result, options);
    });
    if (issues.length > 0) throw new ValidationError(issues);
    return records;
  }

  #newRecord(
    op: OperationContext,
    values: Record<string, unknown>,
    custom: Record<string, CustomValue>,
    options: NewRecordOptions = {},
  ) {
    // Filled into a copy of a blank record that has every key: adding keys one by one takes V8's slow path
    // once records of many shapes pass through here, and bulk imports prepare thousands of records a call.
    this.#blankRecord ??= this.#blank();
    const record: Record<string, unknown> = { ...this.#blankRecord };
    // An entity keyed by another system's ids (user profiles: the host's user ids) passes its own.
    record.id = typeof values.id === "string" ? values.id : op.newId(this.#definition.idPrefix);
    record.tenantId = op.tenantId;
    for (const [name, spec] of this.#fields)
      record[name] = values[name] ?? spec.default ?? (spec.nullable ? null : undefined);
    const owner = this.#definition.ownerField;
    if (owner && values[owner] === undefined) record[owner] = op.actor.system ? null : op.actor.userId;
    record.version = 1;
    // History from another system keeps its own times; everything else is created now.
    record.createdAt = options.history ? (values.createdAt as string) : op.timestamp;
    record.updatedAt = options.history ? ((values.updatedAt ?? values.createdAt) as string) : op.timestamp;
    record.createdBy = op.actor.userId;
    record.updatedBy = op.actor.userId;
    record.archivedAt = null;
    record.custom = custom;
    record.tags = values.tags ?? [];
    record.externalIds = values.externalIds ?? {};
    return record as EntityRecord<F>;
  }

  /**
   * Checks the rules of many new records: `validateMany` when the entity has one (a few
   * queries for the whole batch), otherwise `validate` record by record.
   */
  async validateNew(op: OperationContext, records: readonly EntityRecord<F>[]): Promise<void> {
    const { validate, validateMany } = this.#definition;
    if (validateMany) await validateMany(records, op);
    else if (validate) for (const record of records) await validate(record, null, op);
  }

  /**
   * Inserts prepared records in multi-row statements, with their external-id keys, tags,
   * audit rows and `created` events. A key already held (or given twice) is a `DuplicateError`.
   */
  async insertMany(
    op: OperationContext,
    records: readonly EntityRecord<F>[],
    options: NewRecordOptions = {},
  ): Promise<void> {
    const { table, type } = this.#definition;
    await this.#claimNewExternalIds(op, records);
    const values: unknown[] = [];
    for (const record of records) this.#codec.pushRowValues(record, values);
    await insertValues(op, table, this.#rowColumns, values);
    await indexNewRecords(op, this.#definition, records);
    await this.#extensions.writeTags(
      op,
      records.filter((r) => r.tags.length > 0),
      false,
    );
    const entries: AuditEntry[] = records.map((r) => ({
      entityType: type,
      entityId: r.id,
      action: options.history ? "import" : "create",
      before: null,
      after: r,
    }));
    await op.auditMany(entries);
    // Imported history is announced by the importing verb, once per batch, not record by record.
    if (!options.history) for (const r of records) op.emit(`${type}.created`, { id: r.id, version: 1 });
  }

  async applyPatch(
    op: OperationContext,
    before: EntityRecord<F>,
    patch: Record<string, unknown>,
  ): Promise<EntityRecord<F>> {
    const { custom, externalIds, tags, ...fields } = patch;
    const next: Record<string, unknown> = { ...before };
    for (const [name] of this.#fields) if (fields[name] !== undefined) next[name] = fields[name];
    if (custom !== undefined)
      next.custom = await this.#extensions.forUpdate(op, before.custom, custom as Record<string, CustomValue>);
    if (tags !== undefined) next.tags = tags;
    if (externalIds !== undefined) next.externalIds = { ...before.externalIds, ...(externalIds as object) };
    return next as EntityRecord<F>;
  }

  /**
   * Writes `next` over `before` if nobody changed it meanwhile: bumps the version, updates
   * the changed columns only, audits `change.action` and emits the change's events. When
   * nothing differs it writes nothing, emits nothing and returns `before`.
   */
  async write(
    op: OperationContext,
    before: EntityRecord<F>,
    next: EntityRecord<F>,
    change: StoredChange<EntityRecord<F>>,
  ): Promise<EntityRecord<F>> {
    const { type, table } = this.#definition;
    if (change.validate) await this.#definition.validate?.(next, before, op);
    const extra = change.extra ?? [];
    // One diff serves the UPDATE's columns, the audit row and the event's `changed` list.
    const changes = diffRecords(before, next);
    for (const column of extra) {
      const fieldChange = diffRecords({ value: column.before }, { value: column.after }).value;
      if (fieldChange) changes[column.field] = fieldChange;
    }
    const changed = fieldsOf(changes);
    if (changed.length === 0) return before;
    const after = {
      ...next,
      version: before.version + 1,
      updatedAt: op.timestamp,
      updatedBy: op.actor.userId,
    } as EntityRecord<F>;
    await this.#claimExternalIds(op, after.id, before.externalIds, after.externalIds);
    // Only changed columns are written: rewriting unchanged (often indexed) columns costs index and WAL writes.
    const { columns, values } = this.#changedColumns(after as unknown as AnyRecord, changed);
    for (const column of extra) {
      if (column.column !== undefined && changed.includes(column.field)) {
        columns.push(column.column);
        values.push(column.after);
      }
    }
    const result = await runCompiled(
      op,
      `update:${table}:${columns.join(",")}`,
      [...values, op.tenantId, after.id, before.version],
      () => {
        const set: Record<string, unknown> = {};
        columns.forEach((column, i) => {
          set[column] = values[i];
        });
        return op.db
          .updateTable(table)
          .set(set)
          .where("tenant_id", "=", op.tenantId)
          .where("id", "=", after.id)
          .where("version", "=", before.version);
      },
    );
    if (Number(result.numAffectedRows ?? 0) !== 1) {
      throw new ConflictError(`${type} ${after.id} was changed by someone else; read it again and retry`, {
        details: { id: after.id, expectedVersion: before.version },
      });
    }
    if (changed.includes("tags")) await this.#extensions.writeTags(op, [after], true);
    await reindexChangedRecord(op, this.#definition, before, after);
    await op.audit({
      entityType: type,
      entityId: after.id,
      action: change.action,
      before: withExtra(before, extra, "before"),
      after: withExtra(after, extra, "after"),
      changes,
    });
    const event = change.event === undefined ? `${type}.updated` : change.event;
    if (event !== null) op.emit(event, { id: after.id, version: after.version, changed });
    for (const extraEvent of change.events?.(after) ?? []) op.emit(extraEvent.type, extraEvent.data);
    return after;
  }

  async load(op: OperationContext, id: string): Promise<EntityRecord<F>> {
    return this.fromRow(await this.#selectRow(op, id, false));
  }

  /**
   * Loads the record for a write, locking its row where the database can, and checks the
   * caller's version; archived records are refused unless `refuseArchived` is false.
   */
  async loadForWrite(
    op: OperationContext,
    id: string,
    expectedVersion: number | undefined,
    refuseArchived = true,
  ): Promise<EntityRecord<F>> {
    const record = this.fromRow(await this.#selectRow(op, id, op.adapter.capabilities.rowLocking));
    if (expectedVersion !== undefined && expectedVersion !== record.version) {
      throw new ConflictError(
        `${this.#definition.type} ${id} is at version ${record.version}, not ${expectedVersion}; read it again and retry`,
        { details: { id, expectedVersion, actualVersion: record.version } },
      );
    }
    if (refuseArchived && record.archivedAt !== null) {
      throw new InvalidTransitionError(`${this.#definition.type} ${id} is archived`, { details: { id } });
    }
    return record;
  }

  async #selectRow(op: OperationContext, id: string, forUpdate: boolean): Promise<Record<string, unknown>> {
    const { table, type } = this.#definition;
    const result = await runCompiled<Record<string, unknown>>(
      op,
      `row:${table}:${forUpdate ? "for update" : "read"}`,
      [op.tenantId, id],
      () => {
        const query = op.db.selectFrom(table).selectAll().where("tenant_id", "=", op.tenantId).where("id", "=", id);
        return forUpdate ? query.forUpdate() : query;
      },
    );
    const row = result.rows[0];
    if (!row) throw new NotFoundError(type, id);
    return row;
  }

  async list(op: OperationContext, options: z.output<typeof listOptionsSchema>): Promise<Page<EntityRecord<F>>> {
    const { table, type, ownerField } = this.#definition;
    const scope = await op.ownerScope(`${type}:read`);
    const owners = scope.kind === "owners" ? scope.ownerIds : null;
    // Under team scope, records shared with the actor (sharedWith) are listed beside their own and their mates'.
    const shared =
      owners !== null && (await op.scopeOf(`${type}:read`)) === "team"
        ? (this.#definition.sharedWith?.(op, "read") ?? null)
        : null;
    const listable = this.#columnsSuffice(options) ? this.#columns : await this.#listFields(op, options);
    const spec = planList(listable, options);
    const build = () => {
      let query = op.db.selectFrom(table).selectAll().where("tenant_id", "=", op.tenantId);
      if (!options.includeArchived) query = query.where("archived_at", "is", null);
      if (owners !== null) {
        const column = ownerField
          ? columnOf(ownerField, this.#definition.fields[ownerField] as FieldSpec)
          : "created_by";
        query =
          shared === null
            ? query.where(column, "in", owners)
            : query.where((eb) => eb.or([eb(column, "in", owners), eb("id", "in", shared)]));
      }
      return buildList(query, spec);
    };
    // Building and compiling the query with Kysely took 40–200 µs a call in the bench: reuse its SQL.
    const statement = listStatement(spec);
    let rows: Record<string, unknown>[];
    if (statement === null) rows = await build().execute();
    else {
      // The subquery of records shared with the actor is keyed by its own SQL (compiling it alone is cheap).
      const sharing = shared?.compile();
      const archived = options.includeArchived ? "archived too" : "live";
      const owned = owners === null ? "any owner" : `${owners.length} owners${sharing ? ` or (${sharing.sql})` : ""}`;
      const shape = `list:${table}:${archived}:${owned}:${statement.shape}`;
      const parameters = [op.tenantId, ...(owners ?? []), ...(sharing?.parameters ?? []), ...statement.parameters];
      rows = (await runCompiled(op, shape, parameters, build)).rows;
    }
    return toPage(rows as (Record<string, unknown> & { id: string })[], spec, (row) => this.fromRow(row));
  }

  /**
   * Whether the list filters and sorts by columns only, each able to do what it is named
   * for: then the fields beside the columns are not needed, not even to name the allowed
   * ones in an error.
   */
  #columnsSuffice(options: z.output<typeof listOptionsSchema>): boolean {
    const columns = this.#columns;
    const usable = (name: string, need: "filterable" | "sortable") =>
      name !== "tags" && Object.hasOwn(columns, name) && columns[name]?.spec[need] === true;
    const { filter = [], orderBy } = options;
    return filter.every((f) => usable(f.field, "filterable")) && (!orderBy || usable(orderBy.field, "sortable"));
  }

  /** The columns, the tags field and the custom fields (read only when the list names one: they cost a query). */
  async #listFields(op: OperationContext, options: z.output<typeof listOptionsSchema>): Promise<ListableFields> {
    const named = [...(options.filter ?? []).map((f) => f.field), options.orderBy?.field ?? ""];
    const custom = named.some((name) => name.startsWith("custom.")) ? await this.#extensions.listFields(op) : {};
    return { ...this.#columns, ...custom, tags: this.#extensions.tagsField(op) };
  }

  /** Every key of a record, in {@link fromRow}'s order, set to `null`. */
  #blank(): Record<string, null> {
    const blank: Record<string, null> = { id: null, tenantId: null };
    for (const [name] of this.#fields) blank[name] = null;
    const rest = [
      "version",
      "createdAt",
      "updatedAt",
      "createdBy",
      "updatedBy",
      "archivedAt",
      "custom",
      "tags",
      "externalIds",
    ];
    for (const key of rest) blank[key] = null;
    // Spread once more: copying a spread-made object is quick; one built key by key, slower than no blank.
    return { ...blank };
  }

  async idForExternal(op: OperationContext, system: string, externalId: string): Promise<string | null> {
    const row = await (op.db as Kysely<any>)
      .selectFrom("rapport_external_ids")
      .select("entity_id")
      .where("tenant_id", "=", op.tenantId)
      .where("entity_type", "=", this.#definition.type)
      .where("system", "=", system)
      .where("external_id", "=", externalId)
      .executeTakeFirst();
    return (row?.entity_id as string | undefined) ?? null;
  }

  /**
   * Claims the external keys of new records with multi-row inserts that skip keys already
   * held — one statement per 500 keys, not a lookup and an insert per key (an N+1 on the
   * bulk path), nor a lookup before every insert. Only when a key was taken are the keys
   * read back, to name the record holding it.
   */
  async #claimNewExternalIds(op: OperationContext, records: readonly EntityRecord<F>[]): Promise<void> {
    const type = this.#definition.type;
    const bySystem = new Map<string, Map<string, string>>();
    const claims: [system: string, externalId: string, id: string][] = [];
    for (const record of records) {
      for (const [system, externalId] of Object.entries(record.externalIds as Record<string, string>)) {
        let keys = bySystem.get(system);
        if (!keys) {
          keys = new Map();
          bySystem.set(system, keys);
        }
        const holder = keys.get(externalId);
        if (holder !== undefined) throw duplicateKey(type, system, externalId, holder);
        keys.set(externalId, record.id);
        claims.push([system, externalId, record.id]);
      }
    }
    if (claims.length === 0) return;
    // Claimed in key order, so concurrent batches with overlapping keys wait on each other instead of deadlocking.
    if (op.adapter.capabilities.concurrentWriters)
      claims.sort(([s1, k1], [s2, k2]) => compareKeys(s1, s2) || compareKeys(k1, k2));
    const values: unknown[] = [];
    for (const [system, externalId, id] of claims) values.push(op.tenantId, type, system, externalId, id);
    const claimed = await insertValuesSkippingConflicts(op, "rapport_external_ids", EXTERNAL_ID_COLUMNS, values);
    if (claimed < values.length / EXTERNAL_ID_COLUMNS.length) throw await this.#heldKey(op, bySystem);
  }

  /** The error for a key another record holds, found among keys a bulk claim wanted (`system → key → new id`). */
  async #heldKey(op: OperationContext, wanted: ReadonlyMap<string, ReadonlyMap<string, string>>): Promise<Error> {
    const type = this.#definition.type;
    for (const [system, keys] of wanted) {
      const externalIds = [...keys.keys()];
      for (let start = 0; start < externalIds.length; start += INSERT_CHUNK) {
        const rows = await (op.db as Kysely<any>)
          .selectFrom("rapport_external_ids")
          .select(["external_id", "entity_id"])
          .where("tenant_id", "=", op.tenantId)
          .where("entity_type", "=", type)
          .where("system", "=", system)
          .where("external_id", "in", externalIds.slice(start, start + INSERT_CHUNK))
          .execute();
        const held = rows.find((row) => keys.get(row.external_id as string) !== row.entity_id);
        if (held) return duplicateKey(type, system, held.external_id as string, held.entity_id as string);
      }
    }
    // Only under snapshot isolation can the holder be invisible here: nothing to name.
    return new DuplicateError(`Another ${type} already has one of these external ids`);
  }

  /** Records new external keys in the lookup table; a key held by another record is a `DuplicateError`. */
  async #claimExternalIds(
    op: OperationContext,
    id: string,
    before: Readonly<Record<string, string>>,
    after: Readonly<Record<string, string>>,
  ) {
    const added = Object.entries(after).filter(([system, key]) => before[system] !== key);
    for (const [system, externalId] of added) {
      const holder = await this.idForExternal(op, system, externalId);
      if (holder !== null && holder !== id) throw duplicateKey(this.#definition.type, system, externalId, holder);
      if (before[system] !== undefined) {
        await op.db
          .deleteFrom("rapport_external_ids")
          .where("tenant_id", "=", op.tenantId)
          .where("entity_type", "=", this.#definition.type)
          .where("system", "=", system)
          .where("entity_id", "=", id)
          .execute();
      }
      try {
        await op.db
          .insertInto("rapport_external_ids")
          .values({
            tenant_id: op.tenantId,
            entity_type: this.#definition.type,
            system,
            external_id: externalId,
            entity_id: id,
          })
          .execute();
      } catch (error) {
        if (op.adapter.isUniqueViolation(error))
          throw duplicateKey(this.#definition.type, system, externalId, null, error);
        throw error;
      }
    }
  }
}

function duplicateKey(type: string, system: string, externalId: string, holder: string | null, cause?: unknown) {
  return new DuplicateError(`Another ${type} already has ${system} id "${externalId}"`, {
    details: { system, externalId, ...(holder ? { existingId: holder } : {}) },
    ...(cause === undefined ? {} : { cause }),
  });
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
