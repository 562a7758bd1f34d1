import { InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { aCatalogue, aDeal, type SalesClientOf } from "../test-support/document-fixtures.js";
import { salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

function issuePaths(error: unknown): string[] {
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((issue) => issue.path.join("."));
}

function reasonOf(error: unknown): unknown {
  expect(error).toBeInstanceOf(InvalidTransitionError);
  return (error as InvalidTransitionError).details.reason;
}

describeEachAdapter("orders", (target) => {
  const t = useSalesCrm(target);

  async function anAcceptedQuote(manager: SalesClientOf, rep: SalesClientOf) {
    const catalogue = await aCatalogue(manager);
    const { opportunity } = await aDeal(rep, { amount: 1 });
    const quote = await rep.sales.quotes.create({
      accountId: opportunity.accountId,
      opportunityId: opportunity.id,
      currency: "USD",
      priceBookId: catalogue.usd.id,
      headerDiscountPercent: 2.5,
      lines: [
        { productId: catalogue.seat.id, quantity: 12, taxRatePercent: 19 },
        { productId: catalogue.hours.id, quantity: 7.5, taxRatePercent: 7 },
      ],
    });
    await rep.sales.quotes.send(quote.id);
    return { catalogue, opportunity, quote: await rep.sales.quotes.accept(quote.id, { winOpportunity: false }) };
  }

  it("an accepted quote becomes an order with its lines and totals frozen as quoted, once", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const created: unknown[] = [];
    const off = t.crm.on("order.created", (event) => {
      if (event.tenantId === tenantId) created.push(event.data);
    });
    const { catalogue, quote } = await anAcceptedQuote(manager, alice);
    const order = await alice.sales.orders.createFromQuote(quote.id);
    off();
    expect(order).toMatchObject({
      number: 1,
      displayNumber: "SO-00001",
      status: "draft",
      quoteId: quote.id,
      accountId: quote.accountId,
      opportunityId: quote.opportunityId,
      currency: "USD",
      channel: "direct",
      partnerId: null,
      subtotal: quote.subtotal,
      netTotal: quote.netTotal,
      taxTotal: quote.taxTotal,
      grandTotal: quote.grandTotal,
      headerDiscountPercent: 2.5,
      orderDate: t.clock.now().toISOString().slice(0, 10),
    });
    expect(created).toEqual([{ id: order.id, version: 1 }]);
    const quoted = await alice.sales.quotes.lines(quote.id);
    const lines = await alice.sales.orders.lines(order.id);
    expect(lines.map((l) => [l.sku, l.quantity, l.unitPrice, l.netAmount, l.taxAmount, l.fulfilledQuantity])).toEqual(
      quoted.map((l) => [l.sku, l.quantity, l.unitPrice, l.netAmount, l.taxAmount, 0]),
    );
    // Later price changes do not move a frozen order.
    await manager.priceBooks.setEntry(catalogue.usd.id, { productId: catalogue.seat.id, listPrice: 99_999 });
    expect((await alice.sales.orders.lines(order.id))[0]?.unitPrice).toBe(12_000);
    expect(
      reasonOf(await expectNothingWritten(t.adapter, tenantId, () => alice.sales.orders.createFromQuote(quote.id))),
    ).toBe("document_status");
    const draftQuote = await alice.sales.quotes.create({ accountId: quote.accountId, currency: "USD" });
    expect(
      reasonOf(
        await expectNothingWritten(t.adapter, tenantId, () => alice.sales.orders.createFromQuote(draftQuote.id)),
      ),
    ).toBe("document_status");
  });

  it("confirm once, fulfil line by line in parts, then fulfilled with order.fulfilled for the ERP", async () => {
    const { tenantId, manager, alice, system } = await salesTenant(t);
    const events: { type: string; data: unknown }[] = [];
    const off = t.crm.on("*", (event) => {
      if (event.tenantId === tenantId && event.type.startsWith("order."))
        events.push({ type: event.type, data: event.data });
    });
    const { quote } = await anAcceptedQuote(manager, alice);
    const order = await alice.sales.orders.createFromQuote(quote.id);
    expect(reasonOf(await expectNothingWritten(t.adapter, tenantId, () => manager.sales.orders.fulfil(order.id)))).toBe(
      "document_status",
    );
    const confirmed = await alice.sales.orders.confirm(order.id);
    expect(confirmed).toMatchObject({ status: "confirmed", confirmedAt: t.clock.now().toISOString() });
    const twice = await expectNothingWritten(t.adapter, tenantId, () => alice.sales.orders.confirm(order.id));
    // The state refusal names the verb, the state and the states the verb applies to.
    expect((twice as InvalidTransitionError).details).toMatchObject({
      reason: "document_status",
      id: order.id,
      verb: "confirm",
      state: "confirmed",
      allowed: ["draft"],
    });
    expect(reasonOf(twice)).toBe("document_status");
    const [seats, hours] = await alice.sales.orders.lines(order.id);
    if (!seats || !hours) throw new Error("the order has two lines");
    const partial = await manager.sales.orders.fulfil(order.id, { lines: [{ lineId: seats.id, quantity: 5 }] });
    expect(partial.status).toBe("partially_fulfilled");
    const over = await expectNothingWritten(t.adapter, tenantId, () =>
      manager.sales.orders.fulfil(order.id, { lines: [{ lineId: seats.id, quantity: 7.0001 }] }),
    );
    expect(issuePaths(over)).toEqual(["lines.0.quantity"]);
    expect(reasonOf(await expectNothingWritten(t.adapter, tenantId, () => alice.sales.orders.cancel(order.id)))).toBe(
      "fulfilment_started",
    );
    // A second part that leaves the status as it was is still a new version, audited and announced.
    const second = await manager.sales.orders.fulfil(order.id, { lines: [{ lineId: seats.id, quantity: 2 }] });
    expect(second).toMatchObject({ status: "partially_fulfilled", version: partial.version + 1 });
    const fulfilments = (await system.audit.history("order", order.id)).items.filter((a) => a.action === "fulfil");
    expect(fulfilments.map((a) => a.changes.fulfilledQuantities)).toEqual([
      [
        { [seats.id]: 0, [hours.id]: 0 },
        { [seats.id]: 5, [hours.id]: 0 },
      ],
      [
        { [seats.id]: 5, [hours.id]: 0 },
        { [seats.id]: 7, [hours.id]: 0 },
      ],
    ]);
    expect((await alice.sales.orders.lines(order.id)).map((l) => [l.fulfilledQuantity, l.remainingQuantity])).toEqual([
      [7, 5],
      [0, 7.5],
    ]);
    t.clock.advance({ days: 2 });
    const done = await manager.sales.orders.fulfil(order.id);
    expect(done).toMatchObject({ status: "fulfilled", fulfilledAt: t.clock.now().toISOString() });
    off();
    const summary = {
      id: order.id,
      number: 1,
      accountId: order.accountId,
      grandTotal: order.grandTotal,
      currency: "USD",
    };
    expect(events.filter((e) => e.type !== "order.updated")).toEqual([
      { type: "order.created", data: { id: order.id, version: 1 } },
      { type: "order.confirmed", data: { ...summary, version: 2 } },
      {
        type: "order.partially_fulfilled",
        data: { ...summary, version: 3, lines: [{ lineId: seats.id, quantity: 5 }] },
      },
      {
        type: "order.partially_fulfilled",
        data: { ...summary, version: 4, lines: [{ lineId: seats.id, quantity: 2 }] },
      },
      {
        type: "order.fulfilled",
        data: {
          ...summary,
          version: 5,
          lines: [
            { lineId: seats.id, quantity: 5 },
            { lineId: hours.id, quantity: 7.5 },
          ],
        },
      },
    ]);
    expect(reasonOf(await expectNothingWritten(t.adapter, tenantId, () => manager.sales.orders.fulfil(order.id)))).toBe(
      "document_status",
    );
  });

  it("a direct order prices its lines once; bad input is refused and a draft can be cancelled", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { account } = await aDeal(alice);
    const base = { accountId: account.id, currency: "USD", priceBookId: catalogue.usd.id };
    const order = await alice.sales.orders.create({
      ...base,
      channel: "online",
      lines: [{ productId: catalogue.seat.id, quantity: 50, discountPercent: 5, taxRatePercent: 10 }],
    });
    // 50 × 100.00 (tier) × 0.95 = 4,750.00; tax 475.00.
    expect(order).toMatchObject({
      number: 1,
      channel: "online",
      netTotal: 475_000,
      taxTotal: 47_500,
      grandTotal: 522_500,
    });
    const cases: [Record<string, unknown>, string][] = [
      [{ lines: [] }, "lines"],
      [{ lines: [{ productId: catalogue.retired.id, quantity: 1, unitPrice: 1 }] }, "lines.0.productId"],
      [
        { lines: [{ productId: catalogue.seat.id, quantity: 1, priceBookId: catalogue.eur.id }] },
        "lines.0.priceBookId",
      ],
      [{ lines: [{ productId: catalogue.seat.id, quantity: 1, discountPercent: 150 }] }, "lines.0.discountPercent"],
      [{ lines: [{ productId: catalogue.seat.id, quantity: 0.5 }] }, "lines.0.quantity"],
      // Priced together, the lines still refuse at the first bad one's index.
      [
        {
          lines: [
            { productId: catalogue.seat.id, quantity: 1 },
            { productId: catalogue.seat.id, quantity: 0.5 },
            { productId: catalogue.retired.id, quantity: 1 },
          ],
        },
        "lines.1.quantity",
      ],
      [{ channel: "carrier_pigeon", lines: [{ productId: catalogue.seat.id, quantity: 1 }] }, "channel"],
    ];
    for (const [input, path] of cases) {
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        alice.sales.orders.create({ ...base, ...input } as never),
      );
      expect(issuePaths(error)).toEqual([path]);
    }
    const cancelled = await alice.sales.orders.cancel(order.id, { reason: "Customer changed their mind" });
    expect(cancelled).toMatchObject({ status: "cancelled", cancelReason: "Customer changed their mind" });
    expect(reasonOf(await expectNothingWritten(t.adapter, tenantId, () => alice.sales.orders.confirm(order.id)))).toBe(
      "document_status",
    );
  });

  it("orders list by status for those who may read them and archive", async () => {
    const { manager, alice, bob } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { account } = await aDeal(alice);
    const line = { productId: catalogue.seat.id, quantity: 1, unitPrice: 100 };
    const mine = await alice.sales.orders.create({ accountId: account.id, currency: "USD", lines: [line] });
    const bobs = await bob.sales.orders.create({ accountId: account.id, currency: "USD", lines: [line] });
    await alice.sales.orders.confirm(mine.id);
    expect((await alice.sales.orders.list()).items.map((o) => o.id)).toEqual([mine.id]);
    expect(
      (await manager.sales.orders.list({ filter: [{ field: "status", op: "eq", value: "draft" }] })).items.map(
        (o) => o.id,
      ),
    ).toEqual([bobs.id]);
    expect((await manager.sales.orders.archive(bobs.id)).archivedAt).not.toBeNull();
    expect((await manager.sales.orders.list()).items.map((o) => o.displayNumber)).toEqual(["SO-00001"]);
  });
});
