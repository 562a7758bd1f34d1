import type { Kysely } from "kysely";
import type { OperationContext } from "../kernel/operation-context.js";
import type { UserTables } from "./user-tables.js";

/**
 * Serialises, within one tenant, the writes whose rule spans many rows (no loop in the
 * manager line, no double booking): a check-then-write that two transactions could
 * otherwise both pass. It touches the tenant's row without changing it; the row lock is
 * held until the transaction ends. PostgreSQL takes a no-key lock for an update of a
 * non-key column, so inserts that only reference the tenant (foreign keys) do not wait;
 * SQLite already runs one writer at a time. Written once, for both databases.
 */
export async function serializeTenantWrites(op: OperationContext): Promise<void> {
  await (op.db as Kysely<UserTables>)
    .updateTable("rapport_tenants")
    .set((eb) => ({ name: eb.ref("name") }))
    .where("tenant_id", "=", op.tenantId)
    .execute();
}
