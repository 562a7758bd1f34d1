import type { SelectQueryBuilder } from "kysely";
import type * as z from "zod";
import type { OperationContext } from "../kernel/operation-context.js";
import type { Reader } from "../schemas/plain-input.js";
import { MAX_SEARCH_BODY_FIELDS } from "../search/search-index.js";
import type { EntitySearchOptions } from "../search/search-options.js";
import type { BaseRecord } from "./base-record.js";
import { type FieldSpec, type FieldValues, field } from "./fields.js";
import { type WithRecordExtensions, withPlainRecordExtensions, withRecordExtensions } from "./record-input.js";

/** The record type of an entity definition. */
export type EntityRecord<F extends Record<string, FieldSpec>> = BaseRecord & Readonly<FieldValues<F>>;

/**
 * Describes one entity once — its table, fields, inputs and rules — so the generic
 * service gives it the standard `create / get / list / update / archive` shape.
 */
export interface EntityDefinition<
  F extends Record<string, FieldSpec> = Record<string, FieldSpec>,
  CreateSchema extends z.ZodType = z.ZodType,
  PatchSchema extends z.ZodType = z.ZodType,
  Table extends string = string,
  Type extends string = string,
> {
  /** Singular name used in permissions (`account:read`), audit and events (`account.created`). */
  readonly type: Type;
  /** The table; its row type follows from the fields ({@link EntityRow}). */
  readonly table: Table;
  /** Id prefix, 2–12 lowercase letters (`acc`). */
  readonly idPrefix: string;
  readonly fields: F;
  /**
   * Validates `create` input. Its output's keys are field names plus `custom`, `externalIds`
   * and `tags`, which {@link defineEntity} adds to an object schema itself.
   */
  readonly createSchema: CreateSchema;
  /**
   * Optional: a hand-written reader of plain `create` inputs, for the bulk path, where
   * zod's per-check cost adds up. It returns exactly what `createSchema` parses the input
   * to, or `UNSURE` to leave the input to `createSchema` — which alone reports errors. It
   * must never accept an input `createSchema` refuses; test it against `createSchema`.
   * It reads the schema as given: `defineEntity` teaches it the keys it adds.
   */
  readonly plainCreate?: Reader<Record<string, unknown>>;
  /** Validates `update` patches; `defineEntity` adds `custom`, `externalIds` and `tags` as for `createSchema`. */
  readonly patchSchema: PatchSchema;
  /** Optional: `plainCreate`'s counterpart for `patchSchema`, on the same terms. */
  readonly plainPatch?: Reader<Record<string, unknown>>;
  /** The field naming the record's owner, used for `own`/`team` scopes. Defaulted to the actor on create. */
  readonly ownerField?: keyof F & string;
  /**
   * The record this one belongs to, named by one of its fields (a contact's `accountId`).
   * Activity timelines of the parent include the activities of its children, so an
   * account's timeline shows its contacts' calls. One level deep.
   *
   * @example `parent: { type: "account", field: "accountId" }`
   */
  readonly parent?: { readonly type: string; readonly field: keyof F & string };
  /**
   * Records shared with the actor beyond their owner (an opportunity's team). When the
   * actor's scope for `<type>:<action>` is `team`, records whose ids this subquery returns
   * count as in scope too: for `get`, `list`, `update`, `archive` and every `op.authorize`
   * given the record's `id`. Return `null` when nothing is shared for `action`. The entity
   * must be in its module's `entities` for `op.authorize` to find it.
   *
   * @example `sharedWith: (op, action) => op.db.selectFrom("deal_team").select("deal_id as id").where("tenant_id", "=", op.tenantId).where("user_id", "=", op.actor.userId)`
   */
  readonly sharedWith?: (op: OperationContext, action: string) => SelectQueryBuilder<any, any, { id: string }> | null;
  /**
   * Domain rules across fields or records, run inside the transaction after hooks and
   * before the write; throw a `CrmError` to refuse. `before` is `null` on create.
   */
  readonly validate?: (
    next: EntityRecord<F>,
    before: EntityRecord<F> | null,
    op: OperationContext,
  ) => void | Promise<void>;
  /**
   * The same rules as `validate`, for a batch of new records (the `createMany` path): check
   * links with one query per batch instead of one per record. Errors SHOULD name the
   * record's index in the batch as the first path element.
   */
  readonly validateMany?: (records: readonly EntityRecord<F>[], op: OperationContext) => Promise<void>;
  /**
   * Makes the entity searchable with `op.search(entity, …)` and the public `search`: which
   * text fields are indexed and which fields filter. See {@link EntitySearchOptions}.
   */
  readonly search?: EntitySearchOptions<keyof F & string>;
}

/**
 * Declares an entity; see {@link EntityDefinition}. Its create and patch schemas get the
 * optional `custom`, `externalIds` and `tags` keys every record takes (see
 * {@link withRecordExtensions}) unless they declare them, and its plain readers read them.
 */
export function defineEntity<
  F extends Record<string, FieldSpec>,
  CreateSchema extends z.ZodType,
  PatchSchema extends z.ZodType,
  const Table extends string = string,
  const Type extends string = string,
>(
  definition: EntityDefinition<F, CreateSchema, PatchSchema, Table, Type>,
): EntityDefinition<F, WithRecordExtensions<CreateSchema>, WithRecordExtensions<PatchSchema>, Table, Type> {
  const { createSchema, patchSchema, plainCreate, plainPatch } = definition;
  if (definition.search) assertSearchOptions(definition.type, definition.fields, definition.search);
  return Object.freeze({
    ...definition,
    createSchema: withRecordExtensions(createSchema),
    patchSchema: withRecordExtensions(patchSchema),
    ...(plainCreate && { plainCreate: withPlainRecordExtensions(createSchema, plainCreate) }),
    ...(plainPatch && { plainPatch: withPlainRecordExtensions(patchSchema, plainPatch) }),
  }) as EntityDefinition<F, WithRecordExtensions<CreateSchema>, WithRecordExtensions<PatchSchema>, Table, Type>;
}

/** Throws `TypeError` when a `search` option names fields the entity lacks, fields of the wrong kind, or too many. */
function assertSearchOptions(type: string, fields: Record<string, FieldSpec>, search: EntitySearchOptions): void {
  const body = search.body ?? [];
  if (body.length > MAX_SEARCH_BODY_FIELDS) {
    throw new TypeError(`${type}: search.body takes at most ${MAX_SEARCH_BODY_FIELDS} fields`);
  }
  for (const name of [search.title, ...body]) {
    if (!Object.hasOwn(fields, name) || fields[name]?.kind !== "text") {
      throw new TypeError(`${type}: search field "${name}" must be one of its text fields`);
    }
  }
  for (const name of search.filters ?? []) {
    if (!Object.hasOwn(fields, name) || fields[name]?.filterable !== true) {
      throw new TypeError(`${type}: search filter "${name}" must be one of its filterable fields`);
    }
  }
}

/** The columns every entity table has, as listable fields. */
export const BASE_FIELDS = {
  id: field.text(),
  version: field.integer({ filterable: false, sortable: false }),
  createdAt: field.timestamp(),
  updatedAt: field.timestamp(),
  createdBy: field.text(),
  updatedBy: field.text(),
  archivedAt: field.nullableTimestamp(),
} as const;
