import { expect, it } from "vitest";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../kernel/errors.js";
import { expectNothingWritten } from "../snapshot.js";
import { admin, type Harness, rep } from "./harness.js";

/** Inputs `accounts.create` must refuse with `ValidationError`, each with the path it must name. */
const BAD_CREATES: [label: string, input: unknown, path: string][] = [
  ["a missing name", {}, "name"],
  ["a name of the wrong type", { name: 42 }, "name"],
  ["an empty name", { name: "" }, "name"],
  ["a whitespace-only name", { name: "   \t\n " }, "name"],
  ["a 10 MB name", { name: "x".repeat(10 * 1024 * 1024) }, "name"],
  ["a 10 MB description", { name: "Big", description: "y".repeat(10 * 1024 * 1024) }, "description"],
  ["an unknown field", { name: "Typo", nmae: "Typo" }, ""],
  ["an unknown account type", { name: "T", type: "vendor" }, "type"],
  ["an invalid currency code", { name: "C", annualRevenue: 100, currency: "XYZ" }, "currency"],
  ["a lowercase currency code", { name: "C", annualRevenue: 100, currency: "usd" }, "currency"],
  ["negative money", { name: "M", annualRevenue: -1, currency: "USD" }, "annualRevenue"],
  ["fractional money", { name: "M", annualRevenue: 10.5, currency: "USD" }, "annualRevenue"],
  ["money beyond the safe integer range", { name: "M", annualRevenue: 2 ** 53, currency: "USD" }, "annualRevenue"],
  ["money as a string", { name: "M", annualRevenue: "100", currency: "USD" }, "annualRevenue"],
  ["money without a currency", { name: "M", annualRevenue: 100 }, "currency"],
  ["a website that is not a URL", { name: "W", website: "not a url" }, "website"],
  ["a javascript: URL", { name: "W", website: "javascript:alert(1)" }, "website"],
  ["a custom field key with spaces", { name: "K", custom: { "bad key": 1 } }, "custom"],
  ["a custom value that is an object", { name: "K", custom: { nested: { a: 1 } } }, "custom"],
  ["a malformed external system", { name: "E", externalIds: { "ERP System": "1" } }, "externalIds"],
  ["a NUL character in text", { name: "Nul\u0000Corp" }, "name"],
  ["a NUL character in a custom value", { name: "N", custom: { note: "a\u0000b" } }, "custom"],
  ["a custom field nobody defined", { name: "N", custom: { undefinedField: "x" } }, "custom"],
  ["null input", null, ""],
  ["an array as input", [{ name: "A" }], ""],
];

export function badInputTests(h: Harness): void {
  for (const [label, input, path] of BAD_CREATES) {
    it(`create rejects ${label} with ValidationError and writes nothing`, async () => {
      const tenantId = await h.tenant();
      const error = await expectNothingWritten(h.adapter, tenantId, () =>
        admin(h, tenantId).accounts.create(input as never),
      );
      expect(error).toBeInstanceOf(ValidationError);
      const issues = (error as ValidationError).issues;
      expect(issues.length).toBeGreaterThan(0);
      if (path !== "") expect(issues.map((i) => i.path.join("."))).toContainEqual(expect.stringContaining(path));
      expect((error as ValidationError).code).toBe("VALIDATION_FAILED");
    });
  }

  it("update rejects bad patches, malformed ids and bad versions, writing nothing", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const account = await root.accounts.create({ name: "Target" });
    const cases: [() => Promise<unknown>, new (...args: never[]) => Error][] = [
      [() => root.accounts.update(account.id, { name: "  " }), ValidationError],
      [() => root.accounts.update(account.id, { version: 7 } as never), ValidationError],
      [() => root.accounts.update(account.id, { annualRevenue: 5 } as never), ValidationError],
      [() => root.accounts.update("not-an-id", { name: "X" }), ValidationError],
      [() => root.accounts.update("opp_01JDQ8Z6X4W3F2R5T7Y9B1N3M5", { name: "X" }), ValidationError],
      [() => root.accounts.update(account.id, { name: "X" }, { expectedVersion: 0 }), ValidationError],
      [() => root.accounts.update(account.id, { name: "X" }, { expectedVersion: 1.5 }), ValidationError],
      [() => root.accounts.update(account.id, { name: "X" }, { expectedVersion: 2 }), ConflictError],
      [() => root.accounts.update("acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5", { name: "X" }), NotFoundError],
      [() => root.accounts.archive(account.id, { expectedVersion: 3 }), ConflictError],
      [() => root.accounts.get("acc_bad"), ValidationError],
      [() => root.accounts.list({ filter: [{ field: "secret", op: "eq", value: 1 }] }), ValidationError],
      [() => root.accounts.list({ filter: [{ field: "name", op: "like" as never, value: "x" }] }), ValidationError],
      [() => root.accounts.list({ filter: [{ field: "name", op: "in", value: "x" }] }), ValidationError],
      [() => root.accounts.list({ orderBy: { field: "description" } }), ValidationError],
      [() => root.accounts.list({ limit: 0 }), ValidationError],
      [() => root.accounts.list({ limit: 10_000 }), ValidationError],
      [() => root.accounts.list({ cursor: "garbage" }), ValidationError],
      [() => root.audit.history("account; drop table accounts", account.id), ValidationError],
    ];
    for (const [attempt, expected] of cases) {
      const error = await expectNothingWritten(h.adapter, tenantId, attempt);
      expect(error).toBeInstanceOf(expected);
    }
    expect((await root.accounts.get(account.id)).version).toBe(1);
  });

  it("a cursor from another sort order is refused", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    for (const name of ["a", "b", "c"]) await root.accounts.create({ name });
    const page = await root.accounts.list({ orderBy: { field: "name" }, limit: 1 });
    await expect(
      root.accounts.list({ orderBy: { field: "createdAt" }, cursor: page.nextCursor ?? "" }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("crm.as refuses a malformed actor, and tenants.create a malformed or duplicate tenant", async () => {
    expect(() => h.crm.as({ tenantId: "", userId: "u", roles: [] })).toThrow(ValidationError);
    expect(() => h.crm.as({ tenantId: "t", userId: "u", roles: [], system: true } as never)).toThrow(ValidationError);
    await expect(h.crm.tenants.create({ id: "bad id!", name: "X" })).rejects.toBeInstanceOf(ValidationError);
    await expect(h.crm.tenants.create({ id: "blank", name: " " })).rejects.toBeInstanceOf(ValidationError);
    const tenantId = await h.tenant();
    await expect(h.crm.tenants.create({ id: tenantId, name: "Again" })).rejects.toMatchObject({ code: "DUPLICATE" });
    expect((await h.crm.tenants.get(tenantId)).name).not.toBe("Again");
  });

  it("a rep may not change or archive another rep's account, and writes nothing trying", async () => {
    const tenantId = await h.tenant();
    const bobs = await rep(h, tenantId, "bob").accounts.create({ name: "Bob's" });
    const alice = rep(h, tenantId, "alice");
    expect((await alice.accounts.get(bobs.id)).name).toBe("Bob's");
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => alice.accounts.update(bobs.id, { name: "Alice's now" })),
    ).toBeInstanceOf(ForbiddenError);
    expect(await expectNothingWritten(h.adapter, tenantId, () => alice.accounts.archive(bobs.id))).toBeInstanceOf(
      ForbiddenError,
    );
  });
}
