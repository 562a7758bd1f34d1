import { ForbiddenError } from "@rapport/core";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { anAccount, salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("sales reports under field security and deal teams", (target) => {
  const t = useSalesCrm(target);

  it("a hidden opportunity.amount leaves the sums out of pipelineByStage and winRates, keeps counts, and refuses accountPareto", async () => {
    const { tenantId, system, manager, alice } = await salesTenant(t);
    await system.roles.define({
      name: "amountless",
      grants: { "opportunity:read": "all", "pipeline:read": "all" },
      hiddenFields: { opportunity: ["amount"] },
    });
    const account = await anAccount(alice);
    t.clock.set("2026-05-01T00:00:00.000Z");
    const open = await alice.sales.opportunities.create({
      accountId: account.id,
      name: "Open",
      amount: 424_242,
      currency: "EUR",
      stageKey: "interest",
    });
    const won = await alice.sales.opportunities.create({
      accountId: account.id,
      name: "Won",
      amount: 737_373,
      currency: "EUR",
    });
    t.clock.set("2026-05-11T00:00:00.000Z");
    await manager.sales.opportunities.win(won.id);
    const viewer = t.as(tenantId, "vic", ["amountless"]);
    await expect(viewer.sales.opportunities.get(open.id)).resolves.not.toHaveProperty("amount");

    const stages = await viewer.sales.reports.pipelineByStage({ currency: "EUR" });
    expect(stages.find((r) => r.stageKey === "interest")).toEqual({
      stageKey: "interest",
      stageName: expect.any(String),
      position: expect.any(Number),
      count: 1,
    });
    expect(stages.every((r) => !("amount" in r) && !("weightedAmount" in r))).toBe(true);
    const period = { currency: "EUR", from: "2026-05-01T00:00:00Z", to: "2026-06-01T00:00:00Z" };
    const rates = await viewer.sales.reports.winRates(period);
    expect(rates).toEqual([
      {
        ownerId: "alice",
        won: 1,
        lost: 0,
        winRate: 1,
        averageCycleDays: 10,
        medianCycleDays: 10,
        averageLostCycleDays: null,
        medianLostCycleDays: null,
      },
    ]);
    expect(stages.every((r) => !("unconverted" in r)) && rates.every((r) => !("unconverted" in r))).toBe(true);
    const refused = await viewer.sales.reports.accountPareto({ currency: "EUR" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as ForbiddenError).details).toMatchObject({ field: "amount", entityType: "opportunity" });
    for (const report of [stages, rates]) {
      for (const secret of ["424242", "737373", "Amount"]) expect(JSON.stringify(report)).not.toContain(secret);
    }
    // The same reports still carry the sums for a role that sees amounts.
    expect((await manager.sales.reports.winRates(period))[0]?.wonAmount).toBe(737_373);
  });

  it("reports count the deals shared with a rep through the deal team, as list does", async () => {
    const { tenantId, alice } = await salesTenant(t);
    const account = await anAccount(alice);
    const deal = await alice.sales.opportunities.create({
      accountId: account.id,
      name: "Shared",
      amount: 5_000,
      currency: "EUR",
      stageKey: "interest",
    });
    await alice.sales.opportunities.create({
      accountId: account.id,
      name: "Not shared",
      amount: 7_000,
      currency: "EUR",
    });
    await alice.sales.opportunities.addTeamMember(deal.id, { userId: "sam", role: "support" });
    const sam = t.as(tenantId, "sam", ["sales_rep"]);
    expect((await sam.sales.opportunities.list()).items.map((o) => o.id)).toEqual([deal.id]);
    const stages = await sam.sales.reports.pipelineByStage({ currency: "EUR" });
    expect(stages.filter((r) => r.count > 0)).toEqual([
      expect.objectContaining({ stageKey: "interest", count: 1, amount: 5_000 }),
    ]);
  });
});
