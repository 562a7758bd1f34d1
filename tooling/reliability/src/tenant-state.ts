import { createHash } from "node:crypto";
import type { StorageAdapter } from "@rapport/core";
import { sql } from "kysely";

/** What a tenant holds: row counts per table and a digest of every row, for "nothing was written" checks. */
export interface TenantState {
  readonly counts: Readonly<Record<string, number>>;
  /** A hash of every row of every tenant table: equal digests mean not one value changed. */
  readonly digest: string;
}

const tablesByAdapter = new WeakMap<StorageAdapter, Promise<string[]>>();

/**
 * The tables with a `tenant_id` column in the adapter's own schema. On PostgreSQL other runs'
 * schemas are listed too; the adapter's `search_path` makes `current_schema()` its own.
 */
function tenantTables(adapter: StorageAdapter): Promise<string[]> {
  let tables = tablesByAdapter.get(adapter);
  if (!tables) {
    tables = (async () => {
      let schema: string | undefined;
      if (adapter.name === "postgres") {
        const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(adapter.db);
        schema = rows[0]?.schema;
      }
      const all = await adapter.db.introspection.getTables();
      return all
        .filter((t) => (schema === undefined || t.schema === schema) && t.columns.some((c) => c.name === "tenant_id"))
        .map((t) => t.name)
        .sort();
    })();
    tablesByAdapter.set(adapter, tables);
  }
  return tables;
}

/** Reads `tenantId`'s rows in every tenant table. */
export async function tenantState(adapter: StorageAdapter, tenantId: string): Promise<TenantState> {
  const counts: Record<string, number> = {};
  const hash = createHash("sha256");
  for (const table of await tenantTables(adapter)) {
    const rows = await adapter.db.selectFrom(table).selectAll().where("tenant_id", "=", tenantId).execute();
    counts[table] = rows.length;
    const lines = rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? String(v) : v))).sort();
    hash.update(`${table}\n${lines.join("\n")}\n`);
  }
  return { counts, digest: hash.digest("hex") };
}

/** The tables whose rows differ between two states, with their counts; empty when nothing changed. */
export function stateChanges(before: TenantState, after: TenantState): string {
  if (before.digest === after.digest) return "";
  const changed = Object.keys({ ...before.counts, ...after.counts }).filter(
    (t) => before.counts[t] !== after.counts[t],
  );
  if (changed.length === 0) return "rows changed in place (same counts)";
  return changed.map((t) => `${t} ${before.counts[t] ?? 0} → ${after.counts[t] ?? 0}`).join(", ");
}
