import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { postgresAdapter } from "@rapport/adapter-postgres";
import { sqliteAdapter } from "@rapport/adapter-sqlite";
import { createCrm } from "@rapport/core";
import { sales } from "@rapport/sales";
import { service } from "@rapport/service";
import { openRawPostgres } from "./raw/raw-postgres.mjs";
import { openRawSqlite } from "./raw/raw-sqlite.mjs";

/** @typedef {import("./raw/raw-sqlite.mjs").RawDb} RawDb */

/** The adapters the bench runs on. */
export const ADAPTER_NAMES = Object.freeze(["sqlite", "postgres"]);

/** Where PostgreSQL is when `RAPPORT_PG_URL` is not set. */
export const DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/test";

/**
 * Creates the CRM the bench measures, with every module a workload uses.
 *
 * @param {import("@rapport/core").StorageAdapter} adapter
 * @param {import("./bench-clock.mjs").BenchClock} clock
 */
export function createBenchCrm(adapter, clock) {
  return createCrm({ adapter, modules: [sales(), service()], clock });
}

/** @typedef {Awaited<ReturnType<typeof createBenchCrm>>} BenchCrm */

/**
 * @typedef {object} BenchTarget
 * @property {"sqlite" | "postgres"} name
 * @property {BenchCrm} crm Rapport, through its public API
 * @property {RawDb} raw hand-written SQL on the same database
 * @property {string} databaseVersion `sqlite_version()` or PostgreSQL's `version()`
 * @property {string} location the temporary file or schema the run uses (removed by `dispose`)
 * @property {() => Promise<void>} dispose closes both connections and removes the database
 */

/**
 * Opens a fresh, empty database for one run — a temporary SQLite file (a file, not
 * `:memory:`, so the numbers include real I/O) or a new PostgreSQL schema — with
 * Rapport migrated onto it and a raw connection beside it.
 *
 * @param {string} name `sqlite` or `postgres`
 * @param {{ pgUrl: string, clock: import("./bench-clock.mjs").BenchClock }} options
 * @returns {Promise<BenchTarget>}
 */
export async function openTarget(name, options) {
  const suffix = randomBytes(6).toString("hex");
  if (name === "sqlite") {
    const filename = join(tmpdir(), `rapport-bench-${suffix}.db`);
    const removeFiles = () => {
      for (const file of [filename, `${filename}-wal`, `${filename}-shm`]) rmSync(file, { force: true });
    };
    try {
      const crm = await createBenchCrm(sqliteAdapter({ filename }), options.clock);
      const raw = openRawSqlite(filename);
      const [row] = await raw.all("select sqlite_version() as version");
      return {
        name,
        crm,
        raw,
        databaseVersion: `SQLite ${String(row?.version)}`,
        location: filename,
        dispose: async () => {
          await crm.close();
          await raw.close();
          removeFiles();
        },
      };
    } catch (error) {
      removeFiles();
      throw error;
    }
  }
  if (name === "postgres") {
    const schema = `rapport_bench_${suffix}`;
    const crm = await createBenchCrm(postgresAdapter({ connectionString: options.pgUrl, schema }), options.clock);
    const raw = await openRawPostgres(options.pgUrl, schema);
    const [row] = await raw.all("select version() as version");
    return {
      name,
      crm,
      raw,
      databaseVersion: String(row?.version),
      location: `schema ${schema}`,
      dispose: async () => {
        await crm.close();
        try {
          await raw.run(`drop schema if exists ${schema} cascade`);
        } finally {
          await raw.close();
        }
      },
    };
  }
  throw new Error(`Unknown adapter "${name}"; use one of: ${ADAPTER_NAMES.join(", ")}`);
}
