import type { StorageAdapter } from "@rapport/core";
import type Database from "better-sqlite3";
import {
  type Dialect,
  type Expression,
  Kysely,
  SqliteAdapter as KyselySqliteAdapter,
  type RawBuilder,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
  type Transaction,
} from "kysely";
import { SqliteDriver } from "./sqlite-driver.js";
import { classifySqliteError } from "./sqlite-errors.js";
import { claimSqliteFile } from "./sqlite-file-registry.js";
import { withSqliteMigrationLock } from "./sqlite-migration-lock.js";
import { openSqlite } from "./sqlite-open.js";
import { sqliteSearch } from "./sqlite-search.js";
import { describeSqliteTables } from "./sqlite-table-columns.js";
import { runSqliteTransaction } from "./sqlite-transaction.js";

/** Options of {@link sqliteAdapter}. */
export interface SqliteAdapterOptions {
  /** Database file path, or `":memory:"` for a private in-memory database. @default ":memory:" */
  readonly filename?: string;
  /** An open better-sqlite3 database to use instead of opening `filename`. Closed by `crm.close()`. */
  readonly database?: Database.Database;
  /** How long a writer waits for another process's write lock before failing, in ms. @default 5000 */
  readonly busyTimeoutMs?: number;
}

/**
 * The embedded adapter: SQLite through better-sqlite3, in WAL mode with foreign keys on.
 * One adapter per file per process: opening a file this process already has open throws
 * a `CrmError` coded `DATABASE_IN_USE` (share the first CRM instead). Many processes may
 * open one file, and may start on it at once: migrations take SQLite's write lock.
 *
 * @example
 * ```ts
 * const crm = await createCrm({ adapter: sqliteAdapter({ filename: "crm.db" }) });
 * ```
 */
export function sqliteAdapter(options: SqliteAdapterOptions = {}): StorageAdapter {
  const filename = options.database?.name ?? options.filename ?? ":memory:";
  const release = claimSqliteFile(options.database?.memory ? ":memory:" : filename);
  let database: Database.Database;
  try {
    const busyTimeoutMs = Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5_000));
    database = openSqlite({ filename, database: options.database, busyTimeoutMs });
  } catch (error) {
    release();
    throw error;
  }

  const driver = new SqliteDriver(database);
  const dialect: Dialect = {
    createAdapter: () => new KyselySqliteAdapter(),
    createDriver: () => driver,
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
  const db = new Kysely<any>({ dialect });
  const parts = { dialect, compiler: dialect.createQueryCompiler(), adapter: dialect.createAdapter(), driver };

  return Object.freeze({
    name: "sqlite",
    db,
    capabilities: Object.freeze({ rowLocking: false, skipLocked: false, concurrentWriters: false }),
    transaction: <T>(fn: (trx: Transaction<any>) => Promise<T>) => runSqliteTransaction(driver, parts, fn),
    // BEGIN IMMEDIATE already gives the transaction the database's single write lock.
    lock: async () => {},
    withMigrationLock: <T>(fn: (db: Kysely<any>) => Promise<T>) => withSqliteMigrationLock(driver, parts, fn),
    isUniqueViolation: (error: unknown) => {
      const code = (error as { code?: unknown } | null)?.code;
      return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
    },
    classifyError: classifySqliteError,
    // json_extract returns SQLite's native type (integer/real/text, and 1/0 for booleans).
    jsonValue: (column: string, key: string): RawBuilder<unknown> =>
      sql`json_extract(${sql.ref(column)}, ${`$.${key}`})`,
    // julianday() reads ISO-8601 text; 2440587.5 is the Julian day of the Unix epoch.
    epochSeconds: (expression: Expression<string | null>): RawBuilder<number | null> =>
      sql<number | null>`((julianday(${expression}) - 2440587.5) * 86400.0)`,
    describeTables: (tables: readonly string[]) => describeSqliteTables(db, tables),
    search: sqliteSearch,
    initialize: async () => {},
    close: async () => {
      try {
        await db.destroy();
      } finally {
        release();
      }
    },
  });
}
