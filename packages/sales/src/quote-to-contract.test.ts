import { describeEachAdapter } from "@rapport/testkit";
import fc from "fast-check";
import { expect, it } from "vitest";
import { aCatalogue, aTeam } from "./test-support/document-fixtures.js";
import { salesTenant, useSalesCrm } from "./test-support/sales-fixtures.js";

/** `numerator / denominator` rounded half up, written independently of the module (quotient and remainder). */
function halfUp(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  return (numerator % denominator) * 2n >= denominator ? quotient + 1n : quotient;
}

/** A generated quote line in stored units: minor units, quantity × 10⁴, percentages × 10³. */
interface CaseLine {
  readonly unitPrice: number;
  readonly quantity: number;
  readonly discount: number;
  readonly taxRate: number;
}

/** The documented rule — half up, per line, then summed — computed here with BigInt. */
function expectedTotals(lines: readonly CaseLine[], header: number) {
  let subtotal = 0n;
  let net = 0n;
  let tax = 0n;
  const perLine = lines.map((line) => {
    const extended = BigInt(line.unitPrice) * BigInt(line.quantity);
    const gross = halfUp(extended, 10_000n);
    const lineNet = halfUp(
      extended * (100_000n - BigInt(line.discount)) * (100_000n - BigInt(header)),
      10_000n * 10n ** 10n,
    );
    const lineTax = halfUp(lineNet * BigInt(line.taxRate), 100_000n);
    subtotal += gross;
    net += lineNet;
    tax += lineTax;
    return [Number(gross), Number(lineNet), Number(lineTax)];
  });
  return {
    totals: {
      subtotal: Number(subtotal),
      discountTotal: Number(subtotal - net),
      netTotal: Number(net),
      taxTotal: Number(tax),
      grandTotal: Number(net + tax),
    },
    perLine,
  };
}

const caseLine = fc.record({
  unitPrice: fc.integer({ min: 0, max: 5_000_000 }),
  quantity: fc.integer({ min: 1, max: 100_000_000 }),
  discount: fc.integer({ min: 0, max: 100_000 }),
  taxRate: fc.integer({ min: 0, max: 30_000 }),
});
const quoteCase = fc.record({
  lines: fc.array(caseLine, { minLength: 1, maxLength: 5 }),
  header: fc.integer({ min: 0, max: 50_000 }),
});

describeEachAdapter("quote to contract", (target) => {
  const t = useSalesCrm(target);

  it("an opportunity becomes an exact quote (1,000 generated cases), an order and a contract that fires its renewal; quotas, partners, expenses and forecasts read back", async () => {
    t.clock.set("2026-03-02T09:00:00.000Z");
    const { tenantId, manager, alice, bob, system } = await salesTenant(t);
    const events: string[] = [];
    const off = t.crm.on("*", (event) => {
      if (event.tenantId === tenantId) events.push(event.type);
    });
    await manager.sales.settings.update({ corporateCurrency: "USD", renewalNoticeDays: 60 });
    await manager.sales.currencies.setRate({ from: "EUR", effectiveOn: "2026-01-01", rate: "1.0842" });
    const catalogue = await aCatalogue(manager);
    await manager.priceBooks.setEntry(catalogue.eur.id, { productId: catalogue.hours.id, listPrice: 14_000 });
    const partnerAccount = await manager.accounts.create({ name: "Acme Resellers", type: "partner" });
    const partner = await manager.sales.partners.create({
      accountId: partnerAccount.id,
      partnerType: "reseller",
      tier: "gold",
    });
    const team = await aTeam(system, "Enterprise", ["alice", "bob"]);

    // 1. The partner registers the deal; the manager approves it and it becomes Alice's opportunity.
    const customer = await manager.accounts.create({ name: "Globex GmbH", type: "customer" });
    const registration = await alice.sales.partners.register({
      partnerId: partner.id,
      accountId: customer.id,
      dealName: "Globex seats",
      currency: "EUR",
      amount: 1,
      closeDate: "2026-03-31",
    });
    const approved = await manager.sales.partners.approveRegistration(registration.id, { ownerId: "alice" });
    const opportunityId = approved.opportunityId as string;

    // 2. Line items from the EUR price book; the amount follows them.
    await alice.sales.lineItems.add(opportunityId, {
      productId: catalogue.seat.id,
      quantity: 40,
      priceBookId: catalogue.eur.id,
      discountPercent: 7.5,
    });
    await alice.sales.lineItems.add(opportunityId, {
      productId: catalogue.hours.id,
      quantity: 12.5,
      priceBookId: catalogue.eur.id,
    });
    await alice.sales.lineItems.followLines(opportunityId, true);
    // 40 × 110.00 × 0.925 = 4,070.00; 12.5 × 140.00 = 1,750.00.
    expect((await alice.sales.opportunities.get(opportunityId)).amount).toBe(407_000 + 175_000);
    await alice.sales.forecasts.setCategory(opportunityId, "commit");
    const march = { type: "month", start: "2026-03-01" } as const;
    const before = await alice.sales.forecasts.forecast({ period: march, userId: "alice" });
    // 5,820.00 EUR × 1.0842 = 6,310.044 USD → 6,310.04.
    expect(before).toMatchObject({ pipeline: 631_004, commit: 631_004, wonToDate: 0, openDeals: 1 });

    // 3. The quote copies the lines; its totals match the hand-computed values.
    const quote = await alice.sales.quotes.createFromOpportunity(opportunityId, {
      headerDiscountPercent: 2,
      taxRatePercent: 19,
    });
    // Seats: 4,400.00 gross; × 0.925 × 0.98 = 3,988.60; tax 757.834 → 757.83.
    // Hours: 1,750.00 gross; × 0.98 = 1,715.00; tax 325.85.
    expect(quote).toMatchObject({
      currency: "EUR",
      subtotal: 440_000 + 175_000,
      netTotal: 398_860 + 171_500,
      taxTotal: 75_783 + 32_585,
      grandTotal: 398_860 + 171_500 + 75_783 + 32_585,
      discountTotal: 615_000 - 570_360,
      requiresApproval: false,
    });

    // 4. Property: across 1,000 generated quotes on this opportunity, every total and line
    //    matches the rule computed independently with BigInt.
    await fc.assert(
      fc.asyncProperty(quoteCase, async ({ lines, header }) => {
        const generated = await alice.sales.quotes.create({
          accountId: customer.id,
          opportunityId,
          currency: "EUR",
          headerDiscountPercent: header / 1_000,
          lines: lines.map((line) => ({
            productId: catalogue.hours.id,
            quantity: line.quantity / 10_000,
            unitPrice: line.unitPrice,
            discountPercent: line.discount / 1_000,
            taxRatePercent: line.taxRate / 1_000,
          })),
        });
        const expected = expectedTotals(lines, header);
        expect(generated).toMatchObject(expected.totals);
        const stored = await alice.sales.quotes.lines(generated.id);
        expect(stored.map((l) => [l.grossAmount, l.netAmount, l.taxAmount])).toEqual(expected.perLine);
      }),
      { numRuns: 1_000, seed: 20_260_302 },
    );

    // 5. Sent, accepted (the opportunity is won), ordered with the partner's attribution, fulfilled.
    await alice.sales.quotes.send(quote.id);
    t.clock.set("2026-03-10T10:00:00.000Z");
    await alice.sales.quotes.accept(quote.id);
    const won = await alice.sales.opportunities.get(opportunityId);
    expect(won).toMatchObject({ status: "won", closeDate: "2026-03-10", amount: 582_000 });
    const order = await alice.sales.orders.createFromQuote(quote.id);
    expect(order).toMatchObject({
      channel: "partner",
      partnerId: partner.id,
      grandTotal: quote.grandTotal,
      orderDate: "2026-03-10",
    });
    await alice.sales.orders.confirm(order.id);
    expect((await manager.sales.orders.fulfil(order.id)).status).toBe("fulfilled");

    // 6. A one-year contract from the order; its renewal fires once, 60 days before the end.
    const contract = await alice.sales.contracts.createFromOrder(order.id, {
      startDate: "2026-04-01",
      billingFrequency: "quarterly",
    });
    expect(contract).toMatchObject({
      value: order.netTotal,
      currency: "EUR",
      startDate: "2026-04-01",
      endDate: "2027-03-31",
      renewalDueOn: "2027-01-30",
    });
    await alice.sales.contracts.activate(contract.id);
    t.clock.set("2027-01-29T12:00:00.000Z");
    await t.crm.jobs.runDue();
    expect(events).not.toContain("contract.renewal_due");
    t.clock.set("2027-01-30T00:30:00.000Z");
    await t.crm.jobs.runDue();
    await t.crm.jobs.runDue();
    expect(events.filter((e) => e === "contract.renewal_due")).toHaveLength(1);
    const next = await alice.sales.contracts.renew(contract.id, { createOpportunity: true });
    expect(next).toMatchObject({
      startDate: "2027-04-01",
      endDate: "2028-03-31",
      value: order.netTotal,
      status: "draft",
    });
    const renewal = await alice.sales.opportunities.get(
      (await alice.sales.contracts.get(contract.id)).renewalOpportunityId as string,
    );
    expect(renewal).toMatchObject({
      accountId: customer.id,
      amount: order.netTotal,
      currency: "EUR",
      closeDate: "2027-03-31",
    });

    // 7. Quotas: Alice's and her team's March revenue, the EUR deal converted at its close date.
    await aWon(bob, customer.id);
    const aliceQuota = await manager.sales.quotas.create({
      userId: "alice",
      period: march,
      measure: "revenue",
      target: 1_000_000,
    });
    const teamQuota = await manager.sales.quotas.create({
      teamId: team.id,
      period: march,
      measure: "revenue",
      target: 2_000_000,
    });
    expect(await manager.sales.quotas.attainment(aliceQuota.id)).toMatchObject({
      achieved: 631_004,
      remaining: 368_996,
      attainmentPercent: 63.1,
    });
    expect(await manager.sales.quotas.attainment(teamQuota.id)).toMatchObject({
      achieved: 631_004 + 250_000,
      members: [
        { userId: "alice", achieved: 631_004, target: 1_000_000 },
        { userId: "bob", achieved: 250_000, target: null },
      ],
    });

    // 8. Partner performance: the registration, the won deal and the order, in USD.
    const [acme] = await manager.sales.partners.performance({ from: "2026-03-01", to: "2026-03-31" });
    // The order's net total 5,703.60 EUR × 1.0842 = 6,183.84312 → 6,183.84.
    expect(acme).toMatchObject({
      partnerId: partner.id,
      registered: 1,
      approved: 1,
      wonDeals: 1,
      wonRevenue: 631_004,
      orders: 1,
      orderRevenue: 618_384,
    });

    // 9. Expenses on the deal: approved, totalled per rep in USD.
    const dinner = await alice.sales.expenses.create({
      opportunityId,
      category: "meals",
      amount: 12_345,
      currency: "EUR",
      spentOn: "2026-03-05",
      receiptRef: "receipts/2026/0305-dinner.pdf",
    });
    await alice.sales.expenses.submit(dinner.id);
    await manager.sales.expenses.approve(dinner.id);
    // 123.45 EUR × 1.0842 = 133.84449 USD → 133.84.
    expect((await manager.sales.expenses.totals({ from: "2026-03-01", to: "2026-03-31" })).reps).toEqual([
      { ownerId: "alice", expenses: 1, approved: 13_384, pending: 0, rejected: 0 },
    ]);

    // 10. The forecast after the win: won to date and the gap to quota.
    const after = await manager.sales.forecasts.forecast({ period: march, userId: "alice" });
    expect(after).toMatchObject({ pipeline: 0, commit: 0, wonToDate: 631_004, quota: 1_000_000, quotaGap: 368_996 });
    off();
    for (const type of ["quote.accepted", "opportunity.won", "order.created", "order.fulfilled", "contract.renewed"]) {
      expect(events).toContain(type);
    }
  }, 600_000);
});

/** Bob wins a 2,500.00 USD deal in March. */
async function aWon(bob: Awaited<ReturnType<typeof salesTenant>>["bob"], accountId: string) {
  const deal = await bob.sales.opportunities.create({
    accountId,
    name: "Bob's deal",
    amount: 250_000,
    currency: "USD",
  });
  await bob.sales.opportunities.win(deal.id, { closeDate: "2026-03-20" });
}
