import { expect, it } from "vitest";
import { createCrm } from "../../crm/create-crm.js";
import { ForbiddenError, ValidationError } from "../../kernel/errors.js";
import { expectNothingWritten } from "../snapshot.js";
import { admin, type Harness, rep } from "./harness.js";
import { probeModule } from "./probe-module.js";

export function moduleTests(h: Harness): void {
  it("migrations are idempotent: migrating again, or from a second instance, applies nothing", async () => {
    expect((await h.crm.migrate()).applied).toEqual([]);
    const second = await createCrm({ adapter: h.adapter, clock: h.clock, modules: [probeModule()], migrate: false });
    expect((await second.migrate()).applied).toEqual([]);
    const tenantId = await h.tenant();
    expect((await rep(h, tenantId).accounts.list()).items).toEqual([]);
  });

  it("a plugin module gets its own table, permissions, events and a client on the scoped client", async () => {
    const tenantId = await h.tenant();
    const seen: string[] = [];
    const off = h.crm.on("probe_note.created", (e) => void seen.push(e.data.id));
    const note = await rep(h, tenantId).probe.notes.create({ body: "Call back Tuesday" });
    off();
    expect(note.id.startsWith("pnote_")).toBe(true);
    expect(seen).toEqual([note.id]);
    const bob = rep(h, tenantId, "bob");
    await bob.probe.notes.create({ body: "Bob's own" });
    // sales_rep holds probe_note:read with scope "own": each rep lists only their notes.
    expect((await bob.probe.notes.list()).items.map((n) => n.body)).toEqual(["Bob's own"]);
    expect((await admin(h, tenantId).probe.notes.list()).items).toHaveLength(2);
    await expect(bob.probe.notes.get(note.id)).rejects.toBeInstanceOf(ForbiddenError);
    const readOnly = h.crm.as({ tenantId, userId: "ro", roles: ["read_only"] });
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => readOnly.probe.notes.create({ body: "nope" })),
    ).toBeInstanceOf(ForbiddenError);
    await expect(readOnly.probe.notes.list()).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("roles decide: read_only reads but cannot write; an actor without roles can do nothing", async () => {
    const tenantId = await h.tenant();
    const account = await admin(h, tenantId).accounts.create({ name: "Seen" });
    const readOnly = h.crm.as({ tenantId, userId: "ro", roles: ["read_only"] });
    expect((await readOnly.accounts.get(account.id)).name).toBe("Seen");
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => readOnly.accounts.create({ name: "X" })),
    ).toBeInstanceOf(ForbiddenError);
    const nobody = h.crm.as({ tenantId, userId: "nobody", roles: [] });
    await expect(nobody.accounts.get(account.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(nobody.accounts.list()).rejects.toBeInstanceOf(ForbiddenError);
    await expect(rep(h, tenantId).audit.history("account", account.id)).rejects.toBeInstanceOf(ForbiddenError);
    const actor = { tenantId, userId: "alice", roles: ["sales_rep"] };
    expect(h.crm.policy.can(actor, "account:update", { ownerId: "alice" })).toBe(true);
    expect(h.crm.policy.can(actor, "account:update", { ownerId: "bob" })).toBe(false);
    expect(h.crm.policy.can(actor, "account:read", { ownerId: "bob" })).toBe(true);
  });

  it("jobs.runDue handles due work once, at the clock's time, however often it runs", async () => {
    const tenantId = await h.tenant();
    h.clock.set("2026-06-01T08:00:00.000Z");
    const probe = rep(h, tenantId).probe;
    await probe.notes.create({ body: "due soon", dueAt: "2026-06-01T09:00:00.000Z" });
    await probe.notes.create({ body: "due later", dueAt: "2026-06-02T09:00:00.000Z" });
    const fired: string[] = [];
    const off = h.crm.on("probe_note.due", (e) => void fired.push(e.data.id));
    const handled = (report: { jobs: readonly { name: string; handled: number }[] }) =>
      report.jobs.find((j) => j.name === "probe.due_notes")?.handled;
    expect(handled(await h.crm.jobs.runDue())).toBe(0);
    h.clock.advance({ hours: 1 });
    const [first, second] = await Promise.all([h.crm.jobs.runDue(), h.crm.jobs.runDue()]);
    expect((handled(first) ?? 0) + (handled(second) ?? 0)).toBe(1);
    expect(handled(await h.crm.jobs.runDue())).toBe(0);
    h.clock.advance({ days: 1 });
    expect(handled(await h.crm.jobs.runDue())).toBe(1);
    off();
    expect(fired).toHaveLength(2);
  });

  it("a plugin entity whose schemas leave out custom, tags and externalIds takes them on every write", async () => {
    const tenantId = await h.tenant();
    const notes = rep(h, tenantId).probe.notes;
    const created = await notes.create({ body: "Tagged", tags: ["VIP ", "vip", "east"], externalIds: { erp: "N-1" } });
    expect(created.tags).toEqual(["east", "vip"]);
    expect(await notes.findByExternalId("erp", "N-1")).toMatchObject({ id: created.id });
    const first = await notes.upsertByExternalId("crm2", "X-7", { body: "From the sync", tags: ["sync"] });
    expect(first.created).toBe(true);
    expect(first.record.externalIds).toEqual({ crm2: "X-7" });
    const again = await notes.upsertByExternalId("crm2", "X-7", { body: "Synced again" });
    expect(again).toMatchObject({
      created: false,
      record: { id: first.record.id, body: "Synced again", tags: ["sync"] },
    });
    const updated = await notes.update(created.id, { tags: ["west"], externalIds: { billing: "B-2" } });
    expect(updated).toMatchObject({ tags: ["west"], externalIds: { erp: "N-1", billing: "B-2" } });
    const many = await notes.createMany([
      { body: "One", tags: ["bulk"] },
      { body: "Two", custom: {} },
    ]);
    expect(many.map((n) => n.tags)).toEqual([["bulk"], []]);
    expect((await notes.list({ filter: [{ field: "tags", op: "hasTag", value: "bulk" }] })).items).toHaveLength(1);
  });

  it("a plugin entity refuses bad custom, tags and externalIds with a ValidationError and writes nothing", async () => {
    const tenantId = await h.tenant();
    const notes = rep(h, tenantId).probe.notes;
    const note = await notes.create({ body: "Kept" });
    const bad = [
      () => notes.create({ body: "x", tags: ["a,b"] }),
      () => notes.create({ body: "x", externalIds: { ERP: "upper-case system" } }),
      () => notes.createMany([{ body: "ok" }, { body: "x", custom: { unknownField: 1 } }]),
      () => notes.update(note.id, { tags: "vip" as never }),
      () => notes.upsertByExternalId("erp", "E-1", { body: "x", custom: { "bad key": 1 } as never }),
    ];
    for (const attempt of bad) {
      expect(await expectNothingWritten(h.adapter, tenantId, attempt)).toBeInstanceOf(ValidationError);
    }
    expect(await notes.get(note.id)).toMatchObject({ version: 1, tags: [] });
  });

  it("createCrm refuses a grant on an undeclared entity or action, or with an unknown scope, naming the module", async () => {
    const granting = (grants: Record<string, unknown>) =>
      createCrm({
        adapter: h.adapter,
        modules: [{ name: "addon", permissions: { roles: { sales_rep: grants as never } } }],
        migrate: false,
      });
    for (const [grants, named] of [
      [
        { "acount:read": "own" },
        /Module "addon" grants "acount:read" to sales_rep: no module declares the entity "acount"/,
      ],
      [{ "account:reed": "own" }, /"account" has no action "reed"/],
      [{ "account:read": "mine" }, /the scope "mine" is none of own, team, all/],
      [{ "probe_note:read": "own" }, /no module declares the entity "probe_note"/],
    ] as const) {
      await expect(granting(grants)).rejects.toMatchObject({
        code: "MODULE_INVALID",
        message: expect.stringMatching(named),
      });
    }
    // The CRMs share the harness's adapter: closing one would close it.
    await expect(granting({ "account:*": "own", "account:read": "all", "*:*": "own" })).resolves.toBeDefined();
  });

  it("createCrm refuses a module hook on a name no module declares, and crm.before refuses one with a ValidationError", async () => {
    const hooked = (name: string) =>
      createCrm({
        adapter: h.adapter,
        modules: [{ name: "addon", hooks: { [name]: () => undefined } }],
        migrate: false,
      });
    await expect(hooked("acount.create")).rejects.toMatchObject({
      code: "MODULE_INVALID",
      message: expect.stringContaining('Module "addon" has a hook on "acount.create"'),
    });
    await expect(hooked("account.merge")).rejects.toMatchObject({ code: "MODULE_INVALID" });
    await expect(hooked("account.archive")).resolves.toBeDefined();
    await expect(hooked("user.upsert")).resolves.toBeDefined();
    expect(() => h.crm.before("acount.create" as never, () => undefined)).toThrow(ValidationError);
    expect(() => h.crm.before("probe_note.complete" as never, () => undefined)).toThrow(
      /No hook point "probe_note.complete"/,
    );
    const tenantId = await h.tenant();
    const seen: string[] = [];
    const off = h.crm.before("probe_note.create", (payload: { body: string }) => void seen.push(payload.body));
    await rep(h, tenantId).probe.notes.create({ body: "Hooked" });
    off();
    expect(seen).toEqual(["Hooked"]);
  });

  it("an actor with a role that is neither a default role nor a live tenant role gets a ValidationError naming the roles", async () => {
    const tenantId = await h.tenant();
    const typo = h.crm.as({ tenantId, userId: "alice", roles: ["sales_repp"] });
    const error = await expectNothingWritten(h.adapter, tenantId, () => typo.accounts.create({ name: "Never" }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(
      /Unknown role "sales_repp": the default roles are admin, .*sales_rep.*; tenant .* defines none/,
    );
    expect((error as ValidationError).issues[0]?.path).toEqual(["roles"]);
    await expect(typo.accounts.list()).rejects.toBeInstanceOf(ValidationError);
    const mixed = h.crm.as({ tenantId, userId: "alice", roles: ["sales_rep", "ghost"] });
    await expect(mixed.accounts.list()).rejects.toThrow(/Unknown role "ghost"/);
    await admin(h, tenantId).roles.define({ name: "closer", grants: { "account:read": "all" } });
    const closer = h.crm.as({ tenantId, userId: "alice", roles: ["closer"] });
    expect((await closer.accounts.list()).items).toEqual([]);
    await expect(typo.accounts.list()).rejects.toThrow(/defines closer/);
  });

  it("createCrm refuses a module whose dependency is missing, and duplicate or reserved names", async () => {
    const needsSales = { name: "addon", dependsOn: ["sales"] } as const;
    await expect(createCrm({ adapter: h.adapter, modules: [needsSales], migrate: false })).rejects.toMatchObject({
      code: "MODULE_DEPENDENCY_MISSING",
    });
    await expect(
      createCrm({ adapter: h.adapter, modules: [probeModule(), probeModule()], migrate: false }),
    ).rejects.toMatchObject({ code: "MODULE_INVALID" });
    await expect(
      createCrm({ adapter: h.adapter, modules: [{ name: "accounts" }], migrate: false }),
    ).rejects.toMatchObject({ code: "MODULE_INVALID" });
  });
}
