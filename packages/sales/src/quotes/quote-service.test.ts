import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { addDays, dateOf } from "../documents/dates.js";
import type { TaxedLineInput } from "../line-items/line-input-schema.js";
import { aCatalogue, aDeal } from "../test-support/document-fixtures.js";
import { salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

function issuePaths(error: unknown): string[] {
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((issue) => issue.path.join("."));
}

function reasonOf(error: unknown): unknown {
  expect(error).toBeInstanceOf(InvalidTransitionError);
  return (error as InvalidTransitionError).details.reason;
}

describeEachAdapter("quotes", (target) => {
  const t = useSalesCrm(target);

  it("createFromOpportunity copies the lines and computes exact totals with line and header discounts and per-line tax", async () => {
    const { manager, alice } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { opportunity } = await aDeal(alice);
    await alice.sales.lineItems.add(opportunity.id, {
      productId: catalogue.seat.id,
      quantity: 3,
      priceBookId: catalogue.usd.id,
      discountPercent: 10,
    });
    await alice.sales.lineItems.add(opportunity.id, {
      productId: catalogue.hours.id,
      quantity: 2.5,
      unitPrice: 13_333,
    });
    const quote = await alice.sales.quotes.createFromOpportunity(opportunity.id, {
      headerDiscountPercent: 5,
      taxRatePercent: 8.875,
    });
    // By hand, half up per line:
    //  seats: 3 × 120.00 = 360.00; × 0.90 × 0.95 = 307.80; tax 8.875 % = 27.31725 → 27.32; total 335.12
    //  hours: 2.5 × 133.33 = 333.325 → gross 333.33; × 0.95 = 316.65875 → 316.66; tax 28.1035... → 28.10
    expect(quote).toMatchObject({
      number: 1,
      revision: 1,
      displayNumber: "Q-00001",
      status: "draft",
      name: "Globex seats",
      accountId: opportunity.accountId,
      opportunityId: opportunity.id,
      currency: "USD",
      ownerId: "alice",
      headerDiscountPercent: 5,
      subtotal: 36_000 + 33_333,
      netTotal: 30_780 + 31_666,
      taxTotal: 2_732 + 2_810,
      grandTotal: 30_780 + 31_666 + 2_732 + 2_810,
      discountTotal: 36_000 + 33_333 - 30_780 - 31_666,
      validUntil: addDays(dateOf(t.clock.now().toISOString()), 30),
      requiresApproval: false,
      maxDiscountPercent: 14.5,
    });
    const lines = await alice.sales.quotes.lines(quote.id);
    expect(lines.map((l) => [l.sku, l.grossAmount, l.netAmount, l.taxAmount, l.totalAmount])).toEqual([
      ["SEAT", 36_000, 30_780, 2_732, 33_512],
      ["HOUR", 33_333, 31_666, 2_810, 34_476],
    ]);

    // Removing the header discount re-prices every line.
    const plain = await alice.sales.quotes.update(quote.id, { headerDiscountPercent: 0 });
    expect(plain).toMatchObject({ netTotal: 32_400 + 33_333, version: quote.version + 1 });
  });

  it("numbers quotes per tenant without gaps: a failed create gives its number back, 20 concurrent creates get 1..20", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { account } = await aDeal(alice);
    const input = {
      accountId: account.id,
      currency: "USD",
      lines: [{ productId: catalogue.seat.id, quantity: 1, unitPrice: 100 }],
    };
    await expectNothingWritten(t.adapter, tenantId, () =>
      alice.sales.quotes.create({ ...input, lines: [{ productId: catalogue.retired.id, quantity: 1, unitPrice: 1 }] }),
    );
    const quotes = await Promise.all(Array.from({ length: 20 }, () => alice.sales.quotes.create(input)));
    expect(quotes.map((q) => q.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Another tenant counts on its own.
    const other = await salesTenant(t);
    const otherAccount = await other.alice.accounts.create({ name: "Initech", type: "customer" });
    expect((await other.alice.sales.quotes.create({ accountId: otherAccount.id, currency: "EUR" })).number).toBe(1);
  });

  it("a discount above the tenant's limit needs a manager's approval before the quote can be sent; accepting wins the opportunity", async () => {
    const { tenantId, manager, alice, bob } = await salesTenant(t);
    await manager.sales.settings.update({ discountApprovalLimit: 15 });
    const catalogue = await aCatalogue(manager);
    const { opportunity } = await aDeal(alice, { amount: 100_000 });
    const quote = await alice.sales.quotes.create({
      accountId: opportunity.accountId,
      opportunityId: opportunity.id,
      currency: "USD",
      priceBookId: catalogue.usd.id,
      lines: [{ productId: catalogue.seat.id, quantity: 10, discountPercent: 10 }],
      headerDiscountPercent: 6,
    });
    // 1 − 0.90 × 0.94 = 15.4 % > 15 %.
    expect(quote).toMatchObject({ requiresApproval: true, maxDiscountPercent: 15.4 });
    expect(reasonOf(await expectNothingWritten(t.adapter, tenantId, () => alice.sales.quotes.send(quote.id)))).toBe(
      "approval_required",
    );
    const submitted = await alice.sales.quotes.submit(quote.id);
    expect(submitted).toMatchObject({ status: "pending_approval", submittedAt: t.clock.now().toISOString() });
    // Reps cannot approve, and a draft in review cannot be edited.
    expect(await expectNothingWritten(t.adapter, tenantId, () => bob.sales.quotes.approve(quote.id))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(
      reasonOf(
        await expectNothingWritten(t.adapter, tenantId, () => alice.sales.quotes.update(quote.id, { name: "x" })),
      ),
    ).toBe("document_status");
    const approved = await manager.sales.quotes.approve(quote.id);
    expect(approved).toMatchObject({ status: "approved", approvedBy: "maria" });
    const sent = await alice.sales.quotes.send(quote.id, { expectedVersion: approved.version });
    expect(sent).toMatchObject({ status: "sent", sentAt: t.clock.now().toISOString() });
    t.clock.advance({ days: 3 });
    const accepted = await alice.sales.quotes.accept(quote.id);
    expect(accepted).toMatchObject({ status: "accepted", decidedAt: t.clock.now().toISOString() });
    expect(await alice.sales.opportunities.get(opportunity.id)).toMatchObject({ status: "won", stageKey: "won" });
    expect(reasonOf(await expectNothingWritten(t.adapter, tenantId, () => alice.sales.quotes.accept(quote.id)))).toBe(
      "document_status",
    );
  });

  it("a manager cannot approve their own quote, and a declined quote returns to draft", async () => {
    const { tenantId, manager, system } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { account } = await aDeal(manager);
    const quote = await manager.sales.quotes.create({
      accountId: account.id,
      currency: "USD",
      lines: [{ productId: catalogue.seat.id, quantity: 1, unitPrice: 1_000, discountPercent: 50 }],
    });
    await manager.sales.quotes.submit(quote.id);
    expect(
      reasonOf(await expectNothingWritten(t.adapter, tenantId, () => manager.sales.quotes.approve(quote.id))),
    ).toBe("self_approval");
    const declined = await system.sales.quotes.decline(quote.id, { reason: "Half price is too much" });
    expect(declined).toMatchObject({ status: "draft", submittedAt: null, decisionReason: "Half price is too much" });
  });

  it("revising a sent quote makes a new draft revision with the same number and keeps the old one", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { account } = await aDeal(alice);
    const quote = await alice.sales.quotes.create({
      accountId: account.id,
      currency: "USD",
      priceBookId: catalogue.usd.id,
      lines: [{ productId: catalogue.seat.id, quantity: 2, taxRatePercent: 20 }],
    });
    await alice.sales.quotes.send(quote.id);
    t.clock.advance({ days: 1 });
    const revision = await alice.sales.quotes.revise(quote.id);
    expect(revision).toMatchObject({
      number: quote.number,
      revision: 2,
      displayNumber: "Q-00001-R2",
      status: "draft",
      previousRevisionId: quote.id,
      grandTotal: quote.grandTotal,
      validUntil: addDays(dateOf(t.clock.now().toISOString()), 30),
    });
    expect(await alice.sales.quotes.get(quote.id)).toMatchObject({ status: "superseded", supersededById: revision.id });
    await alice.sales.quotes.addLine(revision.id, {
      productId: catalogue.setup.id,
      quantity: 1,
      priceBookId: catalogue.usd.id,
    });
    expect((await alice.sales.quotes.lines(revision.id)).map((l) => l.position)).toEqual([1, 2]);
    expect((await alice.sales.quotes.lines(quote.id)).length).toBe(1);
    expect((await alice.sales.quotes.revisions(quote.number)).map((q) => [q.revision, q.status])).toEqual([
      [1, "superseded"],
      [2, "draft"],
    ]);
    expect(reasonOf(await expectNothingWritten(t.adapter, tenantId, () => alice.sales.quotes.revise(quote.id)))).toBe(
      "document_status",
    );
  });

  it("runDue expires sent quotes past their validity exactly once; an expired quote cannot be accepted", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { account } = await aDeal(alice);
    const expired: string[] = [];
    const off = t.crm.on("quote.expired", (event) => {
      if (event.tenantId === tenantId) expired.push(event.data.id);
    });
    const create = (validUntil: string) =>
      alice.sales.quotes.create({
        accountId: account.id,
        currency: "USD",
        validUntil,
        lines: [{ productId: catalogue.seat.id, quantity: 1, unitPrice: 500 }],
      });
    const today = dateOf(t.clock.now().toISOString());
    const soon = await create(addDays(today, 3));
    const later = await create(addDays(today, 18));
    const draft = await create(addDays(today, 3));
    await alice.sales.quotes.send(soon.id);
    await alice.sales.quotes.send(later.id);
    t.clock.set(`${addDays(today, 3)}T23:00:00.000Z`);
    await t.crm.jobs.runDue();
    expect((await alice.sales.quotes.get(soon.id)).status).toBe("sent");
    t.clock.set(`${addDays(today, 4)}T08:00:00.000Z`);
    // Before the job runs, a quote past its validity already refuses acceptance.
    expect(reasonOf(await expectNothingWritten(t.adapter, tenantId, () => alice.sales.quotes.accept(soon.id)))).toBe(
      "quote_expired",
    );
    await Promise.all([t.crm.jobs.runDue(), t.crm.jobs.runDue()]);
    await t.crm.jobs.runDue();
    off();
    expect(expired).toEqual([soon.id]);
    expect(await alice.sales.quotes.get(soon.id)).toMatchObject({
      status: "expired",
      expiredAt: `${addDays(today, 4)}T08:00:00.000Z`,
    });
    expect((await alice.sales.quotes.get(later.id)).status).toBe("sent");
    expect((await alice.sales.quotes.get(draft.id)).status).toBe("draft");
    expect(reasonOf(await expectNothingWritten(t.adapter, tenantId, () => alice.sales.quotes.accept(soon.id)))).toBe(
      "document_status",
    );
    // A draft past its validity cannot go out either.
    expect(reasonOf(await expectNothingWritten(t.adapter, tenantId, () => alice.sales.quotes.send(draft.id)))).toBe(
      "quote_expired",
    );
  });

  it("refuses bad lines, discounts, validity and stale versions — writing nothing", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { account } = await aDeal(alice);
    const base = { accountId: account.id, currency: "USD", priceBookId: catalogue.usd.id };
    const line = { productId: catalogue.seat.id, quantity: 1 };
    const cases: [Record<string, unknown>, string][] = [
      [{ lines: [{ ...line, productId: catalogue.retired.id, unitPrice: 5 }] }, "lines.0.productId"],
      [{ lines: [{ ...line, priceBookId: catalogue.eur.id }] }, "lines.0.priceBookId"],
      [{ priceBookId: catalogue.eur.id, lines: [line] }, "lines.0.priceBookId"],
      [{ lines: [{ ...line, discountPercent: 101 }] }, "lines.0.discountPercent"],
      [{ lines: [{ ...line, discountPercent: -0.5 }] }, "lines.0.discountPercent"],
      [{ lines: [{ ...line, taxRatePercent: 100.001 }] }, "lines.0.taxRatePercent"],
      [{ lines: [{ ...line, quantity: 0 }] }, "lines.0.quantity"],
      [{ lines: [{ ...line, quantity: 2.5 }] }, "lines.0.quantity"],
      [{ headerDiscountPercent: 120 }, "headerDiscountPercent"],
      [{ validUntil: addDays(dateOf(t.clock.now().toISOString()), -1) }, "validUntil"],
      [{ currency: "ZZZ" }, "currency"],
      [{ accountId: "acc_01HZZZZZZZZZZZZZZZZZZZZZZZ" }, "accountId"],
    ];
    for (const [input, path] of cases) {
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        alice.sales.quotes.create({ ...base, ...input } as never),
      );
      expect(issuePaths(error)).toEqual([path]);
    }
    const quote = await alice.sales.quotes.create({ ...base, lines: [line] });
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        alice.sales.quotes.update(quote.id, { name: "Renamed" }, { expectedVersion: quote.version + 1 }),
      ),
    ).toBeInstanceOf(ConflictError);
    const empty = await alice.sales.quotes.create({ accountId: account.id, currency: "USD" });
    expect(reasonOf(await expectNothingWritten(t.adapter, tenantId, () => alice.sales.quotes.send(empty.id)))).toBe(
      "document_status",
    );
  });

  it("prices several lines at once: tiers, repeated products, line books and typed prices, as line by line", async () => {
    const { manager, alice } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { account } = await aDeal(alice);
    const quote = await alice.sales.quotes.create({
      accountId: account.id,
      currency: "USD",
      priceBookId: catalogue.usd.id,
      lines: [
        { productId: catalogue.seat.id, quantity: 60 },
        { productId: catalogue.seat.id, quantity: 2, discountPercent: 10 },
        { productId: catalogue.hours.id, quantity: 1.5, unitPrice: 14_000 },
        { productId: catalogue.setup.id, quantity: 1, priceBookId: catalogue.usd.id },
      ],
    });
    const lines = await alice.sales.quotes.lines(quote.id);
    expect(lines.map((l) => [l.position, l.sku, l.priceSource, l.listPrice, l.unitPrice, l.quantity])).toEqual([
      [1, "SEAT", "price_book", 12_000, 10_000, 60],
      [2, "SEAT", "price_book", 12_000, 12_000, 2],
      [3, "HOUR", "manual", 15_050, 14_000, 1.5],
      [4, "SETUP", "price_book", 250_000, 250_000, 1],
    ]);
    expect(quote.subtotal).toBe(600_000 + 24_000 + 21_000 + 250_000);
  });

  it("with several lines, refuses the first bad one at its index and message as line-by-line pricing did — writing nothing", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const unpriced = await manager.products.create({ sku: "NEW", name: "Not in any book" });
    const closed = await manager.priceBooks.create({ name: "Old US list", currency: "USD", active: false });
    await manager.priceBooks.setEntry(closed.id, { productId: catalogue.seat.id, listPrice: 9_000 });
    const { account } = await aDeal(alice);
    const good = { productId: catalogue.seat.id, quantity: 1 };
    const unknownProduct = "prd_01HZZZZZZZZZZZZZZZZZZZZZZZ";
    const unknownBook = "pbk_01HZZZZZZZZZZZZZZZZZZZZZZZ";
    const cases: [TaxedLineInput[], string, string][] = [
      [
        [good, { ...good, productId: unknownProduct }, { ...good, priceBookId: unknownBook }],
        "lines.1.productId",
        `product ${unknownProduct} was not found`,
      ],
      [
        [good, good, { ...good, productId: catalogue.retired.id, unitPrice: 5 }, { ...good, quantity: 2.5 }],
        "lines.2.productId",
        `Product ${catalogue.retired.id} is inactive`,
      ],
      [
        [
          { ...good, quantity: 2.5 },
          { ...good, productId: unknownProduct },
        ],
        "lines.0.quantity",
        `Product ${catalogue.seat.id} is sold in whole units`,
      ],
      [
        [good, { ...good, productId: unpriced.id }, { ...good, productId: unknownProduct }],
        "lines.1.priceBookId",
        `price_book_entry ${catalogue.usd.id}/${unpriced.id} was not found`,
      ],
      [
        [good, { ...good, priceBookId: unknownBook }, { ...good, priceBookId: catalogue.eur.id }],
        "lines.1.priceBookId",
        `price_book ${unknownBook} was not found`,
      ],
      [
        [good, { ...good, priceBookId: catalogue.eur.id }, { ...good, priceBookId: closed.id }],
        "lines.1.priceBookId",
        `Price book ${catalogue.eur.id} is in EUR; the document is in USD`,
      ],
      [
        [good, { ...good, priceBookId: closed.id }, { ...good, productId: unknownProduct }],
        "lines.1.priceBookId",
        `price_book ${closed.id} is inactive`,
      ],
    ];
    for (const [lines, path, message] of cases) {
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        alice.sales.quotes.create({ accountId: account.id, currency: "USD", priceBookId: catalogue.usd.id, lines }),
      );
      expect(issuePaths(error)).toEqual([path]);
      expect((error as ValidationError).issues[0]?.message).toBe(message);
    }
    // Without a book, a line needs its own price; the first such line is named.
    const noBook = await expectNothingWritten(t.adapter, tenantId, () =>
      alice.sales.quotes.create({
        accountId: account.id,
        currency: "USD",
        lines: [{ ...good, unitPrice: 100 }, good, { ...good, productId: unknownProduct }],
      }),
    );
    expect(issuePaths(noBook)).toEqual(["lines.1.unitPrice"]);
  });

  it("checks the account and contact links: unknown ones, a contact of another account, one the actor may not read", async () => {
    const { tenantId, system, manager, alice } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { account } = await aDeal(alice);
    const other = await alice.accounts.create({ name: "Initech", type: "customer" });
    const mine = await alice.contacts.create({ firstName: "Ann", lastName: "Lee", accountId: account.id });
    const elsewhere = await alice.contacts.create({ firstName: "Bo", lastName: "Ng", accountId: other.id });
    const theirs = await manager.contacts.create({ firstName: "Cy", lastName: "Roe", accountId: account.id });
    const base = { accountId: account.id, currency: "USD", priceBookId: catalogue.usd.id };
    const lines = [{ productId: catalogue.seat.id, quantity: 1 }];
    const unknownAccount = "acc_01HZZZZZZZZZZZZZZZZZZZZZZZ";
    const unknownContact = "con_01HZZZZZZZZZZZZZZZZZZZZZZZ";
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { accountId: unknownAccount, contactId: unknownContact },
        "accountId",
        `Account ${unknownAccount} does not exist`,
      ],
      [{ contactId: unknownContact }, "contactId", `Contact ${unknownContact} does not exist`],
      [{ contactId: elsewhere.id }, "contactId", `Contact ${elsewhere.id} is not a contact of account ${account.id}`],
    ];
    for (const [input, path, message] of cases) {
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        alice.sales.quotes.create({ ...base, lines, ...input } as never),
      );
      expect(issuePaths(error)).toEqual([path]);
      expect((error as ValidationError).issues[0]?.message).toBe(message);
    }
    // A role that reads only its own contacts may not quote to someone else's.
    await system.roles.define({
      name: "own_contacts_quoter",
      grants: { "quote:*": "own", "contact:read": "own", "product:read": "all", "price_book:read": "all" },
    });
    const quoter = t.as(tenantId, "alice", ["own_contacts_quoter"]);
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        quoter.sales.quotes.create({ ...base, lines, contactId: theirs.id }),
      ),
    ).toBeInstanceOf(ForbiddenError);
    expect((await quoter.sales.quotes.create({ ...base, lines, contactId: mine.id })).contactId).toBe(mine.id);
    // Field rules on contacts and products: the links and lines are read through their services, as before.
    await system.roles.define({
      name: "no_notes",
      grants: { "quote:*": "own", "contact:read": "all", "product:read": "all", "price_book:read": "all" },
      hiddenFields: { contact: ["email"], product: ["description"] },
    });
    const restricted = t.as(tenantId, "alice", ["no_notes"]);
    const quote = await restricted.sales.quotes.create({ ...base, lines, contactId: theirs.id });
    expect((await restricted.sales.quotes.lines(quote.id)).map((l) => [l.sku, l.unitPrice])).toEqual([
      ["SEAT", 12_000],
    ]);
    expect(
      issuePaths(
        await expectNothingWritten(t.adapter, tenantId, () =>
          restricted.sales.quotes.create({ ...base, contactId: elsewhere.id, lines }),
        ),
      ),
    ).toEqual(["contactId"]);
  });

  it("renders a print-ready HTML document with every text escaped", async () => {
    const { manager, alice } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const account = await alice.accounts.create({ name: 'Smith & <Sons> "Ltd"', type: "customer" });
    const contact = await alice.contacts.create({ accountId: account.id, firstName: "Eve", lastName: "<script>" });
    const quote = await alice.sales.quotes.create({
      accountId: account.id,
      contactId: contact.id,
      currency: "USD",
      name: "Q1 <b>deal</b>",
      notes: "Ships in 'two' weeks & more",
      lines: [{ productId: catalogue.setup.id, quantity: 1, unitPrice: 123_456_789, description: "<img src=x>" }],
    });
    const html = await alice.sales.quotes.render(quote.id);
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("@page { size: A4;");
    expect(html).toContain("Smith &amp; &lt;Sons&gt; &quot;Ltd&quot;");
    expect(html).toContain("Attn: Eve &lt;script&gt;");
    expect(html).toContain("Q1 &lt;b&gt;deal&lt;/b&gt;");
    expect(html).toContain("Onboarding &lt;package&gt; &amp; training");
    expect(html).toContain("&lt;img src=x&gt;");
    expect(html).toContain("Ships in &#39;two&#39; weeks &amp; more");
    expect(html).toContain("USD 1,234,567.89");
    expect(html).not.toMatch(/<(script|img|b)[\s>]/);
  });

  it("a draft's lines are re-priced, removed and listed; a sent quote can be rejected; quotes list and archive", async () => {
    const { tenantId, manager, alice, bob } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { account } = await aDeal(alice);
    const quote = await alice.sales.quotes.create({
      accountId: account.id,
      currency: "USD",
      priceBookId: catalogue.usd.id,
    });
    const seats = await alice.sales.quotes.addLine(quote.id, {
      productId: catalogue.seat.id,
      quantity: 10,
      taxRatePercent: 10,
    });
    const hours = await alice.sales.quotes.addLine(quote.id, { productId: catalogue.hours.id, quantity: 1.5 });
    expect(seats).toMatchObject({ unitPrice: 12_000, netAmount: 120_000, taxAmount: 12_000, totalAmount: 132_000 });
    // 60 seats reach the 100.00 tier.
    const more = await alice.sales.quotes.updateLine(quote.id, seats.id, { quantity: 60, discountPercent: 5 });
    expect(more).toMatchObject({
      unitPrice: 10_000,
      netAmount: 570_000,
      taxAmount: 57_000,
      discountPercent: 5,
      taxRatePercent: 10,
    });
    await alice.sales.quotes.removeLine(quote.id, hours.id);
    expect(await alice.sales.quotes.get(quote.id)).toMatchObject({
      subtotal: 600_000,
      netTotal: 570_000,
      grandTotal: 627_000,
    });
    expect((await alice.sales.quotes.lines(quote.id)).map((l) => l.id)).toEqual([seats.id]);
    // A line change that moves no total is still a new version of the quote, audited under `lines`.
    const priced = await alice.sales.quotes.get(quote.id);
    await alice.sales.quotes.updateLine(quote.id, seats.id, { description: "Annual seats" });
    expect(await alice.sales.quotes.get(quote.id)).toMatchObject({ grandTotal: 627_000, version: priced.version + 1 });
    const [described] = (await manager.audit.history("quote", quote.id)).items.slice(-1);
    expect(described?.action).toBe("update_line");
    expect(described?.changes.lines?.map((line) => (line as { description: string | null }).description)).toEqual([
      null,
      "Annual seats",
    ]);
    const missing = await expectNothingWritten(t.adapter, tenantId, () =>
      alice.sales.quotes.updateLine(quote.id, hours.id, { quantity: 2 }),
    );
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(
      issuePaths(
        await expectNothingWritten(t.adapter, tenantId, () =>
          alice.sales.quotes.updateLine(quote.id, seats.id, { discountPercent: 101 }),
        ),
      ),
    ).toEqual(["discountPercent"]);
    await alice.sales.quotes.send(quote.id);
    const rejected = await alice.sales.quotes.reject(quote.id, { reason: "Too expensive" });
    expect(rejected).toMatchObject({ status: "rejected", decisionReason: "Too expensive" });
    expect(
      reasonOf(
        await expectNothingWritten(t.adapter, tenantId, () => alice.sales.quotes.removeLine(quote.id, seats.id)),
      ),
    ).toBe("document_status");
    const other = await bob.sales.quotes.create({ accountId: account.id, currency: "USD" });
    expect(
      (await alice.sales.quotes.list({ filter: [{ field: "status", op: "eq", value: "rejected" }] })).items.map(
        (q) => q.id,
      ),
    ).toEqual([quote.id]);
    expect((await manager.sales.quotes.list()).items.map((q) => q.id).sort()).toEqual([quote.id, other.id].sort());
    const archived = await alice.sales.quotes.archive(quote.id);
    expect(archived.archivedAt).toBe(t.clock.now().toISOString());
    expect((await manager.sales.quotes.list()).items.map((q) => q.id)).toEqual([other.id]);
  });
});
