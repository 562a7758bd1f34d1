import type { StorageErrorCode } from "@rapport/core";

/**
 * `StorageAdapter.classifyError` for SQLite: better-sqlite3's errors carry an extended
 * result code (`SQLITE_BUSY_SNAPSHOT`); anything without one is not the database's.
 */
export function classifySqliteError(error: unknown): StorageErrorCode | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return undefined;
  // Another connection holds the write lock past busy_timeout (LOCKED: within one shared cache).
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return "DATABASE_BUSY";
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return "DUPLICATE";
  return "STORAGE_FAILED";
}
