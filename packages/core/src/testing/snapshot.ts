import type { StorageAdapter } from "../storage/storage-adapter.js";

/** Row counts of every tenant-scoped table for one tenant: what "nothing was written" compares. */
export async function tenantSnapshot(adapter: StorageAdapter, tenantId: string): Promise<Record<string, number>> {
  const tables = await adapter.db.introspection.getTables();
  const counts: Record<string, number> = {};
  for (const table of tables) {
    if (!table.columns.some((c) => c.name === "tenant_id")) continue;
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
 * Runs `attempt`, expects it to reject, and checks that no tenant-scoped table gained or
 * lost a row for `tenantId`. Returns the error for further assertions.
 */
export async function expectNothingWritten(adapter: StorageAdapter, tenantId: string, attempt: () => Promise<unknown>): Promise<unknown> {
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
