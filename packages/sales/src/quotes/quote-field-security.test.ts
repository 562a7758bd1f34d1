import { ForbiddenError } from "@rapport/core";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { aCatalogue, aDeal } from "../test-support/document-fixtures.js";
import { salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

/** The grand total of the test documents (minor units), which a role hiding `grandTotal` must never read. */
const GRAND_TOTAL = "132000";

describeEachAdapter("quotes and orders under field-level security", (target) => {
  const t = useSalesCrm(target);

  /** A tenant with a sent-ready quote of 10 seats at 120.00 (+10 % tax) and an order of the same line. */
  async function documents() {
    const tenant = await salesTenant(t);
    const { system, manager, alice } = tenant;
    const catalogue = await aCatalogue(manager);
    const { account } = await aDeal(alice);
    const contact = await alice.contacts.create({ accountId: account.id, firstName: "Pat", lastName: "Secret" });
    const line = { productId: catalogue.seat.id, quantity: 10, taxRatePercent: 10 };
    const base = { accountId: account.id, currency: "USD", priceBookId: catalogue.usd.id, lines: [line] };
    const quote = await alice.sales.quotes.create({ ...base, contactId: contact.id, notes: "Private note" });
    const order = await alice.sales.orders.create(base);
    await system.roles.define({
      name: "blind_seller",
      grants: { "*:*": "all" },
      hiddenFields: { quote: ["grandTotal", "notes"], order: ["grandTotal"] },
    });
    await system.roles.define({
      name: "discreet_seller",
      grants: { "*:*": "all" },
      hiddenFields: { quote: ["notes", "number"], account: ["name"], contact: ["lastName"] },
    });
    const blind = t.as(tenant.tenantId, "blinda", ["blind_seller"]);
    const discreet = t.as(tenant.tenantId, "dora", ["discreet_seller"]);
    return { ...tenant, catalogue, account, quote, order, line, base, blind, discreet };
  }

  it("get, list and lines of a quote leave out a hidden total and the line amounts that add up to it", async () => {
    const { alice, blind, quote } = await documents();
    expect(quote.grandTotal).toBe(132_000);
    const seen = await blind.sales.quotes.get(quote.id);
    expect(seen).not.toHaveProperty("grandTotal");
    expect(seen).not.toHaveProperty("notes");
    expect(seen).toMatchObject({ displayNumber: "Q-00001", headerDiscountPercent: 0 });
    const listed = (await blind.sales.quotes.list()).items;
    expect(listed.map((q) => q.id)).toEqual([quote.id]);
    expect(listed[0]).not.toHaveProperty("grandTotal");
    const lines = await blind.sales.quotes.lines(quote.id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ quantity: 10, taxRatePercent: 10, sku: "SEAT" });
    for (const key of ["unitPrice", "listPrice", "grossAmount", "netAmount", "taxAmount", "totalAmount"]) {
      expect(lines[0]).not.toHaveProperty(key);
    }
    // The owner, who sees the totals, reads the same lines in full.
    expect((await alice.sales.quotes.lines(quote.id))[0]).toMatchObject({ unitPrice: 12_000, totalAmount: 132_000 });
  });

  it("render refuses a reader whose roles hide a total, and leaves out hidden text and names for others", async () => {
    const { alice, blind, discreet, quote } = await documents();
    const refused = await blind.sales.quotes.render(quote.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as ForbiddenError).details).toMatchObject({ field: "grandTotal", entityType: "quote" });

    const html = await discreet.sales.quotes.render(quote.id);
    expect(html).toContain("1,320.00");
    for (const secret of ["Private note", "Globex", "Secret", "Q-00001"]) expect(html).not.toContain(secret);
    // The owner's document names the customer and carries the note.
    const full = await alice.sales.quotes.render(quote.id);
    for (const shown of ["Private note", "Globex", "Pat Secret", "Q-00001"]) expect(full).toContain(shown);
  });

  it("quote verbs return the quote without the fields the actor's roles hide", async () => {
    const { blind, account, base } = await documents();
    const created = await blind.sales.quotes.create(base);
    const sent = await blind.sales.quotes.send(created.id);
    const accepted = await blind.sales.quotes.accept(created.id);
    for (const quote of [created, sent, accepted]) {
      expect(quote).not.toHaveProperty("grandTotal");
      expect(quote).not.toHaveProperty("notes");
      expect(quote).toMatchObject({ accountId: account.id, netTotal: 120_000 });
    }
    expect(JSON.stringify([created, sent, accepted])).not.toContain(GRAND_TOTAL);
  });

  it("order get, lines and verbs leave out a hidden total and the line amounts", async () => {
    const { blind, order, base } = await documents();
    expect(order.grandTotal).toBe(132_000);
    const seen = await blind.sales.orders.get(order.id);
    expect(seen).not.toHaveProperty("grandTotal");
    expect(seen).toMatchObject({ displayNumber: "SO-00001", netTotal: 120_000 });
    const lines = await blind.sales.orders.lines(order.id);
    expect(lines[0]).toMatchObject({ quantity: 10, remainingQuantity: 10 });
    expect(lines[0]).not.toHaveProperty("totalAmount");
    const created = await blind.sales.orders.create(base);
    const confirmed = await blind.sales.orders.confirm(created.id);
    const fulfilled = await blind.sales.orders.fulfil(created.id);
    for (const result of [created, confirmed, fulfilled]) expect(result).not.toHaveProperty("grandTotal");
    const text = JSON.stringify([seen, lines, created, confirmed, fulfilled]);
    expect(text).not.toContain(GRAND_TOTAL);
  });
});
