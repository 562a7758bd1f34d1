import { ForbiddenError } from "@rapport/core";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { aDeal } from "../test-support/document-fixtures.js";
import { salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

/** A contract value and an expense amount that a role hiding them must never read back. */
const VALUE = 7_373_737;
const SPENT = 42_424;

describeEachAdapter("contract and expense verbs under field-level security", (target) => {
  const t = useSalesCrm(target);

  /** A tenant in USD with a role that may do everything but see contract values and expense amounts. */
  async function blindTenant() {
    t.clock.set("2026-03-02T09:00:00.000Z");
    const tenant = await salesTenant(t);
    await tenant.manager.sales.settings.update({ corporateCurrency: "USD" });
    await tenant.system.roles.define({
      name: "valueless",
      grants: { "*:*": "all" },
      hiddenFields: { contract: ["value"], expense: ["amount"] },
    });
    return {
      ...tenant,
      blind: t.as(tenant.tenantId, "val", ["valueless"]),
      approver: t.as(tenant.tenantId, "vera", ["valueless"]),
    };
  }

  it("contract verbs return the contract without a hidden value", async () => {
    const { blind, alice, manager } = await blindTenant();
    const { account } = await aDeal(alice);
    const base = {
      accountId: account.id,
      startDate: "2026-03-02",
      endDate: "2027-03-01",
      value: VALUE,
      currency: "USD",
      billingFrequency: "monthly" as const,
    };
    // Setting a value one's roles hide is refused; a colleague who may see it sets it.
    await expect(blind.sales.contracts.create(base)).rejects.toBeInstanceOf(ForbiddenError);
    const created = await alice.sales.contracts.create(base);
    const activated = await blind.sales.contracts.activate(created.id);
    const terminated = await blind.sales.contracts.terminate(created.id, { reason: "Moved away" });
    for (const contract of [activated, terminated]) {
      expect(contract).not.toHaveProperty("value");
      expect(contract).toMatchObject({ accountId: account.id, currency: "USD" });
    }
    expect(JSON.stringify([activated, terminated])).not.toContain(String(VALUE));
    expect((await manager.sales.contracts.get(created.id)).value).toBe(VALUE);
  });

  it("expense verbs and totals leave out a hidden amount; the count of expenses stays", async () => {
    const { blind, approver, manager, alice } = await blindTenant();
    const { opportunity } = await aDeal(alice);
    const spending = { opportunityId: opportunity.id, category: "meals" as const, amount: SPENT, currency: "USD" };
    // Entering an amount one's roles hide is refused; the rep who spent it enters it.
    await expect(blind.sales.expenses.create({ ...spending, spentOn: "2026-03-02" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const created = await alice.sales.expenses.create({ ...spending, spentOn: "2026-03-02" });
    await alice.sales.expenses.submit(created.id);
    const approved = await approver.sales.expenses.approve(created.id);
    expect(approved).not.toHaveProperty("amount");
    const range = { from: "2026-03-01", to: "2026-03-31" };
    const totals = await blind.sales.expenses.totals(range);
    expect(totals.reps).toEqual([{ ownerId: "alice", expenses: 1 }]);
    expect(JSON.stringify([approved, totals])).not.toContain(String(SPENT));
    expect((await manager.sales.expenses.totals(range)).reps[0]).toMatchObject({ approved: SPENT });
  });
});
