import type { StorageAdapter } from "../storage/storage-adapter.js";
import { CrmError, type CrmErrorOptions, DuplicateError } from "./errors.js";

/**
 * What an adapter may say about an error its database (or driver) raised, from
 * `StorageAdapter.classifyError`:
 *
 * - `SERIALIZATION_FAILURE` — the transaction lost a race with a concurrent one (PostgreSQL `40001`); retry it.
 * - `DEADLOCK` — the database broke a lock cycle by aborting this transaction (PostgreSQL `40P01`); retry it.
 * - `DATABASE_BUSY` — the database stayed locked by another writer past the busy timeout (SQLite `SQLITE_BUSY`); retry it.
 * - `DUPLICATE` — a unique key was violated by a concurrent write.
 * - `STORAGE_FAILED` — any other failure of the database.
 */
export type StorageErrorCode = "SERIALIZATION_FAILURE" | "DEADLOCK" | "DATABASE_BUSY" | "DUPLICATE" | "STORAGE_FAILED";

const RETRYABLE: ReadonlySet<StorageErrorCode> = new Set(["SERIALIZATION_FAILURE", "DEADLOCK", "DATABASE_BUSY"]);

const MESSAGES: Readonly<Record<StorageErrorCode, string>> = {
  SERIALIZATION_FAILURE: "The transaction conflicted with a concurrent one and was rolled back; retry it",
  DEADLOCK: "The transaction was rolled back to break a deadlock with a concurrent one; retry it",
  DATABASE_BUSY: "The database stayed locked by another writer; retry later",
  DUPLICATE: "A record with the same unique key was written concurrently",
  STORAGE_FAILED: "The database failed the operation; nothing was committed",
};

/**
 * The database failed a call. `code` is a {@link StorageErrorCode} (or `UNEXPECTED_ERROR`
 * for a failure that was not the database's); `retryable` says whether running the same
 * call again may succeed; `cause` keeps the driver's error.
 */
export class StorageError extends CrmError {
  override readonly name = "StorageError";
  /** True for transient conflicts (serialization failure, deadlock, busy database): retrying may succeed. */
  readonly retryable: boolean;

  constructor(code: StorageErrorCode | "UNEXPECTED_ERROR", message: string, options: CrmErrorOptions = {}) {
    super(code, message, options);
    this.retryable = RETRYABLE.has(code as StorageErrorCode);
  }
}

/**
 * The {@link CrmError} a failure that escaped a scoped call becomes: a `CrmError` as it is;
 * an error `classify` recognises as the database's by its code, the cause kept; anything
 * else as `UNEXPECTED_ERROR`, the cause kept.
 */
export function toCrmError(error: unknown, classify?: (error: unknown) => StorageErrorCode | undefined): CrmError {
  if (error instanceof CrmError) return error;
  const code = classify?.(error);
  if (code === "DUPLICATE") return new DuplicateError(MESSAGES.DUPLICATE, { cause: error });
  if (code !== undefined) return new StorageError(code, MESSAGES[code], { cause: error });
  const reason = error instanceof Error ? error.message : String(error);
  return new StorageError("UNEXPECTED_ERROR", `The operation failed unexpectedly: ${reason}`, { cause: error });
}

/** {@link toCrmError} with the adapter's own classification of its database's errors. */
export function toCrmErrorOf(adapter: StorageAdapter, error: unknown): CrmError {
  return toCrmError(error, adapter.classifyError ? (e) => adapter.classifyError?.(e) : undefined);
}
