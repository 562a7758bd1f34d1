import type { OperationContext } from "../kernel/operation-context.js";

/** Ids per `IN (…)` list: far below both databases' bound-parameter limits. */
const CHUNK = 500;

/**
 * Which of `ids` exist in `table` in the operation's tenant, mapped to their `archived_at`
 * (`null` while active). One query per 500 distinct ids — the batch form of a link check.
 */
export async function existingRecords(
  op: OperationContext,
  table: string,
  ids: Iterable<string>,
): Promise<Map<string, string | null>> {
  const wanted = [...new Set(ids)];
  const found = new Map<string, string | null>();
  for (let start = 0; start < wanted.length; start += CHUNK) {
    const rows = await op.db
      .selectFrom(table)
      .select(["id", "archived_at"])
      .where("tenant_id", "=", op.tenantId)
      .where("id", "in", wanted.slice(start, start + CHUNK))
      .execute();
    for (const row of rows as { id: string; archived_at: string | null }[]) found.set(row.id, row.archived_at);
  }
  return found;
}
