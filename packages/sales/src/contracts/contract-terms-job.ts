import { createEntityService, type JobDefinition, type OperationContext } from "@rapport/core";
import { dateOf } from "../documents/dates.js";
import { documentDb } from "../documents/document-tables.js";
import { writeChanges } from "../documents/record-verbs.js";
import { boundContext } from "../internal/bound-context.js";
import { type Contract, contractEntity } from "./contract-entity.js";
import { contractEventData, renewIn } from "./contract-lifecycle.js";

/** Contracts handled per query; each pass keeps going until nothing due is left. */
const BATCH = 200;

async function load(op: OperationContext, id: string): Promise<Contract> {
  return createEntityService(boundContext(op), contractEntity).get(id);
}

/**
 * Fires `contract.renewal_due` for active contracts whose renewal date has come. Each is
 * claimed with a conditional update (`renewal_notified_at IS NULL`), so it fires once
 * however many runs overlap.
 */
async function notifyDue(op: OperationContext, today: string): Promise<number> {
  const db = documentDb(op);
  let fired = 0;
  for (;;) {
    const due = await db
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
      const claim = await db
        .updateTable("sales_contracts")
        .set({ renewal_notified_at: op.timestamp })
        .where("tenant_id", "=", op.tenantId)
        .where("id", "=", id)
        .where("status", "=", "active")
        .where("renewal_notified_at", "is", null)
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) continue;
      fired += 1;
      const claimed = await load(op, id);
      // The claim set the column; record it as a versioned, audited change of the contract.
      const after = await writeChanges(
        op,
        contractEntity,
        { ...claimed, renewalNotifiedAt: null },
        { renewalNotifiedAt: op.timestamp },
        "renewal_due",
      );
      op.emit("contract.renewal_due", {
        ...contractEventData(after),
        renewalDueOn: after.renewalDueOn,
        autoRenew: after.autoRenew,
        ownerId: after.ownerId,
      });
    }
    if (due.length < BATCH) return fired;
  }
}

/**
 * Ends active contracts whose term is over: auto-renewing ones are renewed (the next term
 * starts active), the others expire. Claimed with a conditional update on `status = 'active'`.
 */
async function endTerms(op: OperationContext, today: string): Promise<number> {
  const db = documentDb(op);
  let ended = 0;
  for (;;) {
    const due = await db
      .selectFrom("sales_contracts")
      .select(["id", "auto_renew"])
      .where("tenant_id", "=", op.tenantId)
      .where("status", "=", "active")
      .where("end_date", "<", today)
      .where("archived_at", "is", null)
      .orderBy("end_date")
      .orderBy("id")
      .limit(BATCH)
      .execute();
    for (const { id, auto_renew } of due) {
      const status = Number(auto_renew) === 1 ? "renewed" : "expired";
      const claim = await db
        .updateTable("sales_contracts")
        .set({ status })
        .where("tenant_id", "=", op.tenantId)
        .where("id", "=", id)
        .where("status", "=", "active")
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) continue;
      ended += 1;
      const before = { ...(await load(op, id)), status: "active" as const };
      if (status === "renewed") {
        await renewIn(op, before, { activate: true });
      } else {
        const after = await writeChanges(
          op,
          contractEntity,
          before,
          { status: "expired", endedAt: op.timestamp },
          "expire",
        );
        op.emit("contract.expired", contractEventData(after));
      }
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
