import { expect, it } from "vitest";
import type { CrmEvent } from "../../events/event-types.js";
import { NotFoundError, ValidationError } from "../../kernel/errors.js";
import { expectNothingWritten } from "../snapshot.js";
import { admin, type Harness, rep } from "./harness.js";

function issuePaths(error: unknown): string[] {
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((i) => i.path.join("."));
}

/** Accounts as a full record: hierarchy without cycles, size, structured addresses. */
export function accountFullTests(h: Harness): void {
  it("create keeps parent, employee count, website and structured addresses, with blank parts as null", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    const group = await alice.accounts.create({ name: "Globex Group", type: "customer" });
    const branch = await alice.accounts.create({
      name: "Globex Berlin",
      type: "customer",
      parentId: group.id,
      employeeCount: 250,
      website: "https://globex.example/de",
      billingAddress: { line1: " Obere Str. 57 ", line2: "", city: "Berlin", postalCode: "12209", country: "DE" },
      shippingAddress: { city: "Potsdam", country: "DE" },
    });
    expect(branch).toMatchObject({
      parentId: group.id,
      employeeCount: 250,
      website: "https://globex.example/de",
      ownerId: "alice",
      billingAddress: {
        line1: "Obere Str. 57",
        line2: null,
        city: "Berlin",
        region: null,
        postalCode: "12209",
        country: "DE",
      },
      shippingAddress: { line1: null, line2: null, city: "Potsdam", region: null, postalCode: null, country: "DE" },
    });
    expect(group).toMatchObject({ parentId: null, employeeCount: null, billingAddress: null, shippingAddress: null });
    expect(await alice.accounts.get(branch.id)).toEqual(branch);
  });

  it("update replaces an address whole, clears it with null, and audits the change", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const account = await root.accounts.create({
      name: "Initech",
      billingAddress: { line1: "1 Main St", city: "Austin", region: "TX", country: "US" },
    });
    const moved = await root.accounts.update(
      account.id,
      { billingAddress: { city: "Dallas", country: "US" } },
      { expectedVersion: 1 },
    );
    expect(moved.billingAddress).toEqual({
      line1: null,
      line2: null,
      city: "Dallas",
      region: null,
      postalCode: null,
      country: "US",
    });
    const cleared = await root.accounts.update(account.id, { billingAddress: null }, { expectedVersion: 2 });
    expect(cleared.billingAddress).toBeNull();
    expect((await root.accounts.get(account.id)).billingAddress).toBeNull();
    const history = await root.audit.history("account", account.id);
    expect(history.items.map((r) => r.action)).toEqual(["create", "update", "update"]);
    expect(history.items[2]?.changes.billingAddress).toEqual([moved.billingAddress, null]);
  });

  it("employee count filters by range and sorts, so size bands are list filters", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    for (const [name, employeeCount] of [
      ["Tiny", 4],
      ["Small", 40],
      ["Mid", 180],
      ["Large", 4_000],
      ["Unknown", null],
    ] as const) {
      await root.accounts.create({ name, employeeCount });
    }
    const band = await root.accounts.list({
      filter: [
        { field: "employeeCount", op: "gte", value: 11 },
        { field: "employeeCount", op: "lte", value: 200 },
      ],
    });
    expect(band.items.map((a) => a.name)).toEqual(["Small", "Mid"]);
    const bySize = await root.accounts.list({ orderBy: { field: "employeeCount", direction: "desc" } });
    expect(bySize.items.map((a) => a.name)).toEqual(["Large", "Mid", "Small", "Tiny", "Unknown"]);
  });

  it("ancestors walks up nearest first; children list by parentId; descendants pages the whole subtree", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const holding = await root.accounts.create({ name: "Holding" });
    const emea = await root.accounts.create({ name: "EMEA", parentId: holding.id });
    const apac = await root.accounts.create({ name: "APAC", parentId: holding.id });
    const de = await root.accounts.create({ name: "DE", parentId: emea.id });
    const berlin = await root.accounts.create({ name: "Berlin", parentId: de.id });
    const jp = await root.accounts.create({ name: "JP", parentId: apac.id });
    await root.accounts.create({ name: "Unrelated" });

    expect((await root.accounts.ancestors(berlin.id)).map((a) => a.name)).toEqual(["DE", "EMEA", "Holding"]);
    expect(await root.accounts.ancestors(holding.id)).toEqual([]);
    const children = await root.accounts.list({
      filter: [{ field: "parentId", op: "eq", value: holding.id }],
      orderBy: { field: "name" },
    });
    expect(children.items.map((a) => a.name)).toEqual(["APAC", "EMEA"]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await root.accounts.descendants(holding.id, { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([emea.id, apac.id, de.id, berlin.id, jp.id]);
    expect((await root.accounts.descendants(emea.id)).items.map((a) => a.name)).toEqual(["DE", "Berlin"]);
    expect((await root.accounts.descendants(berlin.id)).items).toEqual([]);

    await root.accounts.archive(de.id);
    expect((await root.accounts.descendants(emea.id)).items.map((a) => a.name)).toEqual(["Berlin"]);
    expect((await root.accounts.descendants(emea.id, { includeArchived: true })).items.map((a) => a.name)).toEqual([
      "DE",
      "Berlin",
    ]);
    expect((await root.accounts.ancestors(berlin.id)).map((a) => a.name)).toEqual(["DE", "EMEA", "Holding"]);
  });

  it("moving an account under its own descendant or itself is a cycle: ValidationError, nothing written", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const top = await root.accounts.create({ name: "Top" });
    const mid = await root.accounts.create({ name: "Mid", parentId: top.id });
    const leaf = await root.accounts.create({ name: "Leaf", parentId: mid.id });
    for (const [account, parentId] of [
      [top, leaf.id],
      [top, mid.id],
      [mid, leaf.id],
      [leaf, leaf.id],
    ] as const) {
      const error = await expectNothingWritten(h.adapter, tenantId, () =>
        root.accounts.update(account.id, { parentId }),
      );
      expect(issuePaths(error)).toEqual(["parentId"]);
    }
    expect((await root.accounts.get(top.id)).version).toBe(1);
    // Moving within the tree without a cycle is fine, and so is detaching.
    expect((await root.accounts.update(leaf.id, { parentId: top.id })).parentId).toBe(top.id);
    expect((await root.accounts.update(mid.id, { parentId: null })).parentId).toBeNull();
    expect((await root.accounts.update(top.id, { parentId: mid.id })).parentId).toBe(mid.id);
    expect((await root.accounts.ancestors(leaf.id)).map((a) => a.name)).toEqual(["Top", "Mid"]);
  });

  it("refuses a parent that is unknown, archived, malformed or another tenant's, writing nothing", async () => {
    const tenantId = await h.tenant();
    const other = await h.tenant();
    const root = admin(h, tenantId);
    const foreign = await admin(h, other).accounts.create({ name: "Elsewhere" });
    const archived = await root.accounts.create({ name: "Closed" });
    await root.accounts.archive(archived.id);
    const child = await root.accounts.create({ name: "Child" });
    for (const parentId of [
      "acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5",
      archived.id,
      foreign.id,
      "con_01JDQ8Z6X4W3F2R5T7Y9B1N3M5",
      "nope",
    ]) {
      expect(
        issuePaths(
          await expectNothingWritten(h.adapter, tenantId, () => root.accounts.create({ name: "Orphan", parentId })),
        ),
      ).toContain("parentId");
      expect(
        issuePaths(await expectNothingWritten(h.adapter, tenantId, () => root.accounts.update(child.id, { parentId }))),
      ).toContain("parentId");
    }
  });

  it("two concurrent moves that would close a cycle: one wins, the other is refused", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const a = await root.accounts.create({ name: "A" });
    const b = await root.accounts.create({ name: "B" });
    const results = await Promise.allSettled([
      root.accounts.update(a.id, { parentId: b.id }),
      root.accounts.update(b.id, { parentId: a.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failure = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(issuePaths(failure.reason)).toEqual(["parentId"]);
    const [ra, rb] = [await root.accounts.get(a.id), await root.accounts.get(b.id)];
    expect([ra.parentId, rb.parentId].filter((p) => p !== null)).toHaveLength(1);
  });

  it("rejects bad sizes and addresses with ValidationError naming the field, writing nothing", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const cases: [unknown, string][] = [
      [{ name: "N", employeeCount: -1 }, "employeeCount"],
      [{ name: "N", employeeCount: 12.5 }, "employeeCount"],
      [{ name: "N", employeeCount: "50" }, "employeeCount"],
      [{ name: "N", billingAddress: { city: "Paris", country: "XX" } }, "billingAddress.country"],
      [{ name: "N", billingAddress: { city: "Paris", country: "fr" } }, "billingAddress.country"],
      [{ name: "N", billingAddress: { city: "London", country: "UK" } }, "billingAddress.country"],
      [{ name: "N", billingAddress: { city: "Paris", zip: "75001" } }, "billingAddress"],
      [{ name: "N", shippingAddress: {} }, "shippingAddress"],
      [{ name: "N", shippingAddress: { line1: "   " } }, "shippingAddress"],
      [{ name: "N", shippingAddress: { line1: "x".repeat(201) } }, "shippingAddress.line1"],
      [{ name: "N", shippingAddress: { city: "Nul\u0000" } }, "shippingAddress.city"],
      [{ name: "N", shippingAddress: "Berlin" }, "shippingAddress"],
    ];
    for (const [input, path] of cases) {
      const error = await expectNothingWritten(h.adapter, tenantId, () => root.accounts.create(input as never));
      expect(issuePaths(error)).toContain(path);
    }
  });

  it("hierarchy reads: NotFoundError for an unknown account, ValidationError for malformed ids and cursors", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    await expect(root.accounts.ancestors("acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5")).rejects.toBeInstanceOf(NotFoundError);
    await expect(root.accounts.descendants("acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5")).rejects.toBeInstanceOf(NotFoundError);
    await expect(root.accounts.ancestors("opp_01JDQ8Z6X4W3F2R5T7Y9B1N3M5")).rejects.toBeInstanceOf(ValidationError);
    const account = await root.accounts.create({ name: "Solo" });
    await expect(root.accounts.descendants(account.id, { cursor: "garbage" })).rejects.toBeInstanceOf(ValidationError);
    await expect(root.accounts.descendants(account.id, { limit: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(root.accounts.descendants(account.id, { depth: 2 } as never)).rejects.toBeInstanceOf(ValidationError);
  });

  it("account.updated names parentId and the addresses among the changed fields", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const parent = await root.accounts.create({ name: "Parent" });
    const account = await root.accounts.create({ name: "Child" });
    const seen: CrmEvent[] = [];
    const off = h.crm.on("account.updated", (e) => {
      if (e.tenantId === tenantId) seen.push(e);
    });
    await root.accounts.update(account.id, { parentId: parent.id, shippingAddress: { country: "JP" } });
    off();
    expect(seen.map((e) => e.data)).toEqual([{ id: account.id, version: 2, changed: ["parentId", "shippingAddress"] }]);
  });
}
