import { type Crm, CrmError, createCrm } from "@rapport/core";
import { adapterTargets } from "@rapport/testkit";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyPostgresError } from "./postgres-errors.js";

const postgres = adapterTargets().find((target) => target.name === "postgres");

describe("postgres errors", () => {
  it("classifies server errors by SQLSTATE and leaves other errors alone", () => {
    const server = (code: string) => Object.assign(new Error(code), { code, severity: "ERROR" });
    expect(classifyPostgresError(server("40001"))).toBe("SERIALIZATION_FAILURE");
    expect(classifyPostgresError(server("40P01"))).toBe("DEADLOCK");
    expect(classifyPostgresError(server("23505"))).toBe("DUPLICATE");
    expect(classifyPostgresError(server("22P02"))).toBe("STORAGE_FAILED");
    expect(classifyPostgresError(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).toBe("STORAGE_FAILED");
    expect(classifyPostgresError(new Error("Transaction is already committed"))).toBeUndefined();
    expect(classifyPostgresError(Object.assign(new Error("odd"), { code: "40001" }))).toBeUndefined();
  });
});

if (postgres) {
  describe("postgres errors through the public API", () => {
    let crm: Crm;
    beforeAll(async () => {
      crm = await createCrm({ adapter: await postgres.create() });
      await crm.tenants.create({ id: "acme", name: "Acme" });
    });
    afterAll(async () => {
      const adapter = crm.adapter;
      await crm.close();
      await postgres.dispose(adapter);
    });

    it("a serialization failure is a retryable SERIALIZATION_FAILURE CrmError, its cause kept, nothing written", async () => {
      const off = crm.before("account.create", async (_input, op) => {
        await sql`do $$ begin raise exception 'lost a race' using errcode = '40001'; end $$`.execute(op.db);
      });
      const root = crm.as({ tenantId: "acme", userId: "root", roles: ["admin"] });
      try {
        const error = await root.accounts.create({ name: "Raced" }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CrmError);
        expect(error).toMatchObject({ code: "SERIALIZATION_FAILURE", retryable: true, cause: { code: "40001" } });
      } finally {
        off();
      }
      expect((await root.accounts.list({ filter: [{ field: "name", op: "eq", value: "Raced" }] })).items).toEqual([]);
    });

    it("a real deadlock between two transactions is a retryable DEADLOCK CrmError for the one PostgreSQL aborts", async () => {
      const root = crm.as({ tenantId: "acme", userId: "root", roles: ["admin"] });
      const a = await root.accounts.create({ name: "A" });
      const b = await root.accounts.create({ name: "B" });
      let arrived = 0;
      let release!: () => void;
      const bothLocked = new Promise<void>((resolve) => {
        release = resolve;
      });
      const crossing = (first: string, second: string) =>
        root.transaction(async (tx) => {
          await tx.accounts.update(first, { industry: "first" });
          if (++arrived === 2) release();
          await bothLocked;
          await tx.accounts.update(second, { industry: "second" });
        });
      const results = await Promise.allSettled([crossing(a.id, b.id), crossing(b.id, a.id)]);
      const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
      expect(failures).toHaveLength(1);
      expect(failures[0]).toBeInstanceOf(CrmError);
      expect(failures[0]).toMatchObject({ code: "DEADLOCK", retryable: true, cause: { code: "40P01" } });
    });
  });
} else {
  // Reason: RAPPORT_PG_URL is not set outside CI; the classification unit test above still runs.
  describe("postgres errors through the public API", () => {
    it.skip("skipped: set RAPPORT_PG_URL to run against PostgreSQL", () => {});
  });
}
