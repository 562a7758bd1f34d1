import type { OperationContext } from "@rapport/core";
import { outreachDb } from "../outreach-tables.js";
import { type Suppression, suppressionEntity } from "./consent-entity.js";
import type { SuppressionReason } from "./consent-schema.js";

/** True when `address` (lower case) is on the tenant's suppression list. */
export async function isSuppressed(op: OperationContext, address: string): Promise<boolean> {
  return (await suppressedAmong(op, [address])).size > 0;
}

/** Which of `addresses` (lower case) are suppressed, in one query per 500. */
export async function suppressedAmong(op: OperationContext, addresses: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < addresses.length; start += 500) {
    const chunk = addresses.slice(start, start + 500);
    const rows = await outreachDb(op)
      .selectFrom("marketing_email_suppressions")
      .select("address")
      .where("tenant_id", "=", op.tenantId)
      .where("address", "in", chunk)
      .where("archived_at", "is", null)
      .execute();
    for (const row of rows) found.add(row.address);
  }
  return found;
}

/**
 * Puts an address on the suppression list through the record layer (audited, with
 * `email_suppression.created`). An address already suppressed keeps its entry: nothing is written.
 */
export async function suppress(
  op: OperationContext,
  address: string,
  reason: SuppressionReason,
  source: string | null,
): Promise<Suppression> {
  await op.lock(`suppression:${address}`);
  const row = await outreachDb(op)
    .selectFrom("marketing_email_suppressions")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("address", "=", address)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  const suppressions = op.records(suppressionEntity);
  if (row) return suppressions.get(row.id, { authorize: false });
  const [created] = await suppressions.insert([{ address, reason, source }]);
  return created as Suppression;
}
