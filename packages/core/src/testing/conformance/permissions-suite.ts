import { expect, it } from "vitest";
import { DuplicateError, ForbiddenError, ValidationError } from "../../kernel/errors.js";
import { DEFAULT_ROLES } from "../../permissions/permission-catalog.js";
import { expectNothingWritten } from "../snapshot.js";
import { admin, type Harness } from "./harness.js";

type Expected = "all" | "own" | null;
const ACTIONS = ["create", "read", "update", "archive"] as const;

/**
 * The grants the default roles promise, written out independently of the implementation:
 * role → entity → [create, read, update, archive].
 */
const SPEC: Record<(typeof DEFAULT_ROLES)[number], Record<string, [Expected, Expected, Expected, Expected]>> = {
  admin: {
    account: ["all", "all", "all", "all"],
    custom_field: ["all", "all", "all", "all"],
    role: ["all", "all", "all", "all"],
    probe_note: ["all", "all", "all", "all"],
  },
  sales_manager: {
    account: ["all", "all", "all", "all"],
    custom_field: [null, "all", null, null],
    role: [null, null, null, null],
    probe_note: [null, null, null, null],
  },
  sales_rep: {
    account: ["own", "all", "own", "own"],
    custom_field: [null, "all", null, null],
    role: [null, null, null, null],
    probe_note: ["own", "own", "own", "own"],
  },
  service_agent: {
    account: [null, "all", "all", null],
    custom_field: [null, "all", null, null],
    role: [null, null, null, null],
    probe_note: [null, null, null, null],
  },
  dispatcher: {
    account: [null, "all", null, null],
    custom_field: [null, "all", null, null],
    role: [null, null, null, null],
    probe_note: [null, null, null, null],
  },
  marketer: {
    account: ["own", "all", "own", null],
    custom_field: [null, "all", null, null],
    role: [null, null, null, null],
    probe_note: [null, null, null, null],
  },
  analyst: {
    account: [null, "all", null, null],
    custom_field: [null, "all", null, null],
    role: [null, null, null, null],
    probe_note: [null, null, null, null],
  },
  read_only: {
    account: [null, "all", null, null],
    custom_field: [null, "all", null, null],
    role: [null, null, null, null],
    probe_note: [null, null, null, null],
  },
};

export function permissionTests(h: Harness): void {
  it("the policy matches the default-role matrix (roles × entities × actions, own vs others' records)", async () => {
    const tenantId = await h.tenant();
    const mismatches: string[] = [];
    for (const [role, entities] of Object.entries(SPEC)) {
      const actor = { tenantId, userId: "u1", roles: [role] };
      for (const [entity, expected] of Object.entries(entities)) {
        for (const [i, action] of ACTIONS.entries()) {
          const want = expected[i] ?? null;
          const mine = await h.crm.can(actor, `${entity}:${action}`, { ownerId: "u1" });
          const theirs = await h.crm.can(actor, `${entity}:${action}`, { ownerId: "u2" });
          const got: Expected = mine ? (theirs ? "all" : "own") : null;
          if (got !== want) mismatches.push(`${role} ${entity}:${action} expected ${want} got ${got}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("every default role is enforced by the account service exactly as the matrix says", async () => {
    const tenantId = await h.tenant();
    for (const role of DEFAULT_ROLES) {
      const [create, read, update, archive] = SPEC[role].account ?? [];
      const client = h.crm.as({ tenantId, userId: `${role}_user`, roles: [role] });
      const others = await admin(h, tenantId).accounts.create({ name: `Other of ${role}`, ownerId: "someone_else" });
      const outcome = async (fn: () => Promise<unknown>) =>
        fn().then(
          () => true,
          (e: unknown) => (e instanceof ForbiddenError ? false : Promise.reject(e)),
        );
      const created = await outcome(() => client.accounts.create({ name: `By ${role}` }));
      expect([role, "create", created]).toEqual([role, "create", create !== null]);
      expect([role, "read", await outcome(() => client.accounts.get(others.id))]).toEqual([
        role,
        "read",
        read === "all",
      ]);
      expect([role, "update", await outcome(() => client.accounts.update(others.id, { industry: role }))]).toEqual([
        role,
        "update",
        update === "all",
      ]);
      expect([role, "archive", await outcome(() => client.accounts.archive(others.id))]).toEqual([
        role,
        "archive",
        archive === "all",
      ]);
    }
  });

  it("a tenant role grants what it says, hides fields and protects read-only fields", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    await root.customFields.define({ entityType: "account", key: "margin", label: "Margin", kind: "number" });
    await root.roles.define({
      name: "junior_rep",
      grants: { "account:read": "all", "account:update": "own" },
      hiddenFields: { account: ["annualRevenue", "custom.margin"] },
      readOnlyFields: { account: ["industry"] },
    });
    const mine = await root.accounts.create({
      name: "Mine",
      ownerId: "jr",
      annualRevenue: 500,
      currency: "USD",
      industry: "Retail",
      custom: { margin: 12 },
    });
    const theirs = await root.accounts.create({ name: "Theirs", ownerId: "other" });
    const junior = h.crm.as({ tenantId, userId: "jr", roles: ["junior_rep"] });
    const seen = await junior.accounts.get(mine.id);
    expect(seen).not.toHaveProperty("annualRevenue");
    expect(seen.custom).toEqual({});
    expect(seen.industry).toBe("Retail");
    const listed = await junior.accounts.list();
    expect(listed.items.every((a) => !("annualRevenue" in a))).toBe(true);
    expect((await junior.accounts.update(mine.id, { name: "Mine, renamed" })).name).toBe("Mine, renamed");
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => junior.accounts.update(mine.id, { industry: "Banking" })),
    ).toBeInstanceOf(ForbiddenError);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => junior.accounts.update(mine.id, { annualRevenue: 1 })),
    ).toBeInstanceOf(ForbiddenError);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => junior.accounts.update(theirs.id, { name: "x" })),
    ).toBeInstanceOf(ForbiddenError);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => junior.accounts.create({ name: "New" })),
    ).toBeInstanceOf(ForbiddenError);
    await expect(junior.accounts.list({ orderBy: { field: "annualRevenue" } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      junior.accounts.list({ filter: [{ field: "custom.margin", op: "gt", value: 1 }] }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const actor = { tenantId, userId: "jr", roles: ["junior_rep"] };
    expect(await h.crm.can(actor, "account:read", { ownerId: "other" }, "name")).toBe(true);
    expect(await h.crm.can(actor, "account:read", { ownerId: "jr" }, "annualRevenue")).toBe(false);
    expect(await h.crm.can(actor, "account:update", { ownerId: "jr" }, "industry")).toBe(false);
    expect(await h.crm.can(actor, "account:update", { ownerId: "jr" }, "name")).toBe(true);
    // Holding a default role too: the most permissive role wins for fields.
    const both = h.crm.as({ tenantId, userId: "jr", roles: ["junior_rep", "sales_manager"] });
    expect((await both.accounts.get(mine.id)).annualRevenue).toBe(500);
    // Archiving the role withdraws it: the name is no longer a role of the tenant.
    const role = (await root.roles.list()).items.find((r) => r.name === "junior_rep");
    await root.roles.archive(role?.id ?? "");
    await expect(junior.accounts.get(mine.id)).rejects.toBeInstanceOf(ValidationError);
  });

  it("roles refuse unknown permissions, default names and duplicates, and only admins define them", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    await root.roles.define({ name: "auditor", grants: { "audit:read": "all", "account:*": "all" } });
    const attempts: [unknown, new (...args: never[]) => Error][] = [
      [{ name: "bad", grants: { "spaceship:fly": "all" } }, ValidationError],
      [{ name: "bad", grants: { "account:teleport": "all" } }, ValidationError],
      [{ name: "bad", grants: { "account:read": "galaxy" } }, ValidationError],
      [{ name: "admin", grants: { "account:read": "all" } }, DuplicateError],
      [{ name: "auditor", grants: { "account:read": "all" } }, DuplicateError],
      [{ name: "Bad Name", grants: {} }, ValidationError],
    ];
    for (const [input, expected] of attempts) {
      expect(await expectNothingWritten(h.adapter, tenantId, () => root.roles.define(input as never))).toBeInstanceOf(
        expected,
      );
    }
    const manager = h.crm.as({ tenantId, userId: "m", roles: ["sales_manager"] });
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        manager.roles.define({ name: "sneaky", grants: { "*:*": "all" } }),
      ),
    ).toBeInstanceOf(ForbiddenError);
    const auditor = h.crm.as({ tenantId, userId: "a", roles: ["auditor"] });
    const account = await auditor.accounts.create({ name: "By auditor" });
    expect((await auditor.audit.history("account", account.id)).items).toHaveLength(1);
  });

  it("crm.restrict narrows a host's own query to the rows the actor may see", async () => {
    const tenantId = await h.tenant();
    await h.crm.as({ tenantId, userId: "alice", roles: ["sales_rep"] }).probe.notes.create({ body: "alice's" });
    await h.crm.as({ tenantId, userId: "bob", roles: ["sales_rep"] }).probe.notes.create({ body: "bob's" });
    const base = h.adapter.db
      .selectFrom("probe_notes")
      .select("body")
      .where("tenant_id", "=", tenantId)
      .orderBy("body");
    const alice = { tenantId, userId: "alice", roles: ["sales_rep"] };
    const bodies = async (q: typeof base) => (await q.execute()).map((r: { body: string }) => r.body);
    expect(await bodies(await h.crm.restrict(alice, "probe_note:read", base, { ownerColumn: "created_by" }))).toEqual([
      "alice's",
    ]);
    expect(
      await bodies(
        await h.crm.restrict({ ...alice, roles: ["admin"] }, "probe_note:read", base, { ownerColumn: "created_by" }),
      ),
    ).toEqual(["alice's", "bob's"]);
    await expect(h.crm.restrict({ ...alice, roles: ["read_only"] }, "probe_note:read", base)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
}
