import type { JobDefinition, OperationContext } from "@rapport/core";
import { dateOf } from "../documents/dates.js";
import { documentDb } from "../documents/document-tables.js";

/** Quotes claimed per query; the job keeps going until nothing due is left. */
const BATCH = 500;

/**
 * Expires one tenant's sent quotes whose validity ended before `today`. Each is claimed
 * with a conditional update (`status = 'sent'`) and announced only if this run changed the
 * row, so a quote expires once however many runs overlap: on PostgreSQL a concurrent claim
 * waits for the row and then finds it expired; SQLite runs one writer at a time.
 */
async function expireDue(op: OperationContext, today: string): Promise<number> {
  const db = documentDb(op);
  let expired = 0;
  for (;;) {
    const due = await db
      .selectFrom("sales_quotes")
      .select(["id", "number", "revision", "opportunity_id", "version", "valid_until"])
      .where("tenant_id", "=", op.tenantId)
      .where("status", "=", "sent")
      .where("valid_until", "<", today)
      .where("archived_at", "is", null)
      .orderBy("valid_until")
      .orderBy("id")
      .limit(BATCH)
      .execute();
    for (const quote of due) {
      const claim = await db
        .updateTable("sales_quotes")
        .set((eb) => ({
          status: "expired",
          expired_at: op.timestamp,
          version: eb("version", "+", 1),
          updated_at: op.timestamp,
          updated_by: op.actor.userId,
        }))
        .where("tenant_id", "=", op.tenantId)
        .where("id", "=", quote.id)
        .where("status", "=", "sent")
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) continue;
      expired += 1;
      const version = Number(quote.version) + 1;
      await op.audit({
        entityType: "quote",
        entityId: quote.id,
        action: "expire",
        before: { status: "sent", expiredAt: null },
        after: { status: "expired", expiredAt: op.timestamp },
      });
      op.emit("quote.updated", { id: quote.id, version, changed: ["status", "expiredAt"] });
      op.emit("quote.expired", {
        id: quote.id,
        number: Number(quote.number),
        revision: Number(quote.revision),
        opportunityId: quote.opportunity_id,
      });
    }
    // Claimed rows (ours, or another run's once it committed) no longer match, so this ends.
    if (due.length < BATCH) return expired;
  }
}

/** `sales.quote_expiry`: expires every sent quote past its validity date, once, in every tenant. */
export const quoteExpiryJob: JobDefinition = {
  name: "sales.quote_expiry",
  async run(ctx) {
    const today = dateOf(ctx.now.toISOString());
    let handled = 0;
    for (const tenantId of await ctx.tenantIds()) handled += await ctx.run(tenantId, (op) => expireDue(op, today));
    return handled;
  },
};
