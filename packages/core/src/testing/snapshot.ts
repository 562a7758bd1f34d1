import type { TableMetadata } from "kysely";
import type { StorageAdapter } from "../storage/storage-adapter.js";

/** Row counts of every tenant-scoped table for one tenant: what "nothing was written" compares. */
export async function tenantSnapshot(adapter: StorageAdapter, tenantId: string): Promise<Record<string, number>> {
  const tables = await listTables(adapter);
  const schema = await ownSchema(adapter, tables, tenantId);
  const counts: Record<string, number> = {};
  for (const table of tables) {
    // PostgreSQL lists every schema's tables; other test runs' schemas come and go meanwhile.
    if (table.schema !== schema || !table.columns.some((c) => c.name === "tenant_id")) continue;
    const row = await adapter.db
      .selectFrom(table.name)
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("tenant_id", "=", tenantId)
      .executeTakeFirstOrThrow();
    counts[table.name] = Number(row.n);
  }
  return counts;
}

/**
 * Every table the database lists. PostgreSQL's catalog query fails when another test run
 * drops its schema meanwhile, so it is retried a few times.
 */
async function listTables(adapter: StorageAdapter): Promise<TableMetadata[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await adapter.db.introspection.getTables();
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}

/** The schema holding this tenant's tables (PostgreSQL); `undefined` where there are no schemas (SQLite). */
async function ownSchema(
  adapter: StorageAdapter,
  tables: readonly TableMetadata[],
  tenantId: string,
): Promise<string | undefined> {
  const candidates = tables.filter((t) => t.name === "rapport_tenants").map((t) => t.schema);
  if (candidates.length <= 1) return candidates[0];
  for (const schema of candidates) {
    if (schema === undefined) continue;
    const found = await adapter.db
      .withSchema(schema)
      .selectFrom("rapport_tenants")
      .select("tenant_id")
      .where("tenant_id", "=", tenantId)
      .executeTakeFirst()
      .catch(() => undefined);
    if (found) return schema;
  }
  throw new Error(`Tenant ${tenantId} is in none of the schemas ${candidates.join(", ")}`);
}

/**
 * Runs `attempt`, expects it to reject, and checks that no tenant-scoped table gained or
 * lost a row for `tenantId`. Returns the error for further assertions.
 */
export async function expectNothingWritten(
  adapter: StorageAdapter,
  tenantId: string,
  attempt: () => Promise<unknown>,
): Promise<unknown> {
  const before = await tenantSnapshot(adapter, tenantId);
  let failure: unknown;
  try {
    await attempt();
  } catch (error) {
    failure = error;
  }
  if (failure === undefined) throw new Error("Expected the call to fail, but it succeeded");
  const after = await tenantSnapshot(adapter, tenantId);
  const changed = Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
  if (changed.length > 0) {
    throw new Error(
      `The failed call wrote rows: ${changed.map((t) => `${t} ${before[t] ?? 0} → ${after[t] ?? 0}`).join(", ")}`,
      { cause: failure },
    );
  }
  return failure;
}
