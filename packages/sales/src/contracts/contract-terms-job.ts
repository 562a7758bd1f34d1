import type { JobDefinition, OperationContext } from "@rapport/core";
import { salesDb } from "../database.js";
import { dateOf } from "../documents/dates.js";
import { contractEntity } from "./contract-entity.js";
import { contractEventData, renewIn } from "./contract-lifecycle.js";

/** Contracts handled per query; each pass keeps going until nothing due is left. */
const BATCH = 200;

/**
 * Fires `contract.renewal_due` for active contracts whose renewal date has come, recording
 * `renewalNotifiedAt` on the contract. Each is locked and read again before it changes, so
 * it fires once however many runs overlap.
 */
async function notifyDue(op: OperationContext, today: string): Promise<number> {
  const contracts = op.records(contractEntity);
  let fired = 0;
  for (;;) {
    const due = await salesDb(op)
      .selectFrom("sales_contracts")
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where("status", "=", "active")
      .where("renewal_notified_at", "is", null)
      .where("renewal_due_on", "<=", today)
      .where("archived_at", "is", null)
      .orderBy("renewal_due_on")
      .orderBy("id")
      .limit(BATCH)
      .execute();
    for (const { id } of due) {
      const contract = await contracts.loadForChange(id, { authorize: false, allowArchived: true });
      // Another run notified it, or it ended or was archived, since the query.
      if (contract.status !== "active" || contract.renewalNotifiedAt !== null || contract.archivedAt !== null) continue;
      await contracts.change(
        contract,
        { renewalNotifiedAt: op.timestamp },
        {
          action: "renewal_due",
          events: (after) => [
            {
              type: "contract.renewal_due",
              data: {
                ...contractEventData(after),
                renewalDueOn: after.renewalDueOn,
                autoRenew: after.autoRenew,
                ownerId: after.ownerId,
              },
            },
          ],
        },
      );
      fired += 1;
    }
    if (due.length < BATCH) return fired;
  }
}

/**
 * Ends active contracts whose term is over: auto-renewing ones are renewed (the next term
 * starts active), the others expire. Each is locked and read again before it changes.
 */
async function endTerms(op: OperationContext, today: string): Promise<number> {
  const contracts = op.records(contractEntity);
  let ended = 0;
  for (;;) {
    const due = await salesDb(op)
      .selectFrom("sales_contracts")
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where("status", "=", "active")
      .where("end_date", "<", today)
      .where("archived_at", "is", null)
      .orderBy("end_date")
      .orderBy("id")
      .limit(BATCH)
      .execute();
    for (const { id } of due) {
      const contract = await contracts.loadForChange(id, { authorize: false, allowArchived: true });
      if (contract.status !== "active" || contract.archivedAt !== null) continue;
      if (contract.autoRenew) {
        await renewIn(op, contract, { activate: true });
      } else {
        await contracts.change(
          contract,
          { status: "expired", endedAt: op.timestamp },
          { action: "expire", events: (after) => [{ type: "contract.expired", data: contractEventData(after) }] },
        );
      }
      ended += 1;
    }
    if (due.length < BATCH) return ended;
  }
}

/**
 * `sales.contract_terms`: in every tenant, fires `contract.renewal_due` once per contract
 * when its renewal date comes (`renewalNoticeDays` before the end), then ends contracts
 * whose term is over — renewing those that auto-renew, expiring the rest.
 */
export const contractTermsJob: JobDefinition = {
  name: "sales.contract_terms",
  async run(ctx) {
    const today = dateOf(ctx.now.toISOString());
    let handled = 0;
    for (const tenantId of await ctx.tenantIds()) {
      handled += await ctx.run(tenantId, async (op) => (await notifyDue(op, today)) + (await endTerms(op, today)));
    }
    return handled;
  },
};
