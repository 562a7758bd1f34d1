import { expect, it } from "vitest";
import { DuplicateError, ValidationError } from "../../kernel/errors.js";
import { expectNothingWritten } from "../snapshot.js";
import { admin, type Harness } from "./harness.js";

function issuePaths(error: unknown): string[] {
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((i) => i.path.join("."));
}

type Grant = "all" | "own" | null;

/**
 * The default roles' grants on contacts, products and price books, written out
 * independently of the parts: role → entity → [create, read, update, archive].
 */
const RECORD_GRANTS: Record<string, Record<"contact" | "product" | "price_book", [Grant, Grant, Grant, Grant]>> = {
  admin: {
    contact: ["all", "all", "all", "all"],
    product: ["all", "all", "all", "all"],
    price_book: ["all", "all", "all", "all"],
  },
  sales_manager: {
    contact: ["all", "all", "all", "all"],
    product: ["all", "all", "all", "all"],
    price_book: ["all", "all", "all", "all"],
  },
  sales_rep: {
    contact: ["own", "all", "own", "own"],
    product: [null, "all", null, null],
    price_book: [null, "all", null, null],
  },
  service_agent: {
    contact: ["own", "all", "all", null],
    product: [null, "all", null, null],
    price_book: [null, "all", null, null],
  },
  dispatcher: {
    contact: [null, "all", null, null],
    product: [null, "all", null, null],
    price_book: [null, "all", null, null],
  },
  marketer: {
    contact: ["own", "all", "own", null],
    product: [null, "all", null, null],
    price_book: [null, "all", null, null],
  },
  analyst: {
    contact: [null, "all", null, null],
    product: [null, "all", null, null],
    price_book: [null, "all", null, null],
  },
  read_only: {
    contact: [null, "all", null, null],
    product: [null, "all", null, null],
    price_book: [null, "all", null, null],
  },
};

/** Products: unique SKUs, cost, flags, and the default grants of the shared records. */
export function productTests(h: Harness): void {
  it("default roles grant contacts, products and price books as the matrix says (own vs others' records)", async () => {
    const tenantId = await h.tenant();
    const mismatches: string[] = [];
    for (const [role, entities] of Object.entries(RECORD_GRANTS)) {
      const actor = { tenantId, userId: "u1", roles: [role] };
      for (const [entity, grants] of Object.entries(entities)) {
        for (const [i, action] of (["create", "read", "update", "archive"] as const).entries()) {
          const mine = await h.crm.can(actor, `${entity}:${action}`, { ownerId: "u1" });
          const theirs = await h.crm.can(actor, `${entity}:${action}`, { ownerId: "u2" });
          const got: Grant = mine ? (theirs ? "all" : "own") : null;
          if (got !== grants[i]) mismatches.push(`${role} ${entity}:${action} expected ${grants[i]} got ${got}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("create returns a product with defaults; findBySku finds it exactly", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const chai = await root.products.create({
      sku: " NW-1 ",
      name: "Chai",
      family: "Beverages",
      unit: "box",
      unitCost: 1_350,
      costCurrency: "USD",
    });
    expect(chai).toMatchObject({
      sku: "NW-1",
      name: "Chai",
      family: "Beverages",
      unit: "box",
      unitCost: 1_350,
      costCurrency: "USD",
      active: true,
      allowFractionalQuantity: false,
      version: 1,
    });
    expect(chai.id.startsWith("prd_")).toBe(true);
    expect(await root.products.get(chai.id)).toEqual(chai);
    expect((await root.products.findBySku("NW-1"))?.id).toBe(chai.id);
    expect(await root.products.findBySku("nw-1")).toBeNull();
    const drinks = await root.products.list({
      filter: [
        { field: "family", op: "eq", value: "Beverages" },
        { field: "active", op: "eq", value: true },
      ],
    });
    expect(drinks.items.map((p) => p.sku)).toEqual(["NW-1"]);
  });

  it("a SKU is unique per tenant: create, update and createMany with a taken SKU fail with DuplicateError and write nothing", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const first = await root.products.create({ sku: "SKU-1", name: "First" });
    const second = await root.products.create({ sku: "SKU-2", name: "Second" });
    const onCreate = await expectNothingWritten(h.adapter, tenantId, () =>
      root.products.create({ sku: "SKU-1", name: "Again" }),
    );
    expect(onCreate).toBeInstanceOf(DuplicateError);
    expect((onCreate as DuplicateError).details).toMatchObject({ sku: "SKU-1", existingId: first.id });
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => root.products.update(second.id, { sku: "SKU-1" })),
    ).toBeInstanceOf(DuplicateError);
    const batch = [
      { sku: "SKU-3", name: "Third" },
      { sku: "SKU-3", name: "Third again" },
    ];
    expect(await expectNothingWritten(h.adapter, tenantId, () => root.products.createMany(batch))).toBeInstanceOf(
      DuplicateError,
    );
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        root.products.upsertByExternalId("erp", "X", { sku: "SKU-2", name: "Clash" }),
      ),
    ).toBeInstanceOf(DuplicateError);
    // Archived products keep their SKU; another tenant may use it.
    await root.products.archive(first.id);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => root.products.create({ sku: "SKU-1", name: "Reuse" })),
    ).toBeInstanceOf(DuplicateError);
    const other = await h.tenant();
    expect((await admin(h, other).products.create({ sku: "SKU-1", name: "Theirs" })).sku).toBe("SKU-1");
    expect((await root.products.update(second.id, { sku: "SKU-2", name: "Renamed" })).name).toBe("Renamed");
  });

  it("concurrent creates of one SKU: exactly one wins, the others get DuplicateError", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => root.products.create({ sku: "RACE", name: `Racer ${i}` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(DuplicateError);
    expect((await root.products.list()).items).toHaveLength(1);
  });

  it("rejects bad products with ValidationError naming the field, writing nothing", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const cases: [unknown, string][] = [
      [{ name: "No SKU" }, "sku"],
      [{ sku: "   ", name: "Blank" }, "sku"],
      [{ sku: "x".repeat(65), name: "Long" }, "sku"],
      [{ sku: "C", name: "Cost", unitCost: 100 }, "costCurrency"],
      [{ sku: "C", name: "Cost", unitCost: -1, costCurrency: "USD" }, "unitCost"],
      [{ sku: "C", name: "Cost", unitCost: 1.5, costCurrency: "USD" }, "unitCost"],
      [{ sku: "C", name: "Cost", unitCost: 1, costCurrency: "ABC" }, "costCurrency"],
      [{ sku: "C", name: "Flag", active: "yes" }, "active"],
      [{ sku: "C", name: "Typo", famly: "X" }, ""],
    ];
    for (const [input, path] of cases) {
      const error = await expectNothingWritten(h.adapter, tenantId, () => root.products.create(input as never));
      if (path === "") expect(error).toBeInstanceOf(ValidationError);
      else expect(issuePaths(error)).toContain(path);
    }
    const product = await root.products.create({ sku: "OK", name: "Fine", unitCost: 5, costCurrency: "EUR" });
    expect(
      issuePaths(
        await expectNothingWritten(h.adapter, tenantId, () => root.products.update(product.id, { costCurrency: null })),
      ),
    ).toContain("costCurrency");
  });
}
