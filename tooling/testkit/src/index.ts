import { randomBytes } from "node:crypto";
import { postgresAdapter } from "@rapport/adapter-postgres";
import { sqliteAdapter } from "@rapport/adapter-sqlite";
import type { StorageAdapter } from "@rapport/core";
import pg from "pg";
import { describe } from "vitest";

/** One database a test file can run against. */
export interface AdapterTarget {
  readonly name: "sqlite" | "postgres";
  /**
   * A new adapter over an empty, isolated database: in-memory SQLite, or a fresh PostgreSQL
   * schema (with `maxConnections` in its pool, 12 unless given; SQLite has one connection).
   */
  create(options?: { readonly maxConnections?: number }): Promise<StorageAdapter>;
  /** Drops what `create` made (the PostgreSQL schema). */
  dispose(adapter: StorageAdapter): Promise<void>;
}

const schemas = new WeakMap<StorageAdapter, string>();

const sqliteTarget: AdapterTarget = {
  name: "sqlite",
  create: async () => sqliteAdapter({ filename: ":memory:" }),
  dispose: async () => {},
};

function postgresTarget(url: string): AdapterTarget {
  return {
    name: "postgres",
    create: async (options = {}) => {
      // A schema per adapter keeps parallel test files from seeing each other's rows.
      const schema = `rapport_test_${randomBytes(6).toString("hex")}`;
      const adapter = postgresAdapter({ connectionString: url, schema, maxConnections: options.maxConnections ?? 12 });
      schemas.set(adapter, schema);
      return adapter;
    },
    dispose: async (adapter) => {
      const schema = schemas.get(adapter);
      if (!schema) return;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * The adapters this run tests against: `RAPPORT_ADAPTERS` (default `sqlite,postgres`),
 * where PostgreSQL needs `RAPPORT_PG_URL`. Without it, PostgreSQL is left out with a
 * notice — except under `CI=true`, where a missing PostgreSQL (no URL, or left out of
 * `RAPPORT_ADAPTERS`) fails the run.
 */
export function adapterTargets(): AdapterTarget[] {
  const wanted = (process.env.RAPPORT_ADAPTERS ?? "sqlite,postgres").split(",").map((s) => s.trim());
  if (process.env.CI === "true" && !wanted.includes("postgres")) {
    throw new Error("CI=true but RAPPORT_ADAPTERS leaves PostgreSQL out: the PostgreSQL tests must run in CI");
  }
  const targets: AdapterTarget[] = [];
  if (wanted.includes("sqlite")) targets.push(sqliteTarget);
  if (wanted.includes("postgres")) {
    const url = process.env.RAPPORT_PG_URL;
    if (url) targets.push(postgresTarget(url));
    else if (process.env.CI === "true") {
      throw new Error("CI=true but RAPPORT_PG_URL is not set: the PostgreSQL tests must run in CI");
    } else {
      warnPostgresSkipped();
    }
  }
  return targets;
}

let warned = false;
function warnPostgresSkipped(): void {
  if (warned) return;
  warned = true;
  console.warn(
    "\n[rapport] PostgreSQL tests SKIPPED: RAPPORT_PG_URL is not set. " +
      "Run `RAPPORT_PG_URL=postgres://postgres@127.0.0.1:5432/test pnpm test` to include them.\n",
  );
}

/**
 * Declares `body` once per adapter target, as `describe("<title> [sqlite]")` and
 * `describe("<title> [postgres]")`. Targets follow {@link adapterTargets}.
 *
 * @example
 * ```ts
 * describeEachAdapter("pipelines", (target) => {
 *   const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [sales()] });
 *   it("seeds the default pipeline", async () => { … });
 * });
 * ```
 */
export function describeEachAdapter(title: string, body: (target: AdapterTarget) => void): void {
  for (const target of adapterTargets()) describe(`${title} [${target.name}]`, () => body(target));
}
