import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { postgresAdapter } from "@rapport/adapter-postgres";
import { sqliteAdapter } from "@rapport/adapter-sqlite";
import type { StorageAdapter } from "@rapport/core";
import pg from "pg";

/** An empty database several processes can open by name: a SQLite file, or a PostgreSQL schema. */
export interface ScratchDatabase {
  readonly kind: "sqlite" | "postgres";
  /** The environment a child process gets to open it (see `children/child-crm.ts`). */
  readonly env: Readonly<Record<string, string>>;
  /** A new adapter over it, for this process. */
  adapter(options?: { readonly maxConnections?: number }): StorageAdapter;
  /** Deletes it. */
  drop(): Promise<void>;
}

/** A new, empty scratch database of `kind`; PostgreSQL needs `RAPPORT_PG_URL`. */
export function scratchDatabase(kind: "sqlite" | "postgres"): ScratchDatabase {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "rapport-reliability-"));
    const file = join(dir, "crm.db");
    return {
      kind,
      env: { RAPPORT_CHILD_SQLITE_FILE: file },
      adapter: () => sqliteAdapter({ filename: file }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const url = process.env.RAPPORT_PG_URL;
  if (!url) throw new Error("RAPPORT_PG_URL is not set");
  const schema = `rapport_rel_${randomBytes(6).toString("hex")}`;
  return {
    kind,
    env: { RAPPORT_PG_URL: url, RAPPORT_CHILD_SCHEMA: schema },
    adapter: (options = {}) =>
      postgresAdapter({ connectionString: url, schema, maxConnections: options.maxConnections ?? 4 }),
    drop: async () => {
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
