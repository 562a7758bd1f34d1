import type { SelectQueryBuilder } from "kysely";
import { BASE_FIELDS } from "../entities/entity-definition.js";
import { FieldGuard } from "../entities/field-guard.js";
import type { FieldSpec } from "../entities/fields.js";
import { columnField, type Filter, type ListableFields, parseListOptions, planList } from "../entities/list-query.js";
import { RecordExtensions } from "../entities/record-extensions.js";
import { ValidationError } from "../kernel/errors.js";
import type { OperationContext } from "../kernel/operation-context.js";
import { restrictQuery } from "../permissions/restrict.js";

/**
 * A query of the ids of the live records of a registered entity type (`contact`, `lead`,
 * `account`…) that the actor of `op` may read and that match `filter` — the public filter
 * structure of `list`, custom fields (`custom.<key>`) and tags included. Nothing is run: the
 * caller counts it, pages it or uses it as a subquery (`id in (…)`), so a rule over a
 * million records is decided in SQL. It reads from the entity's table alone, unaliased.
 *
 * Same decisions as `list`: an unknown or unfilterable field, or a value of the wrong kind,
 * is a `ValidationError` (paths `["filter", i, …]`); a field the actor's roles hide is a
 * `ForbiddenError`; an actor without `<type>:read` gets a `ForbiddenError`. An unknown type
 * is a `ValidationError` on `["type"]`.
 *
 * @example
 * ```ts
 * const vips = await matchingRecords(op, "contact", [{ field: "custom.tier", op: "eq", value: "gold" }]);
 * const { n } = await vips.clearSelect().select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
 * ```
 */
export async function matchingRecords(
  op: OperationContext,
  type: string,
  filter: readonly Filter[],
): Promise<SelectQueryBuilder<any, any, { id: string }>> {
  const definition = op.entityDefinition(type);
  if (!definition) throw ValidationError.forField(["type"], `Unknown record type "${type}"`, { type });
  const options = parseListOptions({ filter });
  const named = (options.filter ?? []).map((f) => f.field);
  const guard = await FieldGuard.for(op, type);
  guard?.assertVisible(named);
  const extensions = new RecordExtensions(type);
  const columns = Object.fromEntries(
    Object.entries({ ...BASE_FIELDS, ...definition.fields }).map(([name, spec]) => [
      name,
      columnField(name, spec as FieldSpec),
    ]),
  );
  // Custom-field definitions cost a query: read them only when a rule names one.
  const custom = named.some((name) => name.startsWith("custom.")) ? await extensions.listFields(op) : {};
  const listable: ListableFields = { ...columns, ...custom, tags: extensions.tagsField(op) };
  const spec = planList(listable, options);
  let query = await restrictQuery(op, `${type}:read`, op.db.selectFrom(definition.table).select("id"));
  query = query.where("archived_at", "is", null);
  for (const condition of spec.conditions) query = query.where(condition.build);
  return query as SelectQueryBuilder<any, any, { id: string }>;
}
