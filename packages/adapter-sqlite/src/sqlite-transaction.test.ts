import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StorageAdapter } from "@rapport/core";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { sqliteAdapter } from "./sqlite-adapter.js";

/**
 * A plain better-sqlite3 connection on the same file stands for another process (one
 * process may open a file through one adapter only).
 */
describe("sqlite transactions across processes", () => {
  let directory: string | undefined;
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("a transaction that cannot get the write lock fails, frees the connection, and the next one works", async () => {
    directory = mkdtempSync(join(tmpdir(), "rapport-sqlite-"));
    const filename = join(directory, "crm.db");
    const adapter = sqliteAdapter({ filename, busyTimeoutMs: 50 });
    closers.push(() => adapter.close());
    const other = new Database(filename);
    closers.push(() => other.close());
    await adapter.db.schema.createTable("notes").addColumn("text", "text").execute();
    const transaction = (fn: Parameters<NonNullable<StorageAdapter["transaction"]>>[0]) => {
      if (!adapter.transaction) throw new Error("the SQLite adapter runs its own transactions");
      return adapter.transaction(fn);
    };

    other.exec("begin immediate");
    other.prepare("insert into notes (text) values ('first')").run();
    await expect(
      transaction((trx) => trx.insertInto("notes").values({ text: "blocked" }).execute()),
    ).rejects.toMatchObject({ code: "SQLITE_BUSY" });
    other.exec("commit");

    await transaction((trx) => trx.insertInto("notes").values({ text: "second" }).execute());
    const rows = await adapter.db.selectFrom("notes").select("text").orderBy("text").execute();
    expect(rows.map((r) => r.text)).toEqual(["first", "second"]);
  });

  it("a migration run waits for another process's write lock instead of failing", async () => {
    directory = mkdtempSync(join(tmpdir(), "rapport-sqlite-"));
    const filename = join(directory, "crm.db");
    const adapter = sqliteAdapter({ filename, busyTimeoutMs: 20 });
    closers.push(() => adapter.close());
    const other = new Database(filename);
    closers.push(() => other.close());
    other.exec("begin immediate");
    // Holds the lock past several busy timeouts, then lets go.
    setTimeout(() => other.exec("commit"), 200);
    const ran = await adapter.withMigrationLock(async (db?: unknown) => db !== undefined);
    expect(ran).toBe(true);
  });
});
