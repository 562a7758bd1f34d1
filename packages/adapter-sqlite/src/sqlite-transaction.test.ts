import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StorageAdapter } from "@rapport/core";
import { afterEach, describe, expect, it } from "vitest";
import { sqliteAdapter } from "./sqlite-adapter.js";

/** Two adapters on one database file stand for two processes sharing it. */
describe("sqlite transactions across processes", () => {
  let directory: string | undefined;
  const adapters: StorageAdapter[] = [];
  afterEach(async () => {
    for (const adapter of adapters.splice(0)) await adapter.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  const open = (filename: string, busyTimeoutMs: number) => {
    const adapter = sqliteAdapter({ filename, busyTimeoutMs });
    adapters.push(adapter);
    return adapter;
  };

  it("a transaction that cannot get the write lock fails, frees the connection, and the next one works", async () => {
    directory = mkdtempSync(join(tmpdir(), "rapport-sqlite-"));
    const filename = join(directory, "crm.db");
    const first = open(filename, 5_000);
    const second = open(filename, 50);
    await first.db.schema.createTable("notes").addColumn("text", "text").execute();
    const transaction = (adapter: StorageAdapter, fn: Parameters<NonNullable<StorageAdapter["transaction"]>>[0]) => {
      if (!adapter.transaction) throw new Error("the SQLite adapter runs its own transactions");
      return adapter.transaction(fn);
    };

    let releaseFirst!: () => void;
    const held = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const holding = transaction(first, async (trx) => {
      await trx.insertInto("notes").values({ text: "first" }).execute();
      await held;
    });
    await expect(
      transaction(second, (trx) => trx.insertInto("notes").values({ text: "blocked" }).execute()),
    ).rejects.toMatchObject({ code: "SQLITE_BUSY" });
    releaseFirst();
    await holding;

    await transaction(second, (trx) => trx.insertInto("notes").values({ text: "second" }).execute());
    const rows = await second.db.selectFrom("notes").select("text").orderBy("text").execute();
    expect(rows.map((r) => r.text)).toEqual(["first", "second"]);
  });
});
