import type { OperationContext } from "@rapport/core";
import type { RowReference } from "./merge-references.js";

/** What `rowMatch` narrows: an UPDATE or DELETE builder. */
interface Filterable<Q> {
  where(column: string, operator: "=" | "is", value: unknown): Q;
}

/**
 * Narrows `query` to one module-table row as it was read: by `id` where the table has
 * one, otherwise by every scalar column (link tables have no id of their own).
 */
export function rowMatch<Q extends Filterable<Q>>(
  query: Q,
  op: OperationContext,
  reference: Pick<RowReference, "columns">,
  row: Readonly<Record<string, unknown>>,
): Q {
  let narrowed = query.where("tenant_id", "=", op.tenantId);
  const columns = reference.columns.includes("id") ? ["id"] : reference.columns.filter((c) => c !== "tenant_id");
  for (const column of columns) {
    const value = row[column];
    if (value === null || value === undefined) narrowed = narrowed.where(column, "is", null);
    // A JSON value read back as an object is not comparable with "="; the other columns single the row out.
    else if (typeof value !== "object" || value instanceof Date) narrowed = narrowed.where(column, "=", value);
  }
  return narrowed;
}

/**
 * Drops the external-id index rows of `systems` held by record `id`. The record layer claims
 * external ids a change adds but leaves the index rows of the ones it removes, so a merge
 * that moves an external id from one record to another releases it first.
 */
export async function releaseExternalIds(
  op: OperationContext,
  entityType: string,
  id: string,
  systems: readonly string[],
): Promise<void> {
  if (systems.length === 0) return;
  await op.db
    .deleteFrom("rapport_external_ids")
    .where("tenant_id", "=", op.tenantId)
    .where("entity_type", "=", entityType)
    .where("entity_id", "=", id)
    .where("system", "in", [...systems])
    .execute();
}
