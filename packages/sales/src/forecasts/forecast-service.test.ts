import { ForbiddenError, type InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { aTeam, aWonDeal, type SalesClientOf } from "../test-support/document-fixtures.js";
import { salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

const q1 = { type: "quarter", start: "2026-01-01" } as const;

describeEachAdapter("forecasts", (target) => {
  const t = useSalesCrm(target);

  async function openDeal(
    client: SalesClientOf,
    accountId: string,
    amount: number,
    currency: string,
    probability: number,
    closeDate: string,
    category?: "pipeline" | "best_case" | "commit" | "omitted",
  ) {
    const opportunity = await client.sales.opportunities.create({
      accountId,
      name: "Deal",
      amount,
      currency,
      probability,
      closeDate,
    });
    if (category) await client.sales.forecasts.setCategory(opportunity.id, category);
    return opportunity;
  }

  it("pipeline, weighted, commit, best case, won to date and quota gap for a user and a team, in SQL and the corporate currency", async () => {
    t.clock.set("2026-03-02T09:00:00.000Z");
    const { manager, alice, bob, system } = await salesTenant(t);
    await manager.sales.settings.update({ corporateCurrency: "USD" });
    await manager.sales.currencies.setRate({ from: "EUR", effectiveOn: "2026-01-01", rate: "1.10" });
    const account = await alice.accounts.create({ name: "Globex", type: "customer" });
    await openDeal(alice, account.id, 100_000, "USD", 50, "2026-02-20", "commit");
    await openDeal(alice, account.id, 33_333, "EUR", 35, "2026-03-15", "best_case"); // 36,666.3 → 36,666; × 35 % → 12,833
    await openDeal(alice, account.id, 10_001, "USD", 33, "2026-03-31"); // × 33 % = 3,300.33 → 3,300
    await openDeal(alice, account.id, 50_000, "USD", 90, "2026-03-31", "omitted");
    await openDeal(alice, account.id, 70_000, "USD", 90, "2026-04-02", "commit"); // next quarter
    await openDeal(bob, account.id, 40_000, "USD", 25, "2026-03-10", "commit");
    await aWonDeal(alice, account.id, 200_000, "USD", "2026-02-10");
    await aWonDeal(alice, account.id, 20_000, "EUR", "2026-03-01"); // 22,000
    await aWonDeal(alice, account.id, 1_000, "USD", "2026-03-20"); // closes after today
    await manager.sales.quotas.create({ userId: "alice", period: q1, measure: "revenue", target: 500_000 });

    const forecast = await alice.sales.forecasts.forecast({ period: q1, userId: "alice" });
    expect(forecast).toEqual({
      period: { type: "quarter", start: "2026-01-01", end: "2026-03-31" },
      userId: "alice",
      teamId: null,
      currency: "USD",
      pipeline: 100_000 + 36_666 + 10_001,
      weighted: 50_000 + 12_833 + 3_300,
      commit: 100_000,
      bestCase: 136_666,
      wonToDate: 222_000,
      openDeals: 3,
      unconverted: 0,
      quota: 500_000,
      quotaGap: 278_000,
    });

    const team = await aTeam(system, "East", ["alice", "bob"]);
    const teamForecast = await manager.sales.forecasts.forecast({ period: q1, teamId: team.id });
    expect(teamForecast).toMatchObject({
      teamId: team.id,
      pipeline: 146_667 + 40_000,
      weighted: 66_133 + 10_000,
      commit: 140_000,
      wonToDate: 222_000,
      openDeals: 4,
      quota: null,
      quotaGap: null,
    });
    await expect(bob.sales.forecasts.forecast({ period: q1, userId: "alice" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(alice.sales.forecasts.forecast({ period: q1, teamId: team.id })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it("the forecast category is set on open opportunities only; bad categories and periods are refused — writing nothing", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const account = await alice.accounts.create({ name: "Globex", type: "customer" });
    const deal = await alice.sales.opportunities.create({
      accountId: account.id,
      name: "Deal",
      amount: 5,
      currency: "USD",
    });
    expect(await alice.sales.forecasts.categoryOf(deal.id)).toEqual({ opportunityId: deal.id, category: "pipeline" });
    expect(await alice.sales.forecasts.setCategory(deal.id, "commit")).toEqual({
      opportunityId: deal.id,
      category: "commit",
    });
    expect((await alice.sales.opportunities.get(deal.id)).version).toBe(deal.version + 1);
    // The same category again is no change: no new version.
    await alice.sales.forecasts.setCategory(deal.id, "commit");
    expect((await alice.sales.opportunities.get(deal.id)).version).toBe(deal.version + 1);
    expect((await alice.sales.forecasts.setCategory(deal.id, null)).category).toBe("pipeline");
    const bad = await expectNothingWritten(t.adapter, tenantId, () =>
      alice.sales.forecasts.setCategory(deal.id, "maybe" as never),
    );
    expect(bad).toBeInstanceOf(ValidationError);
    await alice.sales.opportunities.win(deal.id);
    const closed = await expectNothingWritten(t.adapter, tenantId, () =>
      alice.sales.forecasts.setCategory(deal.id, "commit"),
    );
    expect((closed as InvalidTransitionError).details.reason).toBe("opportunity_closed");
    await manager.sales.settings.update({ corporateCurrency: "USD" });
    const misaligned = await manager.sales.forecasts
      .forecast({ period: { type: "year", start: "2026-02-01" }, userId: "alice" })
      .catch((e: unknown) => e);
    expect((misaligned as ValidationError).issues.map((i) => i.path.join("."))).toEqual(["period.start"]);
  });
});
