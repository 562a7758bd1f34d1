import type { Transaction } from "kysely";
import type { StorageAdapter } from "./storage-adapter.js";

/** Runs `fn` in a new transaction: the adapter's own when it has one, else Kysely's. */
export function inNewTransaction<T>(adapter: StorageAdapter, fn: (trx: Transaction<any>) => Promise<T>): Promise<T> {
  return adapter.transaction ? adapter.transaction(fn) : adapter.db.transaction().execute(fn);
}
