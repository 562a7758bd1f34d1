import { ValidationError } from "@rapport/core";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { anAccount, salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("sales reports", (target) => {
  const t = useSalesCrm(target);

  it("pipelineByStage counts, sums and weights open deals per stage, in stage order, in one currency", async () => {
    const { alice, bob, manager } = await salesTenant(t);
    const account = await anAccount(alice);
    const deal = (client: typeof alice, amount: number, stageKey: string, currency = "EUR") =>
      client.sales.opportunities.create({
        accountId: account.id,
        name: `${stageKey} ${amount}`,
        amount,
        currency,
        stageKey,
      });
    await deal(alice, 10_001, "awareness"); // probability 5
    await deal(alice, 20_000, "interest");
    await deal(bob, 30_003, "interest");
    await deal(bob, 99_999, "interest", "JPY"); // no JPY → EUR rate: counted, not summed
    const probabilities = Object.fromEntries(
      (await alice.sales.pipelines.getDefault()).stages.map((s) => [s.key, s.probability]),
    );
    const rows = await manager.sales.reports.pipelineByStage({ currency: "EUR" });
    expect(rows.map((r) => r.stageKey)).toEqual(["awareness", "interest", "evaluation", "trial", "adoption"]);
    const interest = rows.find((r) => r.stageKey === "interest");
    expect(interest).toMatchObject({ count: 3, amount: 50_003, unconverted: 1 });
    // Σ amount × probability / 100, rounded half up once per stage.
    expect(interest?.weightedAmount).toBe(Math.floor((50_003 * (probabilities.interest ?? 0) + 50) / 100));
    expect(rows.find((r) => r.stageKey === "awareness")).toMatchObject({
      count: 1,
      amount: 10_001,
      weightedAmount: Math.floor((10_001 * (probabilities.awareness ?? 0) + 50) / 100),
    });
    expect(rows.find((r) => r.stageKey === "trial")).toMatchObject({
      count: 0,
      amount: 0,
      weightedAmount: 0,
      unconverted: 0,
    });
    // A rep's report covers only what the rep may read.
    const alices = await alice.sales.reports.pipelineByStage({ currency: "EUR" });
    expect(alices.find((r) => r.stageKey === "interest")).toMatchObject({ count: 1, amount: 20_000 });
  });

  it("winRates gives win rate, won revenue and the average sales cycle per owner for the period", async () => {
    const { alice, bob, manager } = await salesTenant(t);
    const account = await anAccount(alice);
    const reason = (await manager.sales.lostReasons.list()).items[0];
    t.clock.set("2026-05-01T00:00:00.000Z");
    const a1 = await alice.sales.opportunities.create({
      accountId: account.id,
      name: "a1",
      amount: 1_000,
      currency: "EUR",
    });
    const a2 = await alice.sales.opportunities.create({
      accountId: account.id,
      name: "a2",
      amount: 3_000,
      currency: "EUR",
    });
    const a3 = await alice.sales.opportunities.create({
      accountId: account.id,
      name: "a3",
      amount: 5_000,
      currency: "EUR",
    });
    const b1 = await bob.sales.opportunities.create({
      accountId: account.id,
      name: "b1",
      amount: 7_000,
      currency: "EUR",
    });
    t.clock.set("2026-05-11T00:00:00.000Z"); // 10 days later
    await alice.sales.opportunities.win(a1.id);
    t.clock.set("2026-05-21T12:00:00.000Z"); // 20 days after the day of creation
    await alice.sales.opportunities.win(a2.id);
    await alice.sales.opportunities.lose(a3.id, { reasonId: reason?.id ?? "" });
    await bob.sales.opportunities.lose(b1.id, { reasonId: reason?.id ?? "" });
    const rows = await manager.sales.reports.winRates({
      currency: "EUR",
      from: "2026-05-01T00:00:00Z",
      to: "2026-06-01T00:00:00Z",
    });
    expect(rows).toHaveLength(2);
    const alices = rows.find((r) => r.ownerId === "alice");
    expect(alices).toMatchObject({ won: 2, lost: 1, wonAmount: 4_000, unconverted: 0 });
    expect(alices?.winRate).toBeCloseTo(2 / 3, 10);
    // Whole days from the day of creation to the close date: the same figure on every adapter.
    expect(alices).toMatchObject({
      averageCycleDays: 15,
      medianCycleDays: 15,
      averageLostCycleDays: 20,
      medianLostCycleDays: 20,
    });
    expect(rows.find((r) => r.ownerId === "bob")).toMatchObject({
      won: 0,
      lost: 1,
      winRate: 0,
      wonAmount: 0,
      averageCycleDays: null,
      medianCycleDays: null,
      averageLostCycleDays: 20,
    });
    // Plain dates bound the period as well as instants do.
    expect(await manager.sales.reports.winRates({ currency: "EUR", from: "2026-05-01", to: "2026-06-01" })).toEqual(
      rows,
    );
    expect(
      await manager.sales.reports.winRates({
        currency: "EUR",
        from: "2026-06-01T00:00:00Z",
        to: "2026-07-01T00:00:00Z",
      }),
    ).toEqual([]);
    await expect(
      manager.sales.reports.winRates({ currency: "EUR", from: "2026-06-01T00:00:00Z", to: "2026-05-01T00:00:00Z" }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("accountPareto ranks accounts by won revenue with the cumulative share and ABC class", async () => {
    const { manager } = await salesTenant(t);
    const revenues = [50_000, 30_000, 10_000, 6_000, 3_000, 1_000]; // total 100,000
    const ids: string[] = [];
    for (const [i, revenue] of revenues.entries()) {
      const account = await manager.accounts.create({ name: `Customer ${i}`, type: "customer" });
      ids.push(account.id);
      // Split each account's revenue over two won deals, so the per-account sum is exercised.
      for (const part of [revenue / 2, revenue / 2]) {
        const opp = await manager.sales.opportunities.create({
          accountId: account.id,
          name: `Deal ${i}`,
          amount: part,
          currency: "USD",
        });
        await manager.sales.opportunities.win(opp.id);
      }
    }
    const report = await manager.sales.reports.accountPareto({ currency: "USD" });
    expect(report.total).toBe(100_000);
    expect(report.accounts.map((a) => [a.accountId, a.revenue, a.cumulativeShare, a.abcClass])).toEqual([
      [ids[0], 50_000, 0.5, "A"],
      [ids[1], 30_000, 0.8, "A"],
      [ids[2], 10_000, 0.9, "B"],
      [ids[3], 6_000, 0.96, "B"],
      [ids[4], 3_000, 0.99, "C"],
      [ids[5], 1_000, 1, "C"],
    ]);
    expect((await manager.sales.reports.accountPareto({ currency: "USD", limit: 2 })).accounts).toHaveLength(2);
    expect(await manager.sales.reports.accountPareto({ currency: "JPY" })).toEqual({
      total: 0,
      accounts: [],
      unconverted: 12,
    });
  });

  it("win and lose set the close date to the day they happen, and reports count deals by it, converted at its rate", async () => {
    const { manager } = await salesTenant(t);
    await manager.sales.settings.update({ corporateCurrency: "EUR" });
    await manager.sales.currencies.setRate({ from: "USD", effectiveOn: "2026-01-01", rate: "0.5" });
    await manager.sales.currencies.setRate({ from: "USD", effectiveOn: "2026-03-15", rate: "0.8" });
    const account = await manager.accounts.create({ name: "Globex", type: "customer" });
    const reason = (await manager.sales.lostReasons.list()).items[0]?.id ?? "";
    t.clock.set("2026-03-01T09:00:00.000Z");
    const deal = (name: string, amount: number, currency: string) =>
      manager.sales.opportunities.create({ accountId: account.id, name, amount, currency, closeDate: "2026-06-30" });
    const early = await deal("early", 1_001, "USD"); // won in March although expected in June
    const late = await deal("late", 2_000, "USD");
    const euro = await deal("euro", 3_000, "EUR");
    const yen = await deal("yen", 5_000, "JPY"); // no JPY rate
    t.clock.set("2026-03-10T12:00:00.000Z");
    expect((await manager.sales.opportunities.win(early.id)).closeDate).toBe("2026-03-10");
    await manager.sales.opportunities.win(yen.id);
    t.clock.set("2026-04-02T08:00:00.000Z");
    await manager.sales.opportunities.win(late.id);
    const lost = await manager.sales.opportunities.lose(euro.id, { reasonId: reason, closeDate: "2026-04-01" });
    expect(lost.closeDate).toBe("2026-04-01");

    const march = await manager.sales.reports.winRates({ currency: "EUR", from: "2026-03-01", to: "2026-04-01" });
    // 1,001 USD at 0.5 on 10 March = 500.5 → 501 (half up); the yen deal is counted, not summed.
    expect(march).toEqual([
      {
        ownerId: "maria",
        won: 2,
        lost: 0,
        winRate: 1,
        wonAmount: 501,
        unconverted: 1,
        averageCycleDays: 9,
        medianCycleDays: 9,
        averageLostCycleDays: null,
        medianLostCycleDays: null,
      },
    ]);
    const april = await manager.sales.reports.winRates({ currency: "EUR", from: "2026-04-01", to: "2026-05-01" });
    // 2,000 USD at 0.8 (the rate from 15 March) = 1,600.
    expect(april).toMatchObject([{ won: 1, lost: 1, wonAmount: 1_600, unconverted: 0, averageLostCycleDays: 31 }]);
    // The same rule in the quota and forecast: the March win counts in March, at March's rate.
    const pareto = await manager.sales.reports.accountPareto({ currency: "EUR", from: "2026-03-01", to: "2026-05-01" });
    expect(pareto).toEqual({
      total: 2_101,
      accounts: [{ accountId: account.id, revenue: 2_101, cumulativeShare: 1, abcClass: "A" }],
      unconverted: 1,
    });
  });
});
