import { expect, it } from "vitest";
import type { CrmEvent } from "../../events/event-types.js";
import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from "../../kernel/errors.js";
import { expectNothingWritten, tenantSnapshot } from "../snapshot.js";
import { admin, type Harness, rep } from "./harness.js";

function issuePaths(error: unknown): string[] {
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((i) => i.path.join("."));
}

/** A book with one product priced at 1,000 (list), 900 from 10 units and 750 from 100. */
async function tieredSetup(h: Harness, tenantId: string, product: { allowFractionalQuantity?: boolean } = {}) {
  const root = admin(h, tenantId);
  const widget = await root.products.create({ sku: "W-1", name: "Widget", ...product });
  const book = await root.priceBooks.create({ name: "EU list", currency: "EUR" });
  await root.priceBooks.setEntry(book.id, {
    productId: widget.id,
    listPrice: 1_000,
    tiers: [
      { minQuantity: 10, unitPrice: 900 },
      { minQuantity: 100, unitPrice: 750 },
    ],
  });
  return { root, widget, book };
}

/** Price books: one currency, entries with volume tiers, one-call pricing. */
export function priceBookTests(h: Harness): void {
  it("a price book has one currency: an unknown currency fails, and the currency cannot change", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    for (const currency of ["XYZ", "eur", "EURO", undefined, 978]) {
      const error = await expectNothingWritten(h.adapter, tenantId, () =>
        root.priceBooks.create({ name: "Bad", currency } as never),
      );
      expect(issuePaths(error)).toContain("currency");
    }
    const book = await root.priceBooks.create({ name: "Yen", currency: "JPY" });
    expect(book).toMatchObject({ name: "Yen", currency: "JPY", active: true, description: null, version: 1 });
    expect(book.id.startsWith("pbk_")).toBe(true);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        root.priceBooks.update(book.id, { currency: "USD" } as never),
      ),
    ).toBeInstanceOf(ValidationError);
    expect((await root.priceBooks.update(book.id, { name: "Japan", active: false })).active).toBe(false);
    const inactive = await root.priceBooks.list({ filter: [{ field: "active", op: "eq", value: false }] });
    expect(inactive.items.map((b) => b.name)).toEqual(["Japan"]);
  });

  it("priceOf picks the list price or the volume tier for the quantity, with the extended total", async () => {
    const tenantId = await h.tenant();
    const { root, widget, book } = await tieredSetup(h, tenantId);
    const price = (quantity: number) =>
      root.priceBooks.priceOf({ priceBookId: book.id, productId: widget.id, quantity });
    expect(await price(1)).toEqual({
      priceBookId: book.id,
      productId: widget.id,
      currency: "EUR",
      quantity: 1,
      listPrice: 1_000,
      unitPrice: 1_000,
      tierMinQuantity: null,
      total: 1_000,
    });
    expect(await price(9)).toMatchObject({ unitPrice: 1_000, tierMinQuantity: null, total: 9_000 });
    expect(await price(10)).toMatchObject({ unitPrice: 900, tierMinQuantity: 10, total: 9_000 });
    expect(await price(99)).toMatchObject({ unitPrice: 900, tierMinQuantity: 10, total: 89_100 });
    expect(await price(100)).toMatchObject({ unitPrice: 750, tierMinQuantity: 100, total: 75_000 });
    expect(await price(1_000_000)).toMatchObject({ unitPrice: 750, total: 750_000_000 });
    // A whole-unit product refuses a fractional quantity.
    expect(issuePaths(await price(2.5).catch((e: unknown) => e))).toEqual(["quantity"]);
    for (const quantity of [0, -1, 1.00001, Number.NaN]) {
      await expect(price(quantity)).rejects.toBeInstanceOf(ValidationError);
    }
  });

  it("fractional quantities price exactly and round the total half up to a whole minor unit", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const hours = await root.products.create({
      sku: "CONSULT",
      name: "Consulting hour",
      unit: "hour",
      allowFractionalQuantity: true,
    });
    const book = await root.priceBooks.create({ name: "Services", currency: "USD" });
    await root.priceBooks.setEntry(book.id, {
      productId: hours.id,
      listPrice: 333,
      tiers: [
        { minQuantity: 0.5, unitPrice: 333 },
        { minQuantity: 7.5, unitPrice: 301 },
      ],
    });
    const price = (quantity: number) =>
      root.priceBooks.priceOf({ priceBookId: book.id, productId: hours.id, quantity });
    expect(await price(2.5)).toMatchObject({ unitPrice: 333, total: 833 });
    expect(await price(0.1)).toMatchObject({ unitPrice: 333, tierMinQuantity: null, total: 33 });
    expect(await price(7.5)).toMatchObject({ unitPrice: 301, tierMinQuantity: 7.5, total: 2_258 });
    expect(await price(0.0001)).toMatchObject({ total: 0 });
  });

  it("setEntry replaces a product's entry; getEntry, listEntries, history and events follow", async () => {
    const tenantId = await h.tenant();
    const { root, widget, book } = await tieredSetup(h, tenantId);
    const seen: CrmEvent[] = [];
    const off = h.crm.on("*", (e) => {
      if (e.tenantId === tenantId && e.type.startsWith("price_book.")) seen.push(e);
    });
    const original = await root.priceBooks.getEntry(book.id, widget.id);
    h.clock.advance({ minutes: 10 });
    const replaced = await root.priceBooks.setEntry(book.id, { productId: widget.id, listPrice: 1_100 });
    off();
    expect(replaced).toMatchObject({
      priceBookId: book.id,
      productId: widget.id,
      sku: "W-1",
      productName: "Widget",
      currency: "EUR",
      listPrice: 1_100,
      tiers: [],
    });
    expect(replaced.createdAt).toBe(original.createdAt);
    expect(replaced.updatedAt > original.updatedAt).toBe(true);
    expect(await root.priceBooks.getEntry(book.id, widget.id)).toEqual(replaced);
    expect(
      (await root.priceBooks.priceOf({ priceBookId: book.id, productId: widget.id, quantity: 100 })).unitPrice,
    ).toBe(1_100);
    // An entry change is a change of the book: its event carries the book's new version.
    expect(seen.map((e) => [e.type, e.data])).toEqual([
      ["price_book.entry_set", { id: book.id, productId: widget.id, version: 3 }],
    ]);
    expect((await root.priceBooks.get(book.id)).version).toBe(3);
    const history = await root.audit.history("price_book", book.id);
    expect(history.items.map((r) => r.action)).toEqual(["create", "set_entry", "set_entry"]);
    expect(history.items[2]?.changes).toEqual({
      [`entries.${widget.id}`]: [
        {
          listPrice: 1_000,
          tiers: [
            { minQuantity: 10, unitPrice: 900 },
            { minQuantity: 100, unitPrice: 750 },
          ],
        },
        { listPrice: 1_100, tiers: [] },
      ],
    });
  });

  it("setting an entry to the price it has writes and emits nothing; setEntries changes the book once for the entries that moved", async () => {
    const tenantId = await h.tenant();
    const { root, widget, book } = await tieredSetup(h, tenantId);
    const gadget = await root.products.create({ sku: "G-1", name: "Gadget" });
    const seen: CrmEvent[] = [];
    const off = h.crm.on("*", (e) => {
      if (e.tenantId === tenantId && e.type.startsWith("price_book.")) seen.push(e);
    });
    const original = await root.priceBooks.getEntry(book.id, widget.id);
    const rows = await tenantSnapshot(h.adapter, tenantId);
    h.clock.advance({ minutes: 10 });
    const same = { productId: widget.id, listPrice: 1_000, tiers: [...original.tiers] };
    expect(await root.priceBooks.setEntry(book.id, same)).toEqual(original);
    expect(await tenantSnapshot(h.adapter, tenantId)).toEqual(rows);
    expect(seen).toEqual([]);
    expect((await root.priceBooks.get(book.id)).version).toBe(2);
    const [kept, added] = await root.priceBooks.setEntries(book.id, [same, { productId: gadget.id, listPrice: 50 }]);
    off();
    expect(kept).toEqual(original);
    expect(added).toMatchObject({ productId: gadget.id, listPrice: 50 });
    expect(seen.map((e) => [e.type, e.data])).toEqual([
      ["price_book.entry_set", { id: book.id, productId: gadget.id, version: 3 }],
    ]);
    const history = await root.audit.history("price_book", book.id);
    expect(history.items.map((r) => r.action)).toEqual(["create", "set_entry", "set_entry"]);
    expect(history.items[2]?.changes).toEqual({ [`entries.${gadget.id}`]: [null, { listPrice: 50, tiers: [] }] });
  });

  it("removeEntry takes a product out of a book; pricing it then fails with NotFoundError", async () => {
    const tenantId = await h.tenant();
    const { root, widget, book } = await tieredSetup(h, tenantId);
    const removed = await root.priceBooks.removeEntry(book.id, widget.id);
    expect(removed.listPrice).toBe(1_000);
    await expect(root.priceBooks.getEntry(book.id, widget.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      root.priceBooks.priceOf({ priceBookId: book.id, productId: widget.id, quantity: 1 }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => root.priceBooks.removeEntry(book.id, widget.id)),
    ).toBeInstanceOf(NotFoundError);
    expect((await root.audit.history("price_book", book.id)).items.map((r) => r.action)).toEqual([
      "create",
      "set_entry",
      "remove_entry",
    ]);
  });

  it("rejects bad entries — unknown, inactive or archived product, unsorted or overlapping tiers, negative prices — writing nothing", async () => {
    const tenantId = await h.tenant();
    const { root, widget, book } = await tieredSetup(h, tenantId);
    const retired = await root.products.create({ sku: "OLD", name: "Retired", active: false });
    const archived = await root.products.create({ sku: "GONE", name: "Gone" });
    await root.products.archive(archived.id);
    const foreign = await admin(h, await h.tenant()).products.create({ sku: "F", name: "Foreign" });
    const cases: [unknown, string][] = [
      [{ productId: "prd_01JDQ8Z6X4W3F2R5T7Y9B1N3M5", listPrice: 1 }, "productId"],
      [{ productId: foreign.id, listPrice: 1 }, "productId"],
      [{ productId: retired.id, listPrice: 1 }, "productId"],
      [{ productId: archived.id, listPrice: 1 }, "productId"],
      [{ productId: "acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5", listPrice: 1 }, "productId"],
      [{ productId: widget.id, listPrice: -1 }, "listPrice"],
      [{ productId: widget.id, listPrice: 9.99 }, "listPrice"],
      [{ productId: widget.id, listPrice: 10, tiers: [{ minQuantity: 10, unitPrice: -5 }] }, "tiers.0.unitPrice"],
      [
        {
          productId: widget.id,
          listPrice: 10,
          tiers: [
            { minQuantity: 50, unitPrice: 8 },
            { minQuantity: 10, unitPrice: 9 },
          ],
        },
        "tiers.1.minQuantity",
      ],
      [
        {
          productId: widget.id,
          listPrice: 10,
          tiers: [
            { minQuantity: 10, unitPrice: 8 },
            { minQuantity: 10, unitPrice: 7 },
          ],
        },
        "tiers.1.minQuantity",
      ],
      [{ productId: widget.id, listPrice: 10, tiers: [{ minQuantity: 0, unitPrice: 8 }] }, "tiers.0.minQuantity"],
      [{ productId: widget.id, listPrice: 10, tiers: [{ minQuantity: 5 }] }, "tiers.0.unitPrice"],
      [{ productId: widget.id, listPrice: 10, currency: "USD" }, ""],
    ];
    for (const [entry, path] of cases) {
      const error = await expectNothingWritten(h.adapter, tenantId, () =>
        root.priceBooks.setEntry(book.id, entry as never),
      );
      expect(issuePaths(error)).toContain(path);
    }
    const batch = await expectNothingWritten(h.adapter, tenantId, () =>
      root.priceBooks.setEntries(book.id, [
        { productId: widget.id, listPrice: 5 },
        { productId: retired.id, listPrice: 5 },
        { productId: widget.id, listPrice: 6 },
      ]),
    );
    expect(issuePaths(batch)).toContain("2.productId");
    await expect(root.priceBooks.setEntries(book.id, [])).rejects.toBeInstanceOf(ValidationError);
    expect((await root.priceBooks.getEntry(book.id, widget.id)).listPrice).toBe(1_000);
  });

  it("refuses entries in an unknown or archived book, and pricing from an inactive book or product", async () => {
    const tenantId = await h.tenant();
    const { root, widget, book } = await tieredSetup(h, tenantId);
    const entry = { productId: widget.id, listPrice: 1 };
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        root.priceBooks.setEntry("pbk_01JDQ8Z6X4W3F2R5T7Y9B1N3M5", entry),
      ),
    ).toBeInstanceOf(NotFoundError);
    const quantity = 1;
    await root.products.update(widget.id, { active: false });
    await expect(
      root.priceBooks.priceOf({ priceBookId: book.id, productId: widget.id, quantity }),
    ).rejects.toBeInstanceOf(InvalidTransitionError);
    await root.products.update(widget.id, { active: true });
    await root.priceBooks.update(book.id, { active: false });
    await expect(
      root.priceBooks.priceOf({ priceBookId: book.id, productId: widget.id, quantity }),
    ).rejects.toBeInstanceOf(InvalidTransitionError);
    await root.priceBooks.archive(book.id);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => root.priceBooks.setEntry(book.id, entry)),
    ).toBeInstanceOf(InvalidTransitionError);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => root.priceBooks.removeEntry(book.id, widget.id)),
    ).toBeInstanceOf(InvalidTransitionError);
    await expect(
      root.priceBooks.priceOf({ priceBookId: "pbk_01JDQ8Z6X4W3F2R5T7Y9B1N3M5", productId: widget.id, quantity }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const other = admin(h, await h.tenant());
    await expect(
      other.priceBooks.priceOf({ priceBookId: book.id, productId: widget.id, quantity }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(other.priceBooks.getEntry(book.id, widget.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("setEntries imports a catalogue in one call; listEntries pages through it in product order", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const products = await root.products.createMany(
      Array.from({ length: 620 }, (_, i) => ({ sku: `BULK-${String(i).padStart(4, "0")}`, name: `Item ${i}` })),
    );
    const book = await root.priceBooks.create({ name: "Bulk", currency: "GBP" });
    const entries = await root.priceBooks.setEntries(
      book.id,
      products.map((p, i) => ({
        productId: p.id,
        listPrice: 100 + i,
        ...(i % 2 === 0 ? { tiers: [{ minQuantity: 12, unitPrice: 90 + i }] } : {}),
      })),
    );
    expect(entries).toHaveLength(620);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await root.priceBooks.listEntries(book.id, { limit: 250, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((e) => e.productId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(products.map((p) => p.id).sort());
    const p42 = products[42];
    expect(p42).toBeDefined();
    expect(
      await root.priceBooks.priceOf({ priceBookId: book.id, productId: p42?.id ?? "", quantity: 12 }),
    ).toMatchObject({ unitPrice: 132, total: 1_584, currency: "GBP" });
    await expect(root.priceBooks.listEntries(book.id, { cursor: "garbage" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("default roles: reps read catalogue and prices but cannot change them; managers can", async () => {
    const tenantId = await h.tenant();
    const { widget, book } = await tieredSetup(h, tenantId);
    const alice = rep(h, tenantId);
    expect((await alice.products.get(widget.id)).sku).toBe("W-1");
    expect(
      (await alice.priceBooks.priceOf({ priceBookId: book.id, productId: widget.id, quantity: 10 })).unitPrice,
    ).toBe(900);
    expect((await alice.priceBooks.listEntries(book.id)).items).toHaveLength(1);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => alice.products.create({ sku: "R", name: "Rep's" })),
    ).toBeInstanceOf(ForbiddenError);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        alice.priceBooks.setEntry(book.id, { productId: widget.id, listPrice: 1 }),
      ),
    ).toBeInstanceOf(ForbiddenError);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => alice.priceBooks.removeEntry(book.id, widget.id)),
    ).toBeInstanceOf(ForbiddenError);
    const manager = h.crm.as({ tenantId, userId: "meg", roles: ["sales_manager"] });
    expect((await manager.priceBooks.setEntry(book.id, { productId: widget.id, listPrice: 1_050 })).listPrice).toBe(
      1_050,
    );
    const nobody = h.crm.as({ tenantId, userId: "nobody", roles: [] });
    await expect(
      nobody.priceBooks.priceOf({ priceBookId: book.id, productId: widget.id, quantity: 1 }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(nobody.priceBooks.listEntries(book.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("emits product.* and price_book.* record events", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const seen: string[] = [];
    const off = h.crm.on("*", (e) => {
      if (e.tenantId === tenantId) seen.push(e.type);
    });
    const product = await root.products.create({ sku: "E", name: "Evented" });
    await root.products.update(product.id, { name: "Evented 2" });
    const book = await root.priceBooks.create({ name: "Book", currency: "CHF" });
    await root.priceBooks.update(book.id, { description: "Swiss" });
    await root.priceBooks.setEntry(book.id, { productId: product.id, listPrice: 10 });
    await root.priceBooks.removeEntry(book.id, product.id);
    await root.priceBooks.archive(book.id);
    await root.products.archive(product.id);
    off();
    expect(seen).toEqual([
      "product.created",
      "product.updated",
      "price_book.created",
      "price_book.updated",
      "price_book.entry_set",
      "price_book.entry_removed",
      "price_book.archived",
      "product.archived",
    ]);
  });
}
