import { type DialectParts, directTransaction } from "@rapport/core";
import type { Transaction } from "kysely";
import type { SqliteDriver } from "./sqlite-driver.js";

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
): Promise<T> {
  const connection = await driver.acquireConnection();
  const transaction = directTransaction(parts, connection);
  try {
    connection.begin();
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
