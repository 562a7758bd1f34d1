import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { postgresAdapter } from "@rapport/adapter-postgres";
import { sqliteAdapter } from "@rapport/adapter-sqlite";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { describeEachAdapter } from "../index.js";

const WORKER = fileURLToPath(new URL("./start-worker.mjs", import.meta.url));
const PROCESSES = 4;

interface Outcome {
  readonly code: number | null;
  readonly applied: number | undefined;
}

/**
 * Forks the workers, waits until every one has loaded Rapport, then tells them all to
 * start at once, so their createCrm calls overlap.
 */
async function startAtOnce(target: string, location: string): Promise<Outcome[]> {
  const children: ChildProcess[] = Array.from({ length: PROCESSES }, () =>
    fork(WORKER, [target, location], { stdio: ["ignore", "inherit", "inherit", "ipc"] }),
  );
  const outcomes = children.map(
    (child) =>
      new Promise<Outcome>((resolve) => {
        let applied: number | undefined;
        child.on("message", (message) => {
          if (typeof message === "object" && message !== null && "applied" in message) {
            applied = (message as { applied: number }).applied;
          }
        });
        child.once("exit", (code) => resolve({ code, applied }));
      }),
  );
  // A child that dies while loading counts as ready: its exit code fails the test.
  const ready = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      child.once("message", () => resolve());
      child.once("exit", () => resolve());
    });
  await Promise.all(children.map(ready));
  for (const child of children) if (child.connected) child.send("go");
  return Promise.all(outcomes);
}

function expectMigratedOnce(outcomes: Outcome[], ledgerRows: number): void {
  expect(outcomes.map((o) => o.code)).toEqual(Array(PROCESSES).fill(0));
  const applied = outcomes.map((o) => o.applied ?? -1);
  // One process applied every migration; the others found the ledger current.
  expect(applied.filter((n) => n > 0)).toEqual([ledgerRows]);
  expect(applied.filter((n) => n === 0)).toHaveLength(PROCESSES - 1);
}

describeEachAdapter("processes starting on one empty database at once", (target) => {
  if (target.name === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "rapport-start-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it(`${PROCESSES} processes all start on one new SQLite file, which is migrated once`, async () => {
      const file = join(dir, "crm.db");
      const outcomes = await startAtOnce("sqlite", file);
      const { db, close } = sqliteAdapter({ filename: file });
      try {
        const count = (table: string) =>
          db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow();
        expectMigratedOnce(outcomes, Number((await count("rapport_migrations")).n));
        expect(Number((await count("rapport_tenants")).n)).toBe(PROCESSES);
      } finally {
        await close();
      }
    }, 180_000);
    return;
  }

  const url = process.env.RAPPORT_PG_URL ?? "";
  const schemas: string[] = [];
  const newSchema = () => {
    const schema = `rapport_start_${randomBytes(6).toString("hex")}`;
    schemas.push(schema);
    return schema;
  };
  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await client.end();
    }
  });

  it(`${PROCESSES} processes all start on one new PostgreSQL schema, which is migrated once`, async () => {
    const schema = newSchema();
    const outcomes = await startAtOnce("postgres", `${url}#${schema}`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const ledger = await client.query(`select count(*)::int as n from "${schema}".rapport_migrations`);
      const tenants = await client.query(`select count(*)::int as n from "${schema}".rapport_tenants`);
      expectMigratedOnce(outcomes, ledger.rows[0].n);
      expect(tenants.rows[0].n).toBe(PROCESSES);
    } finally {
      await client.end();
    }
  }, 180_000);

  it("10 adapters creating one missing schema at once all succeed", async () => {
    const schema = newSchema();
    const adapters = Array.from({ length: 10 }, () =>
      postgresAdapter({ connectionString: url, schema, maxConnections: 1 }),
    );
    try {
      const results = await Promise.allSettled(adapters.map((adapter) => adapter.initialize()));
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    } finally {
      await Promise.all(adapters.map((adapter) => adapter.close()));
    }
  });
});
