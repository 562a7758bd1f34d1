import { expect, it } from "vitest";
import { CrmError } from "../../kernel/errors.js";
import { admin, type Harness, rep } from "./harness.js";

export function afterCommitTests(h: Harness): void {
  it("afterCommit() inside the open host transaction fails fast with TRANSACTION_OPEN and keeps the events for after the commit", async () => {
    const tenantId = await h.tenant();
    const seen: string[] = [];
    const off = h.crm.on("account.created", (e) => {
      if (e.tenantId === tenantId) seen.push(e.data.id);
    });
    try {
      let bound!: ReturnType<ReturnType<typeof rep>["withTransaction"]>;
      const created = await h.adapter.db.transaction().execute(async (trx) => {
        bound = rep(h, tenantId).withTransaction(trx);
        const account = await bound.accounts.create({ name: "Early" });
        const error = await bound.afterCommit().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(CrmError);
        expect(error).toMatchObject({ code: "TRANSACTION_OPEN" });
        // The transaction is still usable after the refusal.
        await bound.accounts.update(account.id, { industry: "Retail" });
        return account;
      });
      expect(seen).toEqual([]);
      expect(await bound.afterCommit()).toBe(2);
      expect(seen).toEqual([created.id]);
      // Delivered once: a second call has nothing left.
      expect(await bound.afterCommit()).toBe(0);
      // The CRM still answers (on SQLite the early call used to hold its only connection for good).
      expect((await admin(h, tenantId).accounts.get(created.id)).industry).toBe("Retail");
    } finally {
      off();
    }
  });

  it("afterCommit() refused inside a host transaction that then rolls back delivers nothing afterwards", async () => {
    const tenantId = await h.tenant();
    const seen: string[] = [];
    const off = h.crm.on("account.created", (e) => {
      if (e.tenantId === tenantId) seen.push(e.data.id);
    });
    try {
      let bound!: ReturnType<ReturnType<typeof rep>["withTransaction"]>;
      await expect(
        h.adapter.db.transaction().execute(async (trx) => {
          bound = rep(h, tenantId).withTransaction(trx);
          await bound.accounts.create({ name: "Doomed" });
          await expect(bound.afterCommit()).rejects.toMatchObject({ code: "TRANSACTION_OPEN" });
          throw new Error("host rollback");
        }),
      ).rejects.toThrow("host rollback");
      expect(await bound.afterCommit()).toBe(0);
      expect(seen).toEqual([]);
      expect((await admin(h, tenantId).accounts.list()).items).toEqual([]);
    } finally {
      off();
    }
  });

  it("afterCommit() inside an open host transaction with no Rapport work yet is refused too", async () => {
    const tenantId = await h.tenant();
    await h.adapter.db.transaction().execute(async (trx) => {
      const bound = rep(h, tenantId).withTransaction(trx);
      await expect(bound.afterCommit()).rejects.toMatchObject({ code: "TRANSACTION_OPEN" });
    });
    expect((await admin(h, tenantId).accounts.list()).items).toEqual([]);
  });
}
