import type { StorageAdapter } from "@rapport/core";

/** History and logs a merge and its undo add to by design; left out of the comparison. */
const HISTORY = new Set(["rapport_audit_log", "rapport_change_feed", "cleansing_merges"]);
/** Bookkeeping the record layer moves forward on every change (optimistic locking needs it to). */
const BOOKKEEPING = new Set(["version", "updated_at", "updated_by"]);

/**
 * Every row of every tenant table of `tenantId` (history and bookkeeping columns aside),
 * sorted, by table: what a merge followed by its undo must leave as it found it.
 */
export async function tenantRows(adapter: StorageAdapter, tenantId: string): Promise<Record<string, string[]>> {
  const names = [...new Set((await adapter.db.introspection.getTables()).map((table) => table.name))];
  const rows: Record<string, string[]> = {};
  for (const [table, columns] of await adapter.describeTables(names)) {
    if (HISTORY.has(table) || !columns.some((c) => c.name === "tenant_id")) continue;
    const found = (await adapter.db
      .selectFrom(table)
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .execute()) as Record<string, unknown>[];
    rows[table] = found
      .map((row) =>
        JSON.stringify(
          Object.entries(row).filter(([column]) => !BOOKKEEPING.has(column)),
          (_key, value) => (typeof value === "bigint" ? value.toString() : value),
        ),
      )
      .sort();
  }
  return rows;
}
