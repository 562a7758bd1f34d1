import { type DialectParts, directTransaction } from "@rapport/core/internals";
import type { Transaction } from "kysely";
import type { SqliteConnection, SqliteDriver } from "./sqlite-driver.js";

/** Options of {@link runSqliteTransaction}. */
export interface SqliteTransactionOptions {
  /**
   * Keep retrying `BEGIN IMMEDIATE` while another process holds the write lock, for up to
   * this many ms in all; each try already waits the busy timeout. @default 0 (one try)
   */
  readonly beginWaitMs?: number;
}

/**
 * Runs `fn` in a transaction on SQLite's one connection: waits for the connection,
 * `BEGIN IMMEDIATE`, then commits when `fn` resolves or rolls back when it (or the commit)
 * fails. Statements run straight on the connection (see core's `directTransaction`); the
 * transaction handed to `fn` refuses statements once it has ended.
 */
export async function runSqliteTransaction<T>(
  driver: SqliteDriver,
  parts: DialectParts,
  fn: (trx: Transaction<any>) => Promise<T>,
  options: SqliteTransactionOptions = {},
): Promise<T> {
  const connection = await driver.acquireConnection();
  const transaction = directTransaction(parts, connection);
  try {
    await beginWhenFree(connection, options.beginWaitMs ?? 0);
    try {
      const result = await fn(transaction.trx);
      connection.commit();
      return result;
    } catch (error) {
      // SQLite ends the transaction itself after some errors (a full disk, an interrupt).
      connection.rollbackIfOpen();
      throw error;
    }
  } finally {
    transaction.end();
    await driver.releaseConnection();
  }
}

/** `BEGIN IMMEDIATE`, tried again while the database stays busy, until `waitMs` passed. */
async function beginWhenFree(connection: SqliteConnection, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      connection.begin();
      return;
    } catch (error) {
      const busy = (error as { code?: unknown } | null)?.code === "SQLITE_BUSY";
      if (!busy || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
