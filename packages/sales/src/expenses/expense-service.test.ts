import { ForbiddenError, InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { aDeal } from "../test-support/document-fixtures.js";
import { salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

function issuePaths(error: unknown): string[] {
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((issue) => issue.path.join("."));
}

describeEachAdapter("sales expenses", (target) => {
  const t = useSalesCrm(target);

  it("a rep records expenses on a deal or an account; a currency without a rate on that day is refused — writing nothing", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const { account, opportunity } = await aDeal(alice);
    const input = {
      opportunityId: opportunity.id,
      category: "travel" as const,
      amount: 42_000,
      currency: "EUR",
      spentOn: "2026-03-04",
    };
    const noCorporate = await expectNothingWritten(t.adapter, tenantId, () => alice.sales.expenses.create(input));
    expect(noCorporate).toBeInstanceOf(InvalidTransitionError);
    await manager.sales.settings.update({ corporateCurrency: "USD" });
    const noRate = await expectNothingWritten(t.adapter, tenantId, () => alice.sales.expenses.create(input));
    expect(issuePaths(noRate)).toEqual(["currency"]);
    expect((noRate as ValidationError).details).toMatchObject({ reason: "no_exchange_rate", from: "EUR", to: "USD" });
    await manager.sales.currencies.setRate({ from: "EUR", effectiveOn: "2026-03-05", rate: "1.08" });
    // The rate starts the day after: still none on the 4th.
    expect(
      issuePaths(await expectNothingWritten(t.adapter, tenantId, () => alice.sales.expenses.create(input))),
    ).toEqual(["currency"]);
    const expense = await alice.sales.expenses.create({ ...input, spentOn: "2026-03-05", receiptRef: "dms://r/991" });
    expect(expense).toMatchObject({
      ownerId: "alice",
      accountId: account.id,
      opportunityId: opportunity.id,
      status: "draft",
      receiptRef: "dms://r/991",
    });
    const usd = await alice.sales.expenses.create({
      accountId: account.id,
      category: "meals",
      amount: 6_050,
      currency: "USD",
      spentOn: "2026-03-04",
    });
    expect(usd.opportunityId).toBeNull();
    const cases: [Record<string, unknown>, string][] = [
      [{ amount: 0 }, "amount"],
      [{ amount: 10.5 }, "amount"],
      [{ category: "yacht" }, "category"],
      [{ opportunityId: undefined }, "opportunityId"],
      [{ currency: "JPY" }, "currency"],
      [{ spentOn: "yesterday" }, "spentOn"],
    ];
    for (const [patch, path] of cases) {
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        alice.sales.expenses.create({ ...input, ...patch } as never),
      );
      expect(issuePaths(error)).toEqual([path]);
    }
    expect(
      issuePaths(
        await expectNothingWritten(t.adapter, tenantId, () => alice.sales.expenses.update(usd.id, { currency: "GBP" })),
      ),
    ).toEqual(["currency"]);
  });

  it("submit, then a manager approves or rejects — never their own; only drafts change", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    await manager.sales.settings.update({ corporateCurrency: "USD" });
    const { account } = await aDeal(alice);
    const base = { accountId: account.id, category: "lodging" as const, currency: "USD", spentOn: "2026-03-02" };
    const hotel = await alice.sales.expenses.create({ ...base, amount: 18_900 });
    const submitted = await alice.sales.expenses.submit(hotel.id);
    expect(submitted).toMatchObject({ status: "submitted", submittedAt: t.clock.now().toISOString() });
    expect(
      await expectNothingWritten(t.adapter, tenantId, () => alice.sales.expenses.approve(hotel.id)),
    ).toBeInstanceOf(ForbiddenError);
    const edit = await expectNothingWritten(t.adapter, tenantId, () =>
      alice.sales.expenses.update(hotel.id, { amount: 1 }),
    );
    expect((edit as InvalidTransitionError).details.reason).toBe("document_status");
    const approved = await manager.sales.expenses.approve(hotel.id, { note: "ok" });
    expect(approved).toMatchObject({ status: "approved", decidedBy: "maria", decisionNote: "ok" });

    const own = await manager.sales.expenses.create({ ...base, amount: 5_000 });
    await manager.sales.expenses.submit(own.id);
    const self = await expectNothingWritten(t.adapter, tenantId, () => manager.sales.expenses.approve(own.id));
    expect((self as InvalidTransitionError).details.reason).toBe("self_approval");
    const second = await alice.sales.expenses.create({ ...base, amount: 700 });
    await alice.sales.expenses.submit(second.id);
    expect((await manager.sales.expenses.reject(second.id, { note: "No receipt" })).status).toBe("rejected");
  });

  it("totals per rep and period are converted at each day's rate and summed in SQL; a rep sees only their own", async () => {
    const { manager, alice, bob } = await salesTenant(t);
    await manager.sales.settings.update({ corporateCurrency: "USD" });
    await manager.sales.currencies.setRate({ from: "EUR", effectiveOn: "2026-03-01", rate: "1.10" });
    await manager.sales.currencies.setRate({ from: "EUR", effectiveOn: "2026-03-15", rate: "1.20" });
    const { account } = await aDeal(alice);
    const spend = async (
      client: typeof alice,
      amount: number,
      currency: string,
      spentOn: string,
      outcome: "approve" | "reject" | "submit" | "draft",
    ) => {
      const expense = await client.sales.expenses.create({
        accountId: account.id,
        category: "travel",
        amount,
        currency,
        spentOn,
      });
      if (outcome === "draft") return;
      await client.sales.expenses.submit(expense.id);
      if (outcome === "approve") await manager.sales.expenses.approve(expense.id);
      if (outcome === "reject") await manager.sales.expenses.reject(expense.id);
    };
    await spend(alice, 10_005, "EUR", "2026-03-10", "approve"); // × 1.10 = 11,005.5 → 11,006
    await spend(alice, 10_005, "EUR", "2026-03-20", "approve"); // × 1.20 = 12,006
    await spend(alice, 2_500, "USD", "2026-03-21", "submit");
    await spend(alice, 999, "USD", "2026-03-22", "reject");
    await spend(alice, 123, "USD", "2026-03-23", "draft");
    await spend(alice, 4_000, "USD", "2026-04-01", "approve"); // next month
    await spend(bob, 3_333, "EUR", "2026-03-31", "approve"); // × 1.20 = 3,999.6 → 4,000
    const march = { from: "2026-03-01", to: "2026-03-31" };
    expect(await manager.sales.expenses.totals(march)).toEqual({
      currency: "USD",
      ...march,
      reps: [
        { ownerId: "alice", expenses: 4, approved: 23_012, pending: 2_500, rejected: 999 },
        { ownerId: "bob", expenses: 1, approved: 4_000, pending: 0, rejected: 0 },
      ],
    });
    expect((await bob.sales.expenses.totals(march)).reps.map((r) => r.ownerId)).toEqual(["bob"]);
    expect((await manager.sales.expenses.totals({ ...march, ownerId: "bob" })).reps).toHaveLength(1);
  });

  it("a rep reads, lists, changes and archives their own drafts only", async () => {
    const { tenantId, manager, alice, bob } = await salesTenant(t);
    await manager.sales.settings.update({ corporateCurrency: "USD" });
    const { account } = await aDeal(alice);
    const taxi = await alice.sales.expenses.create({
      accountId: account.id,
      category: "travel",
      amount: 3_500,
      currency: "USD",
      spentOn: "2026-03-03",
    });
    const changed = await alice.sales.expenses.update(taxi.id, { amount: 3_750, receiptRef: "r-17" });
    expect(changed).toMatchObject({ amount: 3_750, receiptRef: "r-17", version: taxi.version + 1 });
    expect(await alice.sales.expenses.get(taxi.id)).toEqual(changed);
    await expect(bob.sales.expenses.get(taxi.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(
      await expectNothingWritten(t.adapter, tenantId, () => bob.sales.expenses.update(taxi.id, { amount: 1 })),
    ).toBeInstanceOf(ForbiddenError);
    expect((await bob.sales.expenses.list()).items).toEqual([]);
    expect((await alice.sales.expenses.list()).items.map((e) => e.id)).toEqual([taxi.id]);
    await alice.sales.expenses.archive(taxi.id);
    expect((await alice.sales.expenses.list()).items).toEqual([]);
  });
});
