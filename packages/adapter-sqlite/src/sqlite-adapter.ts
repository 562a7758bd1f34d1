import type { StorageAdapter } from "@rapport/core";
import Database from "better-sqlite3";
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
 *
 * @example
 * ```ts
 * const crm = await createCrm({ adapter: sqliteAdapter({ filename: "crm.db" }) });
 * ```
 */
export function sqliteAdapter(options: SqliteAdapterOptions = {}): StorageAdapter {
  const database = options.database ?? new Database(options.filename ?? ":memory:");
  database.pragma("journal_mode = WAL");
  database.pragma("foreign_keys = ON");
  database.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5_000))}`);
  // WAL with synchronous=NORMAL is durable across application crashes and much faster than FULL.
  database.pragma("synchronous = NORMAL");

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
    withMigrationLock: <T>(fn: () => Promise<T>) => fn(),
    isUniqueViolation: (error: unknown) => {
      const code = (error as { code?: unknown } | null)?.code;
      return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
    },
    // json_extract returns SQLite's native type (integer/real/text, and 1/0 for booleans).
    jsonValue: (column: string, key: string): RawBuilder<unknown> =>
      sql`json_extract(${sql.ref(column)}, ${`$.${key}`})`,
    // julianday() reads ISO-8601 text; 2440587.5 is the Julian day of the Unix epoch.
    epochSeconds: (expression: Expression<string | null>): RawBuilder<number | null> =>
      sql<number | null>`((julianday(${expression}) - 2440587.5) * 86400.0)`,
    initialize: async () => {},
    close: () => db.destroy(),
  });
}
