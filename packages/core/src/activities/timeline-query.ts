import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type * as z from "zod";
import { BASE_FIELDS } from "../entities/entity-definition.js";
import { EntityStore } from "../entities/entity-store.js";
import { FieldGuard } from "../entities/field-guard.js";
import { columnOf, type FieldSpec } from "../entities/fields.js";
import { applyListOptions, columnField, type ListableFields, type Page, toPage } from "../entities/list-query.js";
import type { OperationContext, RecordRef } from "../kernel/operation-context.js";
import { type Activity, type ActivityRow, activityEntity, toActivity } from "./activity-entity.js";
import type { timelineOptionsSchema } from "./activity-schema.js";

/** A record type whose records belong to a parent record (contacts to an account). */
interface ChildLink {
  readonly type: string;
  readonly table: string;
  /** The child's column holding the parent's id. */
  readonly parentColumn: string;
  /** The child records the actor may read: every one, or those of these owners (in `ownerColumn`). */
  readonly owners: readonly string[] | null;
  readonly ownerColumn: string;
}

const store = new EntityStore(activityEntity);

const ACTIVITY_COLUMNS: ListableFields = Object.fromEntries(
  Object.entries({ ...BASE_FIELDS, ...activityEntity.fields }).map(([name, spec]) => [name, columnField(name, spec)]),
);

/** The child types of `parentType` the actor may read, with the owners they may see. */
async function childLinks(op: OperationContext, parentType: string): Promise<ChildLink[]> {
  const links: ChildLink[] = [];
  for (const type of op.knownEntityTypes()) {
    const definition = op.entityDefinition(type);
    const parent = definition?.parent;
    if (!definition || !parent || parent.type !== parentType) continue;
    const permission = `${type}:read` as const;
    if ((await op.scopeOf(permission)) === null) continue;
    const scope = await op.ownerScope(permission);
    const owner = definition.ownerField;
    links.push({
      type,
      table: definition.table,
      parentColumn: columnOf(parent.field, definition.fields[parent.field] as FieldSpec),
      owners: scope.kind === "all" ? null : scope.ownerIds,
      ownerColumn: owner ? columnOf(owner, definition.fields[owner] as FieldSpec) : "created_by",
    });
  }
  return links;
}

/** Activities on the record itself, or on one of its children the actor may read. */
function aboutRecord(
  eb: ExpressionBuilder<any, any>,
  op: OperationContext,
  ref: RecordRef,
  children: readonly ChildLink[],
): Expression<SqlBool> {
  const own = eb.and([eb("related_type", "=", ref.type), eb("related_id", "=", ref.id)]);
  const ofChildren = children.map((child) => {
    let ids = eb
      .selectFrom(child.table)
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where(child.parentColumn, "=", ref.id);
    if (child.owners !== null) ids = ids.where(child.ownerColumn, "in", child.owners);
    return eb.and([eb("related_type", "=", child.type), eb("related_id", "in", ids)]);
  });
  return eb.or([own, ...ofChildren]);
}

/**
 * One page of a record's timeline, newest first (by `occurredAt`, then id), in one SQL
 * query: the record's own activities and, unless turned off, those of its child records.
 * Only activities the actor may read (`activity:read` scope) are included.
 */
export async function timelinePage(
  op: OperationContext,
  ref: RecordRef,
  options: z.output<typeof timelineOptionsSchema>,
): Promise<Page<Activity>> {
  const scope = await op.ownerScope("activity:read");
  const children = options.includeChildren === false ? [] : await childLinks(op, ref.type);
  let query = op.db
    .selectFrom(activityEntity.table)
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("archived_at", "is", null)
    .where((eb) => aboutRecord(eb, op, ref, children));
  if (scope.kind === "owners") query = query.where("owner_id", "in", scope.ownerIds);
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
