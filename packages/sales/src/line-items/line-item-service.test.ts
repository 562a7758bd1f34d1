import { InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectNothingWritten, tenantSnapshot } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { aCatalogue, aDeal } from "../test-support/document-fixtures.js";
import { salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

function issuePaths(error: unknown): string[] {
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((issue) => issue.path.join("."));
}

describeEachAdapter("opportunity line items", (target) => {
  const t = useSalesCrm(target);

  it("add prices lines from the book (volume tiers), takes a typed-in price and discounts, and lists them in order", async () => {
    const { manager, alice } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { opportunity } = await aDeal(alice);
    const seats = await alice.sales.lineItems.add(opportunity.id, {
      productId: catalogue.seat.id,
      quantity: 60,
      priceBookId: catalogue.usd.id,
      discountPercent: 12.5,
    });
    // 60 × 100.00 (the 50+ tier) = 6,000.00; 12.5 % off = 5,250.00.
    expect(seats).toMatchObject({
      position: 1,
      sku: "SEAT",
      productName: "CRM seat",
      priceSource: "price_book",
      listPrice: 12_000,
      unitPrice: 10_000,
      quantity: 60,
      discountPercent: 12.5,
      grossAmount: 600_000,
      discountAmount: 75_000,
      netAmount: 525_000,
    });
    const hours = await alice.sales.lineItems.add(opportunity.id, {
      productId: catalogue.hours.id,
      quantity: 2.5,
      unitPrice: 13_333,
      description: "Kick-off workshop",
    });
    // 2.5 × 133.33 = 333.325 → 333.33 (half up).
    expect(hours).toMatchObject({ position: 2, priceSource: "manual", listPrice: null, netAmount: 33_333 });
    expect((await alice.sales.lineItems.list(opportunity.id)).map((l) => l.id)).toEqual([seats.id, hours.id]);
    expect(await alice.sales.lineItems.summary(opportunity.id)).toMatchObject({
      lineCount: 2,
      lineTotal: 558_333,
      amountFromLines: false,
      amount: null,
    });
  });

  it("an opportunity that follows its lines keeps its amount equal to their total on every change, in the same transaction", async () => {
    const { manager, alice } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { opportunity } = await aDeal(alice, { amount: 1 });
    const line = await alice.sales.lineItems.add(opportunity.id, {
      productId: catalogue.seat.id,
      quantity: 10,
      priceBookId: catalogue.usd.id,
    });
    const followed = await alice.sales.lineItems.followLines(opportunity.id, true);
    expect(followed).toMatchObject({ amountFromLines: true, amount: 120_000, lineTotal: 120_000 });
    const before = await alice.sales.opportunities.get(opportunity.id);
    expect(before.amount).toBe(120_000);

    // More seats reach the tier: the book price follows the quantity.
    const more = await alice.sales.lineItems.update(line.id, { quantity: 50 });
    expect(more).toMatchObject({ unitPrice: 10_000, netAmount: 500_000 });
    const after = await alice.sales.opportunities.get(opportunity.id);
    expect(after).toMatchObject({ amount: 500_000, version: before.version + 1 });

    const manual = await alice.sales.lineItems.update(line.id, { unitPrice: 9_000, discountPercent: 10 });
    expect(manual).toMatchObject({ priceSource: "manual", netAmount: 405_000 });
    // The typed-in price stays when the quantity changes; null returns to the book.
    expect(await alice.sales.lineItems.update(line.id, { quantity: 40 })).toMatchObject({ unitPrice: 9_000 });
    expect(await alice.sales.lineItems.update(line.id, { unitPrice: null })).toMatchObject({
      priceSource: "price_book",
      unitPrice: 12_000,
      netAmount: 432_000,
    });
    await alice.sales.lineItems.remove(line.id);
    expect((await alice.sales.opportunities.get(opportunity.id)).amount).toBe(0);

    // Stop following: the amount is the rep's again.
    await alice.sales.lineItems.followLines(opportunity.id, false);
    expect((await alice.sales.opportunities.update(opportunity.id, { amount: 7_000 })).amount).toBe(7_000);
  });

  it("a line change is one change of its opportunity: versioned, audited under line.<id> with the followed amount, announced with the line event; a re-pricing that changes nothing writes nothing", async () => {
    const { tenantId, manager, alice, system } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { opportunity } = await aDeal(alice);
    await alice.sales.lineItems.followLines(opportunity.id, true);
    const seen: { type: string; version?: unknown }[] = [];
    const offs = (["opportunity.updated", "opportunity_line.created", "opportunity_line.updated"] as const).map(
      (type) =>
        t.crm.on(type, (e) => {
          if (e.tenantId === tenantId) seen.push({ type, version: (e.data as { version?: unknown }).version });
        }),
    );
    const line = await alice.sales.lineItems.add(opportunity.id, {
      productId: catalogue.seat.id,
      quantity: 10,
      priceBookId: catalogue.usd.id,
    });
    const rows = await tenantSnapshot(t.adapter, tenantId);
    const same = await alice.sales.lineItems.update(line.id, { quantity: 10 });
    expect(await tenantSnapshot(t.adapter, tenantId)).toEqual(rows);
    expect(same).toEqual(line);
    for (const off of offs) off();
    const after = await alice.sales.opportunities.get(opportunity.id);
    expect(after).toMatchObject({ amount: 120_000, version: 3 });
    expect(seen).toEqual([
      { type: "opportunity.updated", version: 3 },
      { type: "opportunity_line.created", version: undefined },
    ]);
    const audit = (await system.audit.history("opportunity", opportunity.id)).items;
    expect(audit.map((a) => a.action)).toEqual(["create", "follow_lines", "add_line"]);
    expect(audit[2]?.changes.amount).toEqual([0, 120_000]);
    expect(audit[2]?.changes[`line.${line.id}`]?.[0]).toBeNull();
  });

  it("a followed amount cannot be set by hand, and an opportunity with lines keeps its currency — writing nothing", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { opportunity } = await aDeal(alice);
    await alice.sales.lineItems.add(opportunity.id, {
      productId: catalogue.seat.id,
      quantity: 1,
      priceBookId: catalogue.usd.id,
    });
    await alice.sales.lineItems.followLines(opportunity.id, true);
    const amount = await expectNothingWritten(t.adapter, tenantId, () =>
      alice.sales.opportunities.update(opportunity.id, { amount: 5 }),
    );
    expect(issuePaths(amount)).toEqual(["amount"]);
    const currency = await expectNothingWritten(t.adapter, tenantId, () =>
      alice.sales.opportunities.update(opportunity.id, { currency: "EUR" }),
    );
    expect(issuePaths(currency)).toEqual(["currency"]);
  });

  it("refuses an inactive product, a fractional quantity of a whole-unit product, a book in another currency, bad discounts and quantities, and a closed opportunity — writing nothing", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { opportunity } = await aDeal(alice);
    const add = (input: Record<string, unknown>) => () =>
      alice.sales.lineItems.add(opportunity.id, {
        productId: catalogue.seat.id,
        quantity: 1,
        priceBookId: catalogue.usd.id,
        ...input,
      } as never);
    const cases: [Record<string, unknown>, string][] = [
      [{ productId: catalogue.retired.id, priceBookId: undefined, unitPrice: 100 }, "productId"],
      [{ quantity: 1.5 }, "quantity"],
      [{ quantity: 0 }, "quantity"],
      [{ priceBookId: catalogue.eur.id }, "priceBookId"],
      [{ discountPercent: 100.5 }, "discountPercent"],
      [{ discountPercent: -1 }, "discountPercent"],
      [{ productId: catalogue.hours.id, priceBookId: catalogue.eur.id }, "priceBookId"],
      [{ priceBookId: undefined }, "unitPrice"],
      [{ unitPrice: 1.5 }, "unitPrice"],
      [{ extra: true }, ""],
    ];
    for (const [input, path] of cases) {
      const error = await expectNothingWritten(t.adapter, tenantId, add(input));
      expect(issuePaths(error)).toEqual([path]);
    }
    const noCurrency = await alice.sales.opportunities.create({
      accountId: opportunity.accountId,
      name: "No money yet",
    });
    expect(
      issuePaths(
        await expectNothingWritten(t.adapter, tenantId, () =>
          alice.sales.lineItems.add(noCurrency.id, { productId: catalogue.seat.id, quantity: 1, unitPrice: 5 }),
        ),
      ),
    ).toEqual(["opportunityId"]);
    await alice.sales.opportunities.update(opportunity.id, { amount: 120_000 });
    const won = await alice.sales.opportunities.win(opportunity.id);
    expect(won.status).toBe("won");
    const closed = await expectNothingWritten(t.adapter, tenantId, add({}));
    expect(closed).toBeInstanceOf(InvalidTransitionError);
  });
});
