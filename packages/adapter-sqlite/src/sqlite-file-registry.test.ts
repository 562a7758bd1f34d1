import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CrmError, createCrm } from "@rapport/core";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteAdapter } from "./sqlite-adapter.js";

const dir = mkdtempSync(join(tmpdir(), "rapport-registry-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function inUse(fn: () => unknown): CrmError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CrmError);
    expect((error as CrmError).code).toBe("DATABASE_IN_USE");
    return error as CrmError;
  }
  throw new Error("expected DATABASE_IN_USE");
}

describe("one SQLite file, one adapter per process", () => {
  it("a second adapter on an open file is refused with DATABASE_IN_USE, and the first keeps working", async () => {
    const file = join(dir, "twice.db");
    const crm = await createCrm({ adapter: sqliteAdapter({ filename: file }) });
    inUse(() => sqliteAdapter({ filename: file }));
    inUse(() => sqliteAdapter({ filename: join(dir, ".", "..", dir.split("/").pop() ?? "", "twice.db") }));
    await crm.tenants.create({ id: "acme", name: "Acme" });
    await crm.close();
  });

  it("the same file through a symlink or an open better-sqlite3 database is refused too", async () => {
    const file = join(dir, "linked.db");
    const link = join(dir, "link.db");
    const adapter = sqliteAdapter({ filename: file });
    symlinkSync(file, link);
    inUse(() => sqliteAdapter({ filename: link }));
    const database = new Database(file);
    try {
      inUse(() => sqliteAdapter({ database }));
    } finally {
      database.close();
    }
    await adapter.close();
  });

  it("after close the file may be opened again, with its data", async () => {
    const file = join(dir, "reopen.db");
    const first = await createCrm({ adapter: sqliteAdapter({ filename: file }) });
    await first.tenants.create({ id: "acme", name: "Acme" });
    await first.close();
    const second = await createCrm({ adapter: sqliteAdapter({ filename: file }) });
    expect((await second.tenants.list()).map((t) => t.id)).toEqual(["acme"]);
    await second.close();
  });

  it("in-memory databases are private, so any number may be open", async () => {
    const adapters = [
      sqliteAdapter(),
      sqliteAdapter({ filename: ":memory:" }),
      sqliteAdapter({ filename: ":memory:" }),
    ];
    await Promise.all(adapters.map((adapter) => adapter.close()));
  });
});
