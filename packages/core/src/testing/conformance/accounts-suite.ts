import { expect, it } from "vitest";
import {
  ConflictError,
  DuplicateError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
} from "../../kernel/errors.js";
import { ID_PATTERN } from "../../kernel/ids.js";
import { expectNothingWritten } from "../snapshot.js";
import { admin, defineAccountFields, type Harness, rep } from "./harness.js";

export function accountTests(h: Harness): void {
  it("create returns a full record with a prefixed sortable id, version 1 and clock timestamps", async () => {
    const tenantId = await h.tenant();
    h.clock.set("2026-03-02T10:15:00.000Z");
    const account = await rep(h, tenantId).accounts.create({ name: "  Globex  ", type: "customer" });
    expect(account).toMatchObject({
      tenantId,
      name: "Globex",
      type: "customer",
      industry: null,
      ownerId: "alice",
      version: 1,
      createdAt: "2026-03-02T10:15:00.000Z",
      updatedAt: "2026-03-02T10:15:00.000Z",
      createdBy: "alice",
      updatedBy: "alice",
      archivedAt: null,
      custom: {},
      externalIds: {},
    });
    expect(account.id).toMatch(ID_PATTERN);
    expect(account.id.startsWith("acc_")).toBe(true);
    expect(await rep(h, tenantId).accounts.get(account.id)).toEqual(account);
  });

  it("an input read by hand and one left to zod (a class instance) make the same account, on create and update", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    // zod accepts any object; the hand-written reader takes plain ones only, so a class instance goes to zod.
    class Input {}
    const viaZod = <T extends object>(values: T): T => Object.assign(new Input(), values);
    const input = {
      name: " Initech ",
      type: "customer" as const,
      website: " https://initech.example ",
      annualRevenue: 12_000_00,
      currency: "USD",
      billingAddress: { line1: "", city: " Austin ", country: "US" },
      tags: ["B", " a ", "b"],
    };
    const created = await alice.accounts.createMany([
      { ...input, externalIds: { erp: " I-1 " } },
      viaZod({ ...input, externalIds: { erp: " I-2 " } }),
    ]);
    const [plain, classy] = created.map(({ id, externalIds, ...rest }) => ({ id, externalIds, rest }));
    if (!plain || !classy) throw new Error("createMany returned fewer records than inputs");
    expect(classy.rest).toEqual(plain.rest);
    expect(plain.rest).toMatchObject({ name: "Initech", website: "https://initech.example", tags: ["a", "b"] });
    expect([plain.externalIds, classy.externalIds]).toEqual([{ erp: "I-1" }, { erp: "I-2" }]);
    const patch = { industry: " Software ", website: null, employeeCount: 40 };
    const { id: _plainId, externalIds: _plainKeys, ...patchedPlain } = await alice.accounts.update(plain.id, patch);
    const {
      id: _classyId,
      externalIds: _classyKeys,
      ...patchedClassy
    } = await alice.accounts.update(classy.id, viaZod(patch));
    expect(patchedClassy).toEqual(patchedPlain);
    expect(patchedPlain).toMatchObject({ industry: "Software", website: null, employeeCount: 40, version: 2 });
  });

  it("ids sort in creation order", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await alice.accounts.create({ name: `Order ${i}` })).id);
    expect([...ids].sort()).toEqual(ids);
  });

  it("update applies a patch, bumps the version, audits the diff and rejects a stale version", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    await defineAccountFields(h, tenantId, ["tier", "region"]);
    const account = await alice.accounts.create({ name: "Acme", custom: { tier: "gold" } });
    h.clock.advance({ minutes: 5 });
    const updated = await alice.accounts.update(
      account.id,
      { industry: "Manufacturing", custom: { region: "EMEA" } },
      { expectedVersion: 1 },
    );
    expect(updated).toMatchObject({ version: 2, industry: "Manufacturing", custom: { tier: "gold", region: "EMEA" } });
    expect(updated.updatedAt > account.updatedAt).toBe(true);
    await expect(alice.accounts.update(account.id, { name: "Stale" }, { expectedVersion: 1 })).rejects.toBeInstanceOf(
      ConflictError,
    );
    const history = await admin(h, tenantId).audit.history("account", account.id);
    expect(history.items.map((r) => r.action)).toEqual(["create", "update"]);
    expect(history.items[1]?.changes).toEqual({ industry: [null, "Manufacturing"], "custom.region": [null, "EMEA"] });
    expect(history.items[1]?.actorId).toBe("alice");
  });

  it("archive hides the record from lists, keeps get working and refuses a second archive", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    const keep = await alice.accounts.create({ name: "Keep" });
    const gone = await alice.accounts.create({ name: "Gone" });
    const archived = await alice.accounts.archive(gone.id, { expectedVersion: 1 });
    expect(archived.archivedAt).toBe(h.clock.now().toISOString());
    expect((await alice.accounts.list()).items.map((a) => a.id)).toEqual([keep.id]);
    expect((await alice.accounts.list({ includeArchived: true })).items.map((a) => a.id).sort()).toEqual(
      [keep.id, gone.id].sort(),
    );
    expect((await alice.accounts.get(gone.id)).archivedAt).not.toBeNull();
    await expect(alice.accounts.archive(gone.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(alice.accounts.update(gone.id, { name: "Back" })).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it("getForUpdate reads a record for a write in a transaction, archived ones too, and refuses unknown ids and outsiders", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const account = await root.accounts.create({ name: "Locked Ltd" });
    const locked = await root.transaction(async (tx) => {
      const read = await tx.accounts.getForUpdate(account.id);
      await tx.accounts.update(account.id, { industry: "Steel" }, { expectedVersion: read.version });
      return read;
    });
    expect(locked).toEqual(account);
    expect((await root.accounts.get(account.id)).version).toBe(2);
    await root.accounts.archive(account.id);
    expect((await root.accounts.getForUpdate(account.id)).archivedAt).not.toBeNull();
    await expect(root.accounts.getForUpdate("acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5")).rejects.toBeInstanceOf(NotFoundError);
    const outsider = h.crm.as({ tenantId, userId: "outsider", roles: [] });
    await expect(outsider.accounts.getForUpdate(account.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("get of an unknown id throws NotFoundError", async () => {
    const tenantId = await h.tenant();
    await expect(rep(h, tenantId).accounts.get("acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("list filters, sorts both ways and pages with a cursor", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const names = ["Delta", "alpha", "Charlie", "bravo", "Echo", "Foxtrot", "Golf"];
    for (const [i, name] of names.entries()) {
      await root.accounts.create({
        name,
        type: i % 2 === 0 ? "customer" : "prospect",
        annualRevenue: (i + 1) * 100_000,
        currency: "EUR",
      });
    }
    const customers = await root.accounts.list({
      filter: [{ field: "type", op: "eq", value: "customer" }],
      orderBy: { field: "annualRevenue", direction: "desc" },
    });
    expect(customers.items.map((a) => a.name)).toEqual(["Golf", "Echo", "Charlie", "Delta"]);
    const mid = await root.accounts.list({
      filter: [
        { field: "annualRevenue", op: "gte", value: 200_000 },
        { field: "annualRevenue", op: "lt", value: 500_000 },
      ],
    });
    expect(mid.items.map((a) => a.name)).toEqual(["alpha", "Charlie", "bravo"]);
    const contains = await root.accounts.list({ filter: [{ field: "name", op: "contains", value: "HAR" }] });
    expect(contains.items.map((a) => a.name)).toEqual(["Charlie"]);
    const inList = await root.accounts.list({ filter: [{ field: "name", op: "in", value: ["Echo", "Golf", "Nope"] }] });
    expect(inList.items.map((a) => a.name)).toEqual(["Echo", "Golf"]);
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await root.accounts.list({
        orderBy: { field: "annualRevenue" },
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      pages.push(page.items.map((a) => a.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages).toEqual([["Delta", "alpha", "Charlie"], ["bravo", "Echo", "Foxtrot"], ["Golf"]]);
  });

  it("a list statement reused across calls answers each call with that call's values", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    await root.roles.define({ name: "own_reader", grants: { "account:read": "own" } });
    const rows = [
      ["Alpha", "customer", "Banking", "ann"],
      ["Bravo", "prospect", null, "ann"],
      ["Charlie", "customer", null, "bea"],
      ["Delta", "prospect", "Aviation", "bea"],
      ["Echo", "customer", "Banking", "bea"],
    ] as const;
    for (const [name, type, industry, ownerId] of rows) await root.accounts.create({ name, type, industry, ownerId });
    const names = async (options: Parameters<typeof root.accounts.list>[0], as = root) =>
      (await as.accounts.list({ orderBy: { field: "name" }, ...options })).items.map((a) => a.name);
    const ofType = (value: string) => names({ filter: [{ field: "type", op: "eq", value }] });
    expect(await ofType("customer")).toEqual(["Alpha", "Charlie", "Echo"]);
    expect(await ofType("prospect")).toEqual(["Bravo", "Delta"]);
    expect(await ofType("partner")).toEqual([]);
    const industry = (value: string | null) => names({ filter: [{ field: "industry", op: "eq", value }] });
    expect(await industry("Banking")).toEqual(["Alpha", "Echo"]);
    expect(await industry(null)).toEqual(["Bravo", "Charlie"]);
    expect(await industry("Aviation")).toEqual(["Delta"]);
    const named = (value: string[]) => names({ filter: [{ field: "name", op: "in", value }] });
    expect(await named(["Alpha", "Delta"])).toEqual(["Alpha", "Delta"]);
    expect(await named(["Bravo", "Echo"])).toEqual(["Bravo", "Echo"]);
    expect(await named(["Bravo", "Charlie", "Echo"])).toEqual(["Bravo", "Charlie", "Echo"]);
    expect(await names({ filter: [{ field: "name", op: "contains", value: "ha" }] })).toEqual(["Alpha", "Charlie"]);
    expect(await names({ filter: [{ field: "name", op: "contains", value: "elt" }] })).toEqual(["Delta"]);
    // Two pages of each size, their cursors taken from the same statement with other values.
    const first = await root.accounts.list({ orderBy: { field: "name" }, limit: 2 });
    const second = await root.accounts.list({ orderBy: { field: "name" }, limit: 2, cursor: first.nextCursor ?? "" });
    const third = await root.accounts.list({ orderBy: { field: "name" }, limit: 2, cursor: second.nextCursor ?? "" });
    expect([first, second, third].map((page) => page.items.map((a) => a.name))).toEqual([
      ["Alpha", "Bravo"],
      ["Charlie", "Delta"],
      ["Echo"],
    ]);
    // Each reader's own records, through one statement with another owner each time.
    const ann = h.crm.as({ tenantId, userId: "ann", roles: ["own_reader"] });
    const bea = h.crm.as({ tenantId, userId: "bea", roles: ["own_reader"] });
    expect(await names({}, ann)).toEqual(["Alpha", "Bravo"]);
    expect(await names({}, bea)).toEqual(["Charlie", "Delta", "Echo"]);
    expect(await names({ filter: [{ field: "type", op: "eq", value: "customer" }] }, ann)).toEqual(["Alpha"]);
    expect(await names({ filter: [{ field: "type", op: "eq", value: "customer" }] }, bea)).toEqual(["Charlie", "Echo"]);
    const listed = (await root.accounts.list({ filter: [{ field: "name", op: "eq", value: "Delta" }] })).items[0];
    const got = await root.accounts.get(listed?.id ?? "");
    expect(listed).toEqual(got);
    expect(Object.keys(listed ?? {})).toEqual(Object.keys(got));
  });

  it("cursor pagination stays stable while rows are inserted between pages", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    for (const name of ["b", "d", "f", "h", "j", "l"]) await root.accounts.create({ name });
    const first = await root.accounts.list({ orderBy: { field: "name" }, limit: 3 });
    expect(first.items.map((a) => a.name)).toEqual(["b", "d", "f"]);
    for (const name of ["a", "c", "e", "g", "k"]) await root.accounts.create({ name });
    const second = await root.accounts.list({ orderBy: { field: "name" }, limit: 3, cursor: first.nextCursor ?? "" });
    expect(second.items.map((a) => a.name)).toEqual(["g", "h", "j"]);
    const third = await root.accounts.list({ orderBy: { field: "name" }, limit: 3, cursor: second.nextCursor ?? "" });
    expect(third.items.map((a) => a.name)).toEqual(["k", "l"]);
    expect(third.nextCursor).toBeNull();
  });

  it("sorting by a nullable field puts nulls last and pages through them", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    await root.accounts.create({ name: "n1" });
    await root.accounts.create({ name: "i1", industry: "Banking" });
    await root.accounts.create({ name: "n2" });
    await root.accounts.create({ name: "i2", industry: "Aviation" });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof root.accounts.list>> = await root.accounts.list({
        orderBy: { field: "industry" },
        limit: 1,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((a) => a.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["i2", "i1", "n1", "n2"]);
  });

  it("upsertByExternalId creates once, then updates the same record; findByExternalId finds it", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const first = await root.accounts.upsertByExternalId("erp", "C-1042", { name: "Globex", type: "customer" });
    expect(first.created).toBe(true);
    expect(first.record.externalIds).toEqual({ erp: "C-1042" });
    const second = await root.accounts.upsertByExternalId("erp", "C-1042", { name: "Globex Corp" });
    expect(second).toMatchObject({ created: false, record: { id: first.record.id, name: "Globex Corp", version: 2 } });
    expect((await root.accounts.findByExternalId("erp", "C-1042"))?.id).toBe(first.record.id);
    expect(await root.accounts.findByExternalId("erp", "C-9999")).toBeNull();
    await expect(root.accounts.create({ name: "Clash", externalIds: { erp: "C-1042" } })).rejects.toBeInstanceOf(
      DuplicateError,
    );
  });

  it("createMany inserts every record in one call, with an audit row and an event each", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const created: string[] = [];
    const off = h.crm.on("account.created", (e) => {
      if (e.tenantId === tenantId) created.push(e.data.id);
    });
    const inputs = Array.from({ length: 1_234 }, (_, i) => ({
      name: `Bulk ${String(i).padStart(4, "0")}`,
      annualRevenue: i,
      currency: "USD",
    }));
    const records = await root.accounts.createMany(inputs);
    off();
    expect(records).toHaveLength(1_234);
    expect(records.map((r) => r.name)).toEqual(inputs.map((i) => i.name));
    expect(created).toEqual(records.map((r) => r.id));
    expect([...created].sort()).toEqual(created);
    const last = records[1_233];
    expect(last ? await root.accounts.get(last.id) : null).toEqual(last);
    expect((await root.audit.history("account", records[500]?.id ?? "")).items.map((a) => a.action)).toEqual([
      "create",
    ]);
    let count = 0;
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof root.accounts.list>> = await root.accounts.list({
        limit: 500,
        ...(cursor ? { cursor } : {}),
      });
      count += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    expect(count).toBe(1_234);
  });

  it("createMany with one invalid input fails whole, naming the input's index, and writes nothing", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const inputs = [{ name: "Fine" }, { name: "Also fine" }, { name: "" }, { name: "Fine too", currency: "ABC" }];
    const error = await expectNothingWritten(h.adapter, tenantId, () => root.accounts.createMany(inputs));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path.join("."))).toEqual(["2.name", "3.currency"]);
    expect(await expectNothingWritten(h.adapter, tenantId, () => root.accounts.createMany([]))).toBeInstanceOf(
      ValidationError,
    );
    const readOnly = h.crm.as({ tenantId, userId: "ro", roles: ["read_only"] });
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => readOnly.accounts.createMany([{ name: "X" }])),
    ).toBeInstanceOf(ForbiddenError);
  });

  it("createMany refuses an external id another account holds, or one given twice, naming it, and writes nothing", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const holder = await root.accounts.create({ name: "Holder", externalIds: { erp: "E-700" } });
    const inputs = Array.from({ length: 700 }, (_, i) => ({ name: `Bulk ${i}`, externalIds: { erp: `E-${i}` } }));
    // The held key comes last, past the first statement's 500 keys.
    const late = { name: "Late", externalIds: { erp: "E-700" } };
    const held = await expectNothingWritten(h.adapter, tenantId, () => root.accounts.createMany([...inputs, late]));
    expect(held).toBeInstanceOf(DuplicateError);
    expect((held as DuplicateError).details).toMatchObject({
      system: "erp",
      externalId: "E-700",
      existingId: holder.id,
    });
    const twice = await expectNothingWritten(h.adapter, tenantId, () =>
      root.accounts.createMany([
        { name: "One", externalIds: { erp: "E-1" } },
        { name: "Two", externalIds: { erp: "E-1" } },
      ]),
    );
    expect(twice).toBeInstanceOf(DuplicateError);
    expect((twice as DuplicateError).details).toMatchObject({ system: "erp", externalId: "E-1" });
    const created = await root.accounts.createMany(inputs);
    expect(await root.accounts.findByExternalId("erp", "E-699")).toEqual(created[699]);
  });

  it("concurrent upserts with one external id create exactly one record", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => root.accounts.upsertByExternalId("erp", "C-7", { name: `Racer ${i}` })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.record.id)).size).toBe(1);
    expect((await root.accounts.list()).items).toHaveLength(1);
  });
}
