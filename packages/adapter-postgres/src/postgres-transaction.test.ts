import type { StorageAdapter } from "@rapport/core";
import { adapterTargets } from "@rapport/testkit";
import { AbortedTransactionError, CamelCasePlugin, type Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const postgres = adapterTargets().find((target) => target.name === "postgres");

if (postgres) {
  // One connection: a client left mid-transaction would show in the next transaction.
  describe("postgres transactions", () => {
    let adapter: StorageAdapter;
    const transaction = <T>(fn: (trx: Transaction<any>) => Promise<T>) => {
      if (!adapter.transaction) throw new Error("the PostgreSQL adapter runs its own transactions");
      return adapter.transaction(fn);
    };
    const names = async () =>
      (await adapter.db.selectFrom("items").select("item_name").orderBy("item_name").execute()).map((r) => r.item_name);

    beforeAll(async () => {
      adapter = await postgres.create({ maxConnections: 1 });
      await adapter.initialize();
      await adapter.db.schema
        .createTable("items")
        .addColumn("item_name", "text", (c) => c.unique())
        .execute();
    });
    afterAll(async () => {
      await adapter.close();
      await postgres.dispose(adapter);
    });

    it("fails the commit with AbortedTransactionError when fn swallowed a failed statement, and writes nothing", async () => {
      const outcome = transaction(async (trx) => {
        await trx.insertInto("items").values({ item_name: "aborted" }).execute();
        await trx
          .insertInto("items")
          .values({ item_name: "aborted" })
          .execute()
          .catch(() => {});
        return "done";
      });
      await expect(outcome).rejects.toBeInstanceOf(AbortedTransactionError);
      expect(await names()).toEqual([]);
      await transaction((trx) => trx.insertInto("items").values({ item_name: "next" }).execute());
      expect(await names()).toEqual(["next"]);
    });

    it("reports affected rows and returns rows as Kysely's own driver does", async () => {
      const result = await transaction(async (trx) => {
        const inserted = await trx
          .insertInto("items")
          .values([{ item_name: "counted-1" }, { item_name: "counted-2" }])
          .executeTakeFirst();
        const updated = await trx
          .updateTable("items")
          .set({ item_name: "counted-3" })
          .where("item_name", "=", "counted-2")
          .executeTakeFirst();
        const rows = await trx.selectFrom("items").select("item_name").where("item_name", "like", "counted%").execute();
        return { inserted: inserted.numInsertedOrUpdatedRows, updated: updated.numUpdatedRows, rows };
      });
      expect(result).toEqual({
        inserted: 2n,
        updated: 1n,
        rows: [{ item_name: "counted-1" }, { item_name: "counted-3" }],
      });
    });

    it("applies a plugin the caller adds to the transaction", async () => {
      const rows = await transaction((trx) =>
        trx
          .withPlugin(new CamelCasePlugin())
          .selectFrom("items")
          .select("itemName")
          .where("itemName", "=", "next")
          .execute(),
      );
      expect(rows).toEqual([{ itemName: "next" }]);
    });
  });
} else {
  // Reason: RAPPORT_PG_URL is not set outside CI (adapterTargets printed a notice; under CI=true it throws instead).
  describe("postgres transactions", () => {
    it.skip("skipped: set RAPPORT_PG_URL to run the PostgreSQL tests", () => {});
  });
}
