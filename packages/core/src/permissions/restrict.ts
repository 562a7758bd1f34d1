import type { Expression, OperationNode, SelectQueryBuilder, SqlBool } from "kysely";
import { columnOf, type FieldSpec } from "../entities/fields.js";
import type { OperationContext } from "../kernel/operation-context.js";
import type { Permission } from "./permission-catalog.js";
import { permissionDenied } from "./policy.js";

/** Options of {@link restrictQuery} and `crm.restrict`: which columns of the query hold what. */
export interface RestrictOptions {
  /**
   * The column holding the tenant id. Every restricted query is confined to the actor's
   * tenant through it, whatever the scope.
   * @default `"<from>.tenant_id"`, `<from>` being the alias (or table name) of the query's first `FROM` item
   */
  readonly tenantColumn?: string;
  /**
   * The column holding the record's owner, compared in `own` and `team` scope.
   * @default the entity's owner column (`owner_id`, or `created_by` for entities without an owner field) when the query selects from the entity's own table, `owner_id` otherwise; qualified as `tenantColumn` is
   */
  readonly ownerColumn?: string;
  /**
   * The column holding the id of the record `permission` is about, so records the entity
   * shares with the actor (its `sharedWith`, an opportunity's team) count in `team` scope.
   * Without it, shares count only when the query selects from the entity's own table
   * (`"<from>.id"`); a host table that merely links to the record must name its link column.
   * @example `{ idColumn: "invoices.opportunity_id" }`
   */
  readonly idColumn?: string;
}

/** The first `FROM` item of a query: its table name and the name its columns are qualified by. */
function fromOf(query: SelectQueryBuilder<any, any, any>): { table: string | null; qualifier: string | null } {
  const from = query.toOperationNode().from?.froms[0];
  if (!from) return { table: null, qualifier: null };
  if (from.kind === "AliasNode") {
    const { node, alias } = from as unknown as { node: OperationNode; alias: OperationNode };
    const name = alias.kind === "IdentifierNode" ? (alias as unknown as { name: string }).name : null;
    return { table: tableName(node), qualifier: name };
  }
  const table = tableName(from);
  return { table, qualifier: table };
}

function tableName(node: OperationNode): string | null {
  if (node.kind !== "TableNode") return null;
  return (node as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
}

/**
 * Narrows `query` to the rows the actor of `op` may see under `permission`, making the same
 * decision as `op.authorize` and the entity service's `get`/`list`: always the actor's
 * tenant; then nothing more in `all` scope, the actor's rows in `own` scope, and in `team`
 * scope the rows of the actor and their team mates plus the records the entity shares with
 * the actor (`sharedWith`). Throws `ForbiddenError` when the actor lacks `permission`.
 *
 * @example
 * ```ts
 * const deals = await restrictQuery(op, "opportunity:read", op.db.selectFrom("sales_opportunities as o").selectAll());
 * ```
 */
export async function restrictQuery<QB extends SelectQueryBuilder<any, any, any>>(
  op: OperationContext,
  permission: Permission,
  query: QB,
  options: RestrictOptions = {},
): Promise<QB> {
  // Own properties only: a column name inherited from a prototype is not the caller's choice.
  const option = (key: keyof RestrictOptions) => (Object.hasOwn(options, key) ? options[key] : undefined);
  const scope = await op.scopeOf(permission);
  if (scope === null) throw permissionDenied(op.actor, permission);
  const { table, qualifier } = fromOf(query);
  const qualified = (column: string) => (qualifier === null ? column : `${qualifier}.${column}`);
  const separator = permission.indexOf(":");
  const definition = op.entityDefinition(permission.slice(0, separator));
  const ownTable = definition !== undefined && table === definition.table;
  const confined = query.where(option("tenantColumn") ?? qualified("tenant_id"), "=", op.tenantId) as QB;
  if (scope === "all") return confined;

  const owners = await op.ownerScope(permission);
  const ownerIds = owners.kind === "owners" ? owners.ownerIds : [op.actor.userId];
  const owner = definition?.ownerField;
  const entityOwnerColumn = owner ? columnOf(owner, definition.fields[owner] as FieldSpec) : "created_by";
  const ownerColumn = option("ownerColumn") ?? qualified(ownTable ? entityOwnerColumn : "owner_id");
  const idColumn = option("idColumn") ?? (ownTable ? qualified("id") : null);
  // As in `op.authorize` and `list`: shares widen `team` scope only.
  const shared =
    scope === "team" && idColumn !== null
      ? (definition?.sharedWith?.(op, permission.slice(separator + 1)) ?? null)
      : null;
  if (shared === null || idColumn === null) return confined.where(ownerColumn, "in", ownerIds) as QB;
  return confined.where(
    (eb): Expression<SqlBool> => eb.or([eb(ownerColumn, "in", ownerIds), eb(idColumn, "in", shared)]),
  ) as QB;
}
