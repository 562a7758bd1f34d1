import { expect, it } from "vitest";
import { inNewTransaction } from "../../storage/new-transaction.js";
import type { Harness } from "./harness.js";

/**
 * The adapter's transactions (its own `transaction` where it has one, else Kysely's):
 * commit, roll back, refuse a finished transaction, and queue concurrent ones.
 */
export function adapterTransactionTests(h: Harness): void {
  const tagsOf = (tenantId: string) =>
    h.adapter.db
      .selectFrom("rapport_tags")
      .select("tag")
      .where("tenant_id", "=", tenantId)
      .orderBy("tag")
      .execute()
      .then((rows) => rows.map((r) => r.tag as string));
  const tag = (tenantId: string, name: string) => ({
    tenant_id: tenantId,
    entity_type: "account",
    entity_id: "acc_1",
    tag: name,
  });

  it("commits what fn wrote and returns its result", async () => {
    const tenantId = await h.tenant();
    const result = await inNewTransaction(h.adapter, async (trx) => {
      await trx.insertInto("rapport_tags").values(tag(tenantId, "kept")).execute();
      const inside = await trx.selectFrom("rapport_tags").select("tag").where("tenant_id", "=", tenantId).execute();
      return inside.length;
    });
    expect(result).toBe(1);
    expect(await tagsOf(tenantId)).toEqual(["kept"]);
  });

  it("rolls back everything when fn throws, rethrows its error, and the next transaction works", async () => {
    const tenantId = await h.tenant();
    const failure = new Error("fn failed");
    await expect(
      inNewTransaction(h.adapter, async (trx) => {
        await trx.insertInto("rapport_tags").values(tag(tenantId, "first")).execute();
        await trx.insertInto("rapport_tags").values(tag(tenantId, "second")).execute();
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await tagsOf(tenantId)).toEqual([]);
    await inNewTransaction(h.adapter, (trx) => trx.insertInto("rapport_tags").values(tag(tenantId, "after")).execute());
    expect(await tagsOf(tenantId)).toEqual(["after"]);
  });

  it("rolls back when a statement fails inside, keeping the database's error", async () => {
    const tenantId = await h.tenant();
    const error = await inNewTransaction(h.adapter, async (trx) => {
      await trx.insertInto("rapport_tags").values(tag(tenantId, "twice")).execute();
      await trx.insertInto("rapport_tags").values(tag(tenantId, "twice")).execute();
    }).catch((e: unknown) => e);
    expect(h.adapter.isUniqueViolation(error)).toBe(true);
    expect(await tagsOf(tenantId)).toEqual([]);
  });

  it("refuses statements on a transaction that has ended", async () => {
    const tenantId = await h.tenant();
    const leaked = await inNewTransaction(h.adapter, async (trx) => trx);
    await expect(leaked.insertInto("rapport_tags").values(tag(tenantId, "late")).execute()).rejects.toThrow();
    expect(await tagsOf(tenantId)).toEqual([]);
  });

  it("runs concurrent transactions whole, one's writes never mixed into the other's rollback", async () => {
    const tenantId = await h.tenant();
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
    const committed = inNewTransaction(h.adapter, async (trx) => {
      await trx.insertInto("rapport_tags").values(tag(tenantId, "a1")).execute();
      await pause();
      await trx.insertInto("rapport_tags").values(tag(tenantId, "a2")).execute();
    });
    const rolledBack = inNewTransaction(h.adapter, async (trx) => {
      await trx.insertInto("rapport_tags").values(tag(tenantId, "b1")).execute();
      await pause();
      throw new Error("second fails");
    });
    const [first, second] = await Promise.allSettled([committed, rolledBack]);
    expect(first.status).toBe("fulfilled");
    expect(second).toMatchObject({ status: "rejected", reason: { message: "second fails" } });
    expect(await tagsOf(tenantId)).toEqual(["a1", "a2"]);
  });
}
