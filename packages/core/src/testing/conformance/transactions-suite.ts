import { expect, it } from "vitest";
import type { CrmEvent } from "../../events/event-types.js";
import { CrmError } from "../../kernel/errors.js";
import { tenantSnapshot } from "../snapshot.js";
import { admin, type Harness, rep } from "./harness.js";

export function transactionTests(h: Harness): void {
  it("a failed transaction leaves no row, no audit entry, no feed entry and fires no event", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    const seen: CrmEvent[] = [];
    const off = h.crm.on("*", (e) => void seen.push(e));
    const before = await tenantSnapshot(h.adapter, tenantId);
    await expect(
      alice.transaction(async (tx) => {
        await tx.accounts.create({ name: "Initech" });
        await tx.accounts.create({ name: "Hooli" });
        throw new CrmError("HOST_ABORT", "host changed its mind");
      }),
    ).rejects.toMatchObject({ code: "HOST_ABORT" });
    off();
    expect(await tenantSnapshot(h.adapter, tenantId)).toEqual(before);
    expect(seen.filter((e) => e.tenantId === tenantId)).toEqual([]);
    expect((await h.crm.changes.since(undefined, { tenantId })).items.map((e) => e.type)).toEqual(["tenant.created"]);
  });

  it("a grouped transaction commits every call together and delivers events after commit", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    const seen: string[] = [];
    const off = h.crm.on("account.created", (e) => void seen.push(e.data.id));
    const ids = await alice.transaction(async (tx) => {
      const a = await tx.accounts.create({ name: "Umbrella" });
      const b = await tx.accounts.create({ name: "Cyberdyne" });
      expect(seen).toEqual([]);
      return [a.id, b.id];
    });
    off();
    expect(seen).toEqual(ids);
    const page = await alice.accounts.list();
    expect(page.items.map((a) => a.id).sort()).toEqual([...ids].sort());
  });

  it("nested transaction calls join the outer transaction", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    await expect(
      alice.transaction(async (tx) => {
        await tx.transaction(async (inner) => inner.accounts.create({ name: "Inner" }));
        throw new Error("outer fails");
      }),
    ).rejects.toThrow("outer fails");
    expect((await alice.accounts.list()).items).toEqual([]);
  });

  it("calling the outer client inside transaction(fn) fails fast instead of escaping (or, on SQLite, waiting forever)", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    const outer = await alice.accounts.create({ name: "Outer" });
    await expect(
      alice.transaction(async (tx) => {
        await tx.accounts.create({ name: "Inside" });
        await alice.accounts.get(outer.id);
      }),
    ).rejects.toMatchObject({ code: "TRANSACTION_MISUSE" });
    await expect(
      alice.transaction(async () => alice.accounts.create({ name: "Escaping write" })),
    ).rejects.toMatchObject({
      code: "TRANSACTION_MISUSE",
    });
    expect((await alice.accounts.list()).items.map((a) => a.name)).toEqual(["Outer"]);
  });

  it("a host transaction commits the host's writes and Rapport's together, events only after afterCommit", async () => {
    const tenantId = await h.tenant();
    const seen: string[] = [];
    const off = h.crm.on("account.created", (e) => void seen.push(e.data.id));
    let bound!: ReturnType<ReturnType<typeof rep>["withTransaction"]>;
    const created = await h.adapter.db.transaction().execute(async (trx) => {
      bound = rep(h, tenantId).withTransaction(trx);
      const account = await bound.accounts.create({ name: "Host-made" });
      await bound.accounts.update(account.id, { industry: "Retail" });
      expect(seen).toEqual([]);
      return account;
    });
    expect(seen).toEqual([]);
    expect(await bound.afterCommit()).toBe(2);
    off();
    expect(seen).toEqual([created.id]);
    expect((await rep(h, tenantId).accounts.get(created.id)).industry).toBe("Retail");
  });

  it("a host transaction that rolls back takes Rapport's writes with it and delivers nothing", async () => {
    const tenantId = await h.tenant();
    const seen: string[] = [];
    const off = h.crm.on("account.created", (e) => void seen.push(e.data.id));
    const before = await tenantSnapshot(h.adapter, tenantId);
    let bound!: ReturnType<ReturnType<typeof rep>["withTransaction"]>;
    await expect(
      h.adapter.db.transaction().execute(async (trx) => {
        bound = rep(h, tenantId).withTransaction(trx);
        await bound.accounts.create({ name: "Doomed" });
        throw new Error("host rollback");
      }),
    ).rejects.toThrow("host rollback");
    expect(await bound.afterCommit()).toBe(0);
    off();
    expect(seen).toEqual([]);
    expect(await tenantSnapshot(h.adapter, tenantId)).toEqual(before);
  });

  it("a before hook can enrich the input, and its veto rolls everything back", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const removeEnrich = h.crm.before<{ name: string; industry?: string | null }>("account.create", (input, op) =>
      op.tenantId === tenantId ? { ...input, industry: input.industry ?? "Unclassified" } : undefined,
    );
    const removeVeto = h.crm.before<{ name: string }>("account.create", (input, op) => {
      if (op.tenantId === tenantId && input.name.startsWith("Blocked")) {
        throw new CrmError("POLICY_VETO", "Names starting with Blocked are not allowed");
      }
    });
    try {
      const enriched = await root.accounts.create({ name: "Enriched" });
      expect(enriched.industry).toBe("Unclassified");
      const before = await tenantSnapshot(h.adapter, tenantId);
      await expect(
        root.transaction(async (tx) => {
          await tx.accounts.create({ name: "Fine" });
          await tx.accounts.create({ name: "Blocked Corp" });
        }),
      ).rejects.toMatchObject({ code: "POLICY_VETO" });
      expect(await tenantSnapshot(h.adapter, tenantId)).toEqual(before);

      // createMany runs the hooks for every input, in order, and a veto of one writes none.
      const batch = await root.accounts.createMany([{ name: "First" }, { name: "Second", industry: "Energy" }]);
      expect(batch.map((a) => a.industry)).toEqual(["Unclassified", "Energy"]);
      const afterBatch = await tenantSnapshot(h.adapter, tenantId);
      await expect(
        root.accounts.createMany([{ name: "Third" }, { name: "Blocked Too" }, { name: "Fourth" }]),
      ).rejects.toMatchObject({ code: "POLICY_VETO" });
      expect(await tenantSnapshot(h.adapter, tenantId)).toEqual(afterBatch);
    } finally {
      removeEnrich();
      removeVeto();
    }
  });
}
