import type { Expression, Kysely, RawBuilder, Transaction } from "kysely";
import type { StorageErrorCode } from "../kernel/storage-errors.js";
import type { SearchDialect } from "../search/search-dialect.js";

/**
 * What differs by database, as flags with documented defaults. Module code reads
 * these instead of asking which database it is talking to.
 */
export interface AdapterCapabilities {
  /** `SELECT … FOR UPDATE` locks rows until commit. SQLite serialises writers instead. */
  readonly rowLocking: boolean;
  /** `FOR UPDATE SKIP LOCKED` lets several workers claim different rows at once. */
  readonly skipLocked: boolean;
  /** Several connections may write at the same moment (PostgreSQL), versus one writer at a time (SQLite). */
  readonly concurrentWriters: boolean;
}

/** One column of a table as the database describes it (see {@link StorageAdapter.describeTables}). */
export interface TableColumn {
  readonly name: string;
  /** False for a `NOT NULL` column. */
  readonly nullable: boolean;
  /** True when an insert that leaves the column out gets a value from the database. */
  readonly hasDefault: boolean;
}

/** How {@link StorageAdapter.jsonValue} reads a JSON value: booleans compare with 1/0. */
export type JsonValueKind = "text" | "number" | "boolean";

/**
 * The storage contract between the kernel and a database. Adapter packages implement
 * it; nothing outside an adapter knows which database is underneath.
 */
export interface StorageAdapter {
  /** A short name for logs and benchmark reports (`"sqlite"`, `"postgres"`). */
  readonly name: string;
  /** The Kysely instance every query goes through. */
  readonly db: Kysely<any>;
  readonly capabilities: AdapterCapabilities;
  /**
   * Runs `fn` in a new transaction: commits when `fn` resolves, rolls back when it (or the
   * commit) fails, and refuses statements on `trx` once it has ended. Optional: without it
   * Rapport uses `db.transaction().execute(fn)`; an adapter provides it when it can start
   * and run a transaction more cheaply than Kysely's general path.
   */
  transaction?<T>(fn: (trx: Transaction<any>) => Promise<T>): Promise<T>;
  /**
   * Takes an exclusive lock named `key` until `trx` ends, so check-then-write rules that
   * span rows (feed order, no cycles, no double booking) hold under concurrent writers.
   * MUST be called inside `trx` and MUST hold until that transaction commits or rolls back.
   * Where the database runs one writer at a time, this may do nothing.
   */
  lock(trx: Transaction<any>, key: string): Promise<void>;
  /**
   * Runs `fn` while holding a lock that keeps other processes from migrating the same
   * database at the same time; a process that finds it taken MUST wait, not fail. The lock
   * MUST be released when `fn` settles. The adapter may hand `fn` the Kysely to migrate
   * through: the connection holding the lock, or a transaction that is the lock (every
   * migration then runs inside it); without one, migrations run on `db`.
   */
  withMigrationLock<T>(fn: (db?: Kysely<any>) => Promise<T>): Promise<T>;
  /** True when `error` is the database's unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  /**
   * The stable code of an error the database or its driver raised (`SERIALIZATION_FAILURE`
   * for PostgreSQL `40001`, `DEADLOCK` for `40P01`, `DATABASE_BUSY` for `SQLITE_BUSY`,
   * `DUPLICATE` for a unique violation, `STORAGE_FAILED` for any other of its errors), or
   * `undefined` when `error` is not the database's. Every failure escaping a scoped call
   * becomes a `CrmError` with this code, the original kept as `cause`. It MUST return
   * `undefined` for the error a transaction throws when it is used after it ended.
   * Optional: without it such failures get the code `UNEXPECTED_ERROR`, and `afterCommit()`
   * cannot tell a host transaction that is open but aborted from one that ended.
   */
  classifyError?(error: unknown): StorageErrorCode | undefined;
  /**
   * An SQL expression reading the value at `key` of the JSON object stored (as text) in
   * `column`, typed as `as` so comparisons and ordering follow the value's kind; `NULL`
   * when the key is absent. `key` is a plain identifier (letters, digits, `_`).
   */
  jsonValue(column: string, key: string, as: JsonValueKind): RawBuilder<unknown>;
  /**
   * An SQL expression for the Unix time, in (possibly fractional) seconds, of an ISO-8601
   * UTC text expression such as a `created_at` column; `NULL` for `NULL`. Reports subtract
   * two of these for durations (sales cycle days, response times).
   */
  epochSeconds(expression: Expression<string | null>): RawBuilder<number | null>;
  /**
   * The columns of each of `tables` in the schema this adapter uses, by table name; a table
   * that does not exist is left out of the map. Used at start-up to check that entity
   * declarations and migrations agree, so it SHOULD cost one round trip, not one per table.
   */
  describeTables(tables: readonly string[]): Promise<ReadonlyMap<string, readonly TableColumn[]>>;
  /** Full-text search in this database's own terms (FTS5, `tsvector`); see {@link SearchDialect}. */
  readonly search: SearchDialect;
  /** Prepares the database for use (creates the schema it was told to use). Idempotent; `createCrm` calls it first. */
  initialize(): Promise<void>;
  /** Closes connections. Called by `crm.close()`; the adapter is unusable afterwards. */
  close(): Promise<void>;
}
