import type { DialectParts } from "@rapport/core/internals";
import type { Kysely, Transaction } from "kysely";
import type { SqliteDriver } from "./sqlite-driver.js";
import { runSqliteTransaction } from "./sqlite-transaction.js";

/** How long a process waits for another one's migration run before giving up, in ms. */
const MIGRATION_WAIT_MS = 120_000;

/**
 * Runs `fn` inside one `BEGIN IMMEDIATE` transaction: SQLite's write lock is the migration
 * lock across processes. `fn` gets the transaction and runs every migration in it, so the
 * run is atomic and the ledger it reads cannot change under it. A process that finds the
 * lock taken waits (the busy timeout, again and again) until the other run ends.
 */
export function withSqliteMigrationLock<T>(
  driver: SqliteDriver,
  parts: DialectParts,
  fn: (db: Kysely<any>) => Promise<T>,
): Promise<T> {
  return runSqliteTransaction(driver, parts, (trx: Transaction<any>) => fn(trx), { beginWaitMs: MIGRATION_WAIT_MS });
}
