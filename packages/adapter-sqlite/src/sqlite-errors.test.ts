import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CrmError, createCrm } from "@rapport/core";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { sqliteAdapter } from "./sqlite-adapter.js";
import { classifySqliteError } from "./sqlite-errors.js";

describe("sqlite errors", () => {
  let directory: string | undefined;
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("a write refused the lock by another process is a retryable DATABASE_BUSY CrmError that writes nothing", async () => {
    directory = mkdtempSync(join(tmpdir(), "rapport-sqlite-"));
    const filename = join(directory, "crm.db");
    const crm = await createCrm({ adapter: sqliteAdapter({ filename, busyTimeoutMs: 20 }) });
    closers.push(() => crm.close());
    await crm.tenants.create({ id: "acme", name: "Acme" });
    const root = crm.as({ tenantId: "acme", userId: "root", roles: ["admin"] });
    // A plain connection on the same file stands for another process holding the write lock.
    const other = new Database(filename);
    closers.push(() => other.close());
    other.exec("begin immediate");
    const error = await root.accounts.create({ name: "Blocked" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmError);
    expect(error).toMatchObject({ code: "DATABASE_BUSY", retryable: true });
    expect((error as CrmError).cause).toMatchObject({ code: expect.stringMatching(/^SQLITE_BUSY/) });
    other.exec("rollback");
    expect((await root.accounts.list()).items).toEqual([]);
    expect((await root.accounts.create({ name: "Later" })).name).toBe("Later");
  });

  it("classifies SQLite's result codes and leaves other errors alone", () => {
    const coded = (code: string) => Object.assign(new Error(code), { code });
    expect(classifySqliteError(coded("SQLITE_BUSY"))).toBe("DATABASE_BUSY");
    expect(classifySqliteError(coded("SQLITE_BUSY_SNAPSHOT"))).toBe("DATABASE_BUSY");
    expect(classifySqliteError(coded("SQLITE_CONSTRAINT_UNIQUE"))).toBe("DUPLICATE");
    expect(classifySqliteError(coded("SQLITE_ERROR"))).toBe("STORAGE_FAILED");
    expect(classifySqliteError(new Error("Transaction is already committed"))).toBeUndefined();
    expect(classifySqliteError(new TypeError("bug"))).toBeUndefined();
  });
});
