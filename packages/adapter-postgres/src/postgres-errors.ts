import type { StorageErrorCode } from "@rapport/core";

/** SQLSTATE codes with a stable meaning of their own; every other server error is `STORAGE_FAILED`. */
const BY_SQLSTATE: Readonly<Record<string, StorageErrorCode>> = {
  "40001": "SERIALIZATION_FAILURE",
  "40P01": "DEADLOCK",
  "23505": "DUPLICATE",
};

/** Node's codes for a connection that failed or dropped: the database is unreachable. */
const CONNECTION_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
]);

/**
 * `StorageAdapter.classifyError` for PostgreSQL: a server error by its SQLSTATE, a failed
 * connection as `STORAGE_FAILED`, anything else (Kysely refusing a statement on an ended
 * transaction, a bug) `undefined`.
 */
export function classifyPostgresError(error: unknown): StorageErrorCode | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  if (typeof code !== "string") return undefined;
  // pg's DatabaseError carries the server's severity next to its five-character SQLSTATE.
  if (typeof severity === "string" && /^[0-9A-Z]{5}$/.test(code)) return BY_SQLSTATE[code] ?? "STORAGE_FAILED";
  return CONNECTION_CODES.has(code) ? "STORAGE_FAILED" : undefined;
}
