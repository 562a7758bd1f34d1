import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

/** A won amount no reader whose roles hide `opportunity.amount` may learn, in any form. */
const WON = 424_242;

describeEachAdapter("partner performance and quota attainment under field-level security", (target) => {
  const t = useSalesCrm(target);

  /** A tenant in USD where Alice won one partner deal of {@link WON} in April, with a revenue and a count quota. */
  async function wonTenant() {
    t.clock.set("2026-04-20T09:00:00.000Z");
    const tenant = await salesTenant(t);
    const { system, manager, alice } = tenant;
    await manager.sales.settings.update({ corporateCurrency: "USD" });
    const partnerAccount = await manager.accounts.create({ name: "Acme Resellers", type: "partner" });
    const partner = await manager.sales.partners.create({ accountId: partnerAccount.id, partnerType: "reseller" });
    const customer = await manager.accounts.create({ name: "Globex", type: "customer" });
    const registration = await alice.sales.partners.register({
      partnerId: partner.id,
      accountId: customer.id,
      dealName: "Globex seats",
      amount: WON,
      currency: "USD",
    });
    const approved = await manager.sales.partners.approveRegistration(registration.id, { ownerId: "alice" });
    await alice.sales.opportunities.win(approved.opportunityId as string, { closeDate: "2026-04-10" });
    const q2 = { type: "quarter", start: "2026-04-01" } as const;
    const revenue = await manager.sales.quotas.create({
      userId: "alice",
      period: q2,
      measure: "revenue",
      target: 1_000_000,
    });
    const count = await manager.sales.quotas.create({ userId: "alice", period: q2, measure: "count", target: 4 });
    await system.roles.define({
      name: "amountless_manager",
      grants: { "*:*": "all" },
      hiddenFields: { opportunity: ["amount"] },
    });
    await system.roles.define({
      name: "targetless_manager",
      grants: { "*:*": "all" },
      hiddenFields: { quota: ["target"], partner: ["tier"] },
    });
    return {
      ...tenant,
      partner,
      revenue,
      count,
      amountless: t.as(tenant.tenantId, "ana", ["amountless_manager"]),
      targetless: t.as(tenant.tenantId, "tara", ["targetless_manager"]),
    };
  }

  it("partner performance leaves out revenue made of a hidden amount and hidden partner fields, counts stay", async () => {
    const { manager, amountless, targetless, partner } = await wonTenant();
    const range = { from: "2026-04-01", to: "2026-04-30" };
    expect((await manager.sales.partners.performance(range))[0]).toMatchObject({ wonDeals: 1, wonRevenue: WON });
    const rows = await amountless.sales.partners.performance(range);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ partnerId: partner.id, registered: 1, approved: 1, wonDeals: 1, orderRevenue: 0 });
    expect(rows[0]).not.toHaveProperty("wonRevenue");
    expect(JSON.stringify(rows)).not.toContain(String(WON));
    const tierless = await targetless.sales.partners.performance(range);
    expect(tierless[0]).not.toHaveProperty("tier");
    expect(tierless[0]).toMatchObject({ wonRevenue: WON, partnerType: "reseller" });
  });

  it("quota attainment leaves out what is made of a hidden amount or target, and a count quota keeps its figures", async () => {
    const { manager, amountless, targetless, revenue, count } = await wonTenant();
    expect(await manager.sales.quotas.attainment(revenue.id)).toMatchObject({
      achieved: WON,
      remaining: 1_000_000 - WON,
    });
    const blind = await amountless.sales.quotas.attainment(revenue.id);
    expect(blind).toMatchObject({ quotaId: revenue.id, target: 1_000_000, measure: "revenue", unconverted: 0 });
    for (const key of ["achieved", "remaining", "attainmentPercent"]) expect(blind).not.toHaveProperty(key);
    expect(JSON.stringify(blind)).not.toContain(String(1_000_000 - WON));
    // Deals won are a count: a hidden amount does not hide them.
    expect(await amountless.sales.quotas.attainment(count.id)).toMatchObject({ achieved: 1, remaining: 3, target: 4 });
    const targetlessView = await targetless.sales.quotas.attainment(count.id);
    expect(targetlessView).toMatchObject({ achieved: 1, measure: "count" });
    for (const key of ["target", "remaining", "attainmentPercent"]) expect(targetlessView).not.toHaveProperty(key);
    expect(await targetless.sales.quotas.get(count.id)).not.toHaveProperty("target");
  });

  it("the forecast leaves out sums of a hidden amount and a hidden quota target, and keeps the deal counts", async () => {
    const { manager, amountless, targetless } = await wonTenant();
    const query = { period: { type: "quarter", start: "2026-04-01" }, userId: "alice" } as const;
    expect(await manager.sales.forecasts.forecast(query)).toMatchObject({ wonToDate: WON, quota: 1_000_000 });
    const blind = await amountless.sales.forecasts.forecast(query);
    expect(blind).toMatchObject({ openDeals: 0, unconverted: 0, quota: 1_000_000, currency: "USD" });
    for (const key of ["pipeline", "weighted", "commit", "bestCase", "wonToDate", "quotaGap"]) {
      expect(blind).not.toHaveProperty(key);
    }
    expect(JSON.stringify(blind)).not.toContain(String(WON));
    const noTarget = await targetless.sales.forecasts.forecast(query);
    expect(noTarget).toMatchObject({ wonToDate: WON });
    expect(noTarget).not.toHaveProperty("quota");
    expect(noTarget).not.toHaveProperty("quotaGap");
  });
});
