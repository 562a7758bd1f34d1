import type { JobDefinition, OperationContext } from "@rapport/core";
import { salesDb } from "../database.js";
import { dateOf } from "../documents/dates.js";
import { quoteEntity } from "./quote-entity.js";

/** Quotes claimed per query; the job keeps going until nothing due is left. */
const BATCH = 500;

/**
 * Expires one tenant's sent quotes whose validity ended before `today`. Each is locked and
 * read again before it changes, so a quote expires once however many runs overlap: on
 * PostgreSQL a concurrent run waits for the row and then finds it expired; SQLite runs one
 * writer at a time.
 */
async function expireDue(op: OperationContext, today: string): Promise<number> {
  const quotes = op.records(quoteEntity);
  let expired = 0;
  for (;;) {
    const due = await salesDb(op)
      .selectFrom("sales_quotes")
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where("status", "=", "sent")
      .where("valid_until", "<", today)
      .where("archived_at", "is", null)
      .orderBy("valid_until")
      .orderBy("id")
      .limit(BATCH)
      .execute();
    for (const { id } of due) {
      const quote = await quotes.loadForChange(id, { authorize: false, allowArchived: true });
      // Another run expired it, or someone archived it, since the query.
      if (quote.status !== "sent" || quote.archivedAt !== null) continue;
      await quotes.change(
        quote,
        { status: "expired", expiredAt: op.timestamp },
        {
          action: "expire",
          events: (after) => [
            {
              type: "quote.expired",
              data: {
                id: after.id,
                version: after.version,
                number: after.number,
                revision: after.revision,
                opportunityId: after.opportunityId,
              },
            },
          ],
        },
      );
      expired += 1;
    }
    // Handled rows (ours, or another run's once it committed) no longer match, so this ends.
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
