import * as z from "zod";
import { ValidationError, type ValidationIssue } from "../kernel/errors.js";
import type { ModuleContext } from "../kernel/module-context.js";
import type { OperationContext } from "../kernel/operation-context.js";
import { parseInput } from "../kernel/validate.js";
import { entityStore } from "../records/record-access.js";
import { parseExternalKey } from "../schemas/external-key.js";
import { recordId, safeParsePlain } from "../schemas/plain-input.js";
import { idSchema, plainWriteOptions, type WriteOptions, writeOptionsSchema } from "./base-record.js";
import type { EntityDefinition, EntityRecord } from "./entity-definition.js";
import { upsertByExternalKey } from "./external-upsert.js";
import { FieldGuard } from "./field-guard.js";
import type { FieldSpec } from "./fields.js";
import { type ListOptions, type Page, parseListOptions } from "./list-query.js";

/** The most records one `createMany` call takes. */
export const CREATE_MANY_LIMIT = 10_000;

/** A `createMany` call's list: 1 to {@link CREATE_MANY_LIMIT} inputs, each validated on its own after. Built once. */
export const createManyInputsSchema = z.array(z.unknown()).min(1).max(CREATE_MANY_LIMIT);

/** The standard service every entity gets. Domain verbs sit beside these in each entity's own service. */
export interface EntityService<R, CreateInput, Patch> {
  /** Validates and inserts a record owned (by default) by the actor. Emits `<type>.created`. */
  create(input: CreateInput): Promise<R>;
  /**
   * Creates many records in one transaction with multi-row inserts — the bulk path for
   * imports and syncs. Every input is validated first; any invalid input fails the whole
   * call with one `ValidationError` whose issue paths start with the input's index. At most
   * {@link CREATE_MANY_LIMIT} inputs per call.
   */
  createMany(inputs: readonly CreateInput[]): Promise<R[]>;
  /** The record with this id. Throws `NotFoundError` when it does not exist in the actor's tenant. */
  get(id: string): Promise<R>;
  /**
   * The record with this id, read for a write in the caller's transaction: its row is
   * locked where the database has row locks (SQLite's write transaction already holds the
   * only write lock). For module verbs that change a record by their own SQL; one query
   * instead of a lock and a read.
   */
  getForUpdate(id: string): Promise<R>;
  /** A page of records the actor may see; archived records only with `includeArchived`. */
  list(options?: ListOptions): Promise<Page<R>>;
  /**
   * Applies `patch` (absent keys are kept; `custom` is merged key by key). With
   * `expectedVersion`, a record changed since fails with `ConflictError`. Emits `<type>.updated`.
   */
  update(id: string, patch: Patch, options?: WriteOptions): Promise<R>;
  /** Marks the record archived (hidden from lists by default). Emits `<type>.archived`. */
  archive(id: string, options?: WriteOptions): Promise<R>;
  /** The record another system knows as `externalId`, or `null`. */
  findByExternalId(system: string, externalId: string): Promise<R | null>;
  /**
   * Creates the record known to `system` as `externalId`, or updates it when it exists —
   * the idempotent write an ERP sync needs. Safe under concurrent calls with the same key.
   */
  upsertByExternalId(system: string, externalId: string, input: CreateInput): Promise<{ record: R; created: boolean }>;
}

/** Builds the standard service for an entity on a module's context. */
export function createEntityService<F extends Record<string, FieldSpec>, C extends z.ZodType, P extends z.ZodType>(
  ctx: ModuleContext,
  definition: EntityDefinition<F, C, P>,
): EntityService<EntityRecord<F>, z.input<C>, z.input<P>> {
  const store = entityStore(definition);
  const { type } = definition;

  // Fields the module sets itself: verbs pass them in, callers cannot, so field rules do not apply.
  const computed = store.computedFields;

  const parseCreate = (input: unknown) => safeParsePlain(definition.createSchema, definition.plainCreate, input);
  const plainId = recordId(definition.idPrefix);
  const parseId = (id: unknown) => parseInput(idSchema(definition.idPrefix), id, plainId);
  const parseOptions = (options: unknown) => parseInput(writeOptionsSchema, options, plainWriteOptions);

  const createIn = async (op: OperationContext, input: unknown) => {
    const parsed = parseInput(definition.createSchema, input, definition.plainCreate) as Record<string, unknown>;
    await op.authorize(`${type}:create`);
    const guard = await FieldGuard.for(op, type);
    guard?.assertWritable(parsed, { computed, create: true });
    const record = await store.prepare(op, await op.before(`${type}.create`, parsed));
    await store.insertMany(op, [record]);
    return guard ? guard.redact(record) : record;
  };

  const createManyIn = async (op: OperationContext, inputs: unknown) => {
    const list = parseInput(createManyInputsSchema, inputs);
    const issues: ValidationIssue[] = [];
    const parsed = list.map((input, index) => {
      const result = parseCreate(input);
      if (!result.success)
        issues.push(...result.error.issues.map((issue) => ({ ...issue, path: [index, ...issue.path] })));
      return result.data as Record<string, unknown>;
    });
    if (issues.length > 0) throw new ValidationError(issues);
    await op.authorize(`${type}:create`);
    const guard = await FieldGuard.for(op, type);
    for (const values of parsed) guard?.assertWritable(values, { computed, create: true });
    const records = await store.prepareMany(op, await op.beforeEach(`${type}.create`, parsed));
    await store.validateNew(op, records);
    await store.insertMany(op, records);
    return guard ? records.map((r) => guard.redact(r)) : records;
  };

  const updateIn = async (op: OperationContext, id: string, patch: unknown, options: WriteOptions) => {
    const parsedId = parseId(id);
    const parsed = parseInput(definition.patchSchema, patch, definition.plainPatch) as Record<string, unknown>;
    const { expectedVersion } = parseOptions(options);
    const before = await store.loadForWrite(op, parsedId, expectedVersion);
    await op.authorize(`${type}:update`, store.scoped(before));
    const guard = await FieldGuard.for(op, type);
    guard?.assertWritable(parsed, { computed });
    const enriched = await op.before(`${type}.update`, { id: parsedId, patch: parsed, before });
    const after = await store.write(op, before, await store.applyPatch(op, before, enriched.patch), {
      action: "update",
      validate: true,
    });
    return guard ? guard.redact(after) : after;
  };

  /** Hides fields the actor may not see. */
  const shown = async (op: OperationContext, record: EntityRecord<F>) => {
    const guard = await FieldGuard.for(op, type);
    return guard ? guard.redact(record) : record;
  };

  return {
    create: (input) => ctx.run((op) => createIn(op, input)),
    createMany: (inputs) => ctx.run((op) => createManyIn(op, inputs)),
    update: (id, patch, options = {}) => ctx.run((op) => updateIn(op, id, patch, options)),
    get: (id) =>
      ctx.read(async (op) => {
        const record = await store.load(op, parseId(id));
        await op.authorize(`${type}:read`, store.scoped(record));
        return shown(op, record);
      }),
    getForUpdate: (id) =>
      ctx.run(async (op) => {
        const record = await store.loadForWrite(op, parseId(id), undefined, false);
        await op.authorize(`${type}:read`, store.scoped(record));
        return shown(op, record);
      }),
    list: (options = {}) =>
      ctx.read(async (op) => {
        const parsed = parseListOptions(options);
        const guard = await FieldGuard.for(op, type);
        if (!guard) return store.list(op, parsed);
        guard.assertVisible([
          ...(parsed.filter ?? []).map((f) => f.field),
          ...(parsed.orderBy ? [parsed.orderBy.field] : []),
        ]);
        const page = await store.list(op, parsed);
        return { ...page, items: page.items.map((r) => guard.redact(r)) };
      }),
    archive: (id, options = {}) =>
      ctx.run(async (op) => {
        const parsedId = parseId(id);
        const { expectedVersion } = parseOptions(options);
        const before = await store.loadForWrite(op, parsedId, expectedVersion);
        await op.authorize(`${type}:archive`, store.scoped(before));
        await op.before(`${type}.archive`, { id: parsedId, before });
        const archived = { ...before, archivedAt: op.timestamp };
        return shown(op, await store.write(op, before, archived, { action: "archive", event: `${type}.archived` }));
      }),
    findByExternalId: (system, externalId) =>
      ctx.read(async (op) => {
        const key = parseExternalKey(system, externalId);
        const id = await store.idForExternal(op, key.system, key.externalId);
        if (id === null) return null;
        const record = await store.load(op, id);
        await op.authorize(`${type}:read`, store.scoped(record));
        return shown(op, record);
      }),
    upsertByExternalId: (system, externalId, input) =>
      upsertByExternalKey(ctx, system, externalId, input, {
        patchSchema: definition.patchSchema,
        find: (op, keySystem, key) => store.idForExternal(op, keySystem, key),
        load: (op, id) => store.load(op, id),
        create: (op, values) => createIn(op, values),
        update: (op, id, patch) => updateIn(op, id, patch, {}),
      }),
  };
}
