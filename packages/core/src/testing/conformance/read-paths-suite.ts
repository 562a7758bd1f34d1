import { expect, it } from "vitest";
import { ForbiddenError } from "../../kernel/errors.js";
import { admin, type Harness } from "./harness.js";

/**
 * Every read path gives one answer: `crm.restrict` on a host's query, `audit.history`
 * and the records' own `get`/`list` apply the same tenant, scope and field rules.
 */
export function readPathTests(h: Harness): void {
  /** Two tenants where users of the same names wrote notes and accounts. */
  async function twoTenants() {
    const tenants = [await h.tenant(), await h.tenant()] as const;
    for (const tenantId of tenants) {
      for (const userId of ["alice", "bob"]) {
        const client = h.as(tenantId, userId, ["sales_rep"]);
        const account = await client.accounts.create({ name: `${tenantId} ${userId}'s account` });
        await client.probe.notes.create({ body: `${tenantId} ${userId}'s note`, accountId: account.id });
      }
    }
    return tenants;
  }

  it("crm.restrict confines a host query to the actor's tenant in own and all scope", async () => {
    const [acme, globex] = await twoTenants();
    // No tenant filter of the host's own: restrict must add it.
    const notes = h.adapter.db.selectFrom("probe_notes").select("body").orderBy("body");
    const accounts = h.adapter.db.selectFrom("accounts").select("name").orderBy("name");
    const bodies = async (q: typeof notes) => (await q.execute()).map((r: { body: string }) => r.body);
    const names = async (q: typeof accounts) => (await q.execute()).map((r: { name: string }) => r.name);
    const alice = { tenantId: acme, userId: "alice", roles: ["sales_rep"] };
    const root = { tenantId: acme, userId: "root", roles: ["admin"] };
    expect(await bodies(await h.crm.restrict(alice, "probe_note:read", notes))).toEqual([`${acme} alice's note`]);
    expect(await bodies(await h.crm.restrict(root, "probe_note:read", notes))).toEqual([
      `${acme} alice's note`,
      `${acme} bob's note`,
    ]);
    expect(await names(await h.crm.restrict(alice, "account:read", accounts))).toEqual([
      `${acme} alice's account`,
      `${acme} bob's account`,
    ]);
    const globexBob = { tenantId: globex, userId: "bob", roles: ["sales_rep"] };
    expect(await bodies(await h.crm.restrict(globexBob, "probe_note:read", notes))).toEqual([`${globex} bob's note`]);
  });

  it("crm.restrict qualifies its default columns by the query's alias, and takes explicit columns", async () => {
    const [acme] = await twoTenants();
    const alice = { tenantId: acme, userId: "alice", roles: ["sales_rep"] };
    // Both tables have tenant_id, created_by and id: unqualified names would be ambiguous.
    const joined = h.adapter.db
      .selectFrom("probe_notes as n")
      .innerJoin("accounts as a", "a.id", "n.account_id")
      .select(["n.body", "a.name"])
      .orderBy("n.body");
    expect(await (await h.crm.restrict(alice, "probe_note:read", joined)).execute()).toEqual([
      { body: `${acme} alice's note`, name: `${acme} alice's account` },
    ]);
    // A host table linking to accounts, restricted by the account's columns.
    const explicit = await h.crm.restrict(
      { ...alice, roles: ["read_only"] },
      "account:read",
      h.adapter.db.selectFrom("probe_notes as n").innerJoin("accounts as a", "a.id", "n.account_id").select("a.name"),
      { tenantColumn: "a.tenant_id", ownerColumn: "a.owner_id" },
    );
    expect((await explicit.execute()).map((r) => r.name).sort()).toEqual([
      `${acme} alice's account`,
      `${acme} bob's account`,
    ]);
  });

  it("audit.history needs read access to the record itself, as get does", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    await root.roles.define({ name: "audit_only", grants: { "audit:read": "own" } });
    await root.roles.define({ name: "note_auditor", grants: { "audit:read": "all", "probe_note:read": "own" } });
    await root.roles.define({ name: "account_auditor", grants: { "audit:read": "all", "account:read": "all" } });
    const account = await root.accounts.create({ name: "Secret Co", ownerId: "carol" });
    const carolsNote = await h.as(tenantId, "carol", ["sales_rep"]).probe.notes.create({ body: "carol's" });
    const davesNote = await h.as(tenantId, "dave", ["sales_rep"]).probe.notes.create({ body: "dave's" });

    const auditOnly = h.as(tenantId, "carol", ["audit_only"]);
    await expect(auditOnly.accounts.get(account.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(auditOnly.audit.history("account", account.id)).rejects.toBeInstanceOf(ForbiddenError);

    const noteAuditor = h.as(tenantId, "dave", ["note_auditor"]);
    await expect(noteAuditor.probe.notes.get(carolsNote.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(noteAuditor.audit.history("probe_note", carolsNote.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await noteAuditor.audit.history("probe_note", davesNote.id)).items.map((r) => r.action)).toEqual([
      "create",
    ]);
    await expect(noteAuditor.audit.history("account", account.id)).rejects.toBeInstanceOf(ForbiddenError);

    const accountAuditor = h.as(tenantId, "erin", ["account_auditor"]);
    expect((await accountAuditor.audit.history("account", account.id)).items[0]?.changes).toMatchObject({
      name: [null, "Secret Co"],
    });
    // A record that is not in the tenant has nothing to show.
    expect((await accountAuditor.audit.history("account", "acc_0000000000000000000000")).items).toEqual([]);
  });

  it("audit.history leaves out fields the actor's role hides, custom fields included", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    for (const key of ["margin", "region"]) {
      await root.customFields.define({
        entityType: "account",
        key,
        label: key,
        kind: key === "margin" ? "number" : "text",
      });
    }
    await root.roles.define({
      name: "junior_auditor",
      grants: { "account:read": "all", "audit:read": "all" },
      hiddenFields: { account: ["annualRevenue", "custom.margin"] },
    });
    const account = await root.accounts.create({
      name: "Globex",
      annualRevenue: 5_000_000,
      currency: "USD",
      custom: { margin: 31, region: "EMEA" },
    });
    const updated = await root.accounts.update(account.id, { annualRevenue: 6_000_000, custom: { margin: 35 } });
    await root.accounts.update(account.id, { name: "Globex Corp" }, { expectedVersion: updated.version });

    const full = await root.audit.history("account", account.id);
    expect(full.items[1]?.changes).toMatchObject({ annualRevenue: [5_000_000, 6_000_000], "custom.margin": [31, 35] });

    const junior = h.as(tenantId, "jr", ["junior_auditor"]);
    const seen = await junior.audit.history("account", account.id);
    expect(seen.items.map((r) => r.action)).toEqual(["create", "update", "update"]);
    const text = JSON.stringify(seen.items.map((r) => r.changes));
    for (const secret of ["annualRevenue", "margin", "5000000", "6000000"]) expect(text).not.toContain(secret);
    expect(seen.items[0]?.changes.name).toEqual([null, "Globex"]);
    expect(seen.items[0]?.changes.custom).toEqual([null, { region: "EMEA" }]);
    expect(seen.items[1]?.changes).toEqual({});
    expect(seen.items[2]?.changes).toEqual({ name: ["Globex", "Globex Corp"] });
  });
}
