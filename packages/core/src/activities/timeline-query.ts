import type { Expression, ExpressionBuilder, SelectQueryBuilder, SqlBool } from "kysely";
import type * as z from "zod";
import { BASE_FIELDS } from "../entities/entity-definition.js";
import { EntityStore } from "../entities/entity-store.js";
import { FieldGuard } from "../entities/field-guard.js";
import { columnOf, type FieldSpec } from "../entities/fields.js";
import { applyListOptions, columnField, type ListableFields, type Page, toPage } from "../entities/list-query.js";
import type { OperationContext, RecordRef } from "../kernel/operation-context.js";
import { restrictQuery } from "../permissions/restrict.js";
import { type Activity, type ActivityRow, activityEntity, toActivity } from "./activity-entity.js";
import type { timelineOptionsSchema } from "./activity-schema.js";

/** A record type whose records belong to a parent record (contacts to an account). */
interface ChildLink {
  readonly type: string;
  /** The ids of the record's children of this type that the actor may read. */
  readonly ids: SelectQueryBuilder<any, any, { id: string }>;
}

const store = new EntityStore(activityEntity);

const ACTIVITY_COLUMNS: ListableFields = Object.fromEntries(
  Object.entries({ ...BASE_FIELDS, ...activityEntity.fields }).map(([name, spec]) => [name, columnField(name, spec)]),
);

/** The child types of `parentType` the actor may read, each with the children they may read (as `get` decides). */
async function childLinks(op: OperationContext, ref: RecordRef): Promise<ChildLink[]> {
  const links: ChildLink[] = [];
  for (const type of op.knownEntityTypes()) {
    const definition = op.entityDefinition(type);
    const parent = definition?.parent;
    if (!definition || !parent || parent.type !== ref.type) continue;
    const permission = `${type}:read` as const;
    if ((await op.scopeOf(permission)) === null) continue;
    const parentColumn = columnOf(parent.field, definition.fields[parent.field] as FieldSpec);
    const children = op.db.selectFrom(definition.table).select("id").where(parentColumn, "=", ref.id);
    links.push({ type, ids: await restrictQuery(op, permission, children) });
  }
  return links;
}

/** Activities on the record itself, or on one of its children the actor may read. */
function aboutRecord(
  eb: ExpressionBuilder<any, any>,
  ref: RecordRef,
  children: readonly ChildLink[],
): Expression<SqlBool> {
  const own = eb.and([eb("related_type", "=", ref.type), eb("related_id", "=", ref.id)]);
  const ofChildren = children.map((child) =>
    eb.and([eb("related_type", "=", child.type), eb("related_id", "in", child.ids)]),
  );
  return eb.or([own, ...ofChildren]);
}

/**
 * One page of a record's timeline, newest first (by `occurredAt`, then id), in one SQL
 * query: the record's own activities and, unless turned off, those of its child records.
 * Only activities the actor may read (`activity:read` scope) on children the actor may read
 * (their `<type>:read` scope, shares included) are included; hidden activity fields are left out.
 */
export async function timelinePage(
  op: OperationContext,
  ref: RecordRef,
  options: z.output<typeof timelineOptionsSchema>,
): Promise<Page<Activity>> {
  const children = options.includeChildren === false ? [] : await childLinks(op, ref);
  // The activities the actor may read, decided as `activities.list` and `crm.restrict` decide it.
  const query = await restrictQuery(
    op,
    "activity:read",
    op.db
      .selectFrom(activityEntity.table)
      .selectAll()
      .where("archived_at", "is", null)
      .where((eb) => aboutRecord(eb, ref, children)),
  );
  const plan = applyListOptions(query, ACTIVITY_COLUMNS, {
    orderBy: { field: "occurredAt", direction: "desc" },
    ...(options.kinds ? { filter: [{ field: "kind", op: "in" as const, value: options.kinds }] } : {}),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
  });
  const rows = (await plan.query.execute()) as (Record<string, unknown> & { id: string })[];
  const guard = await FieldGuard.for(op, activityEntity.type);
  return toPage(rows, plan, (row) => {
    const record = store.fromRow(row);
    return toActivity((guard ? guard.redact(record) : record) as ActivityRow);
  });
}
