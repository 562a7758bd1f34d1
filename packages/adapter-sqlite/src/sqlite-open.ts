import type BetterSqlite3 from "better-sqlite3";
import Database from "better-sqlite3";

/** What {@link openSqlite} needs: the file (or an open database) and the busy timeout. */
export interface OpenSqliteOptions {
  readonly filename: string;
  readonly database: BetterSqlite3.Database | undefined;
  readonly busyTimeoutMs: number;
}

const isBusy = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_BUSY_RECOVERY" || code === "SQLITE_BUSY_SNAPSHOT";
};

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `pragma`, retrying while another process holds a lock SQLite does not wait for
 * through the busy handler (switching to WAL, recovering a WAL), until `timeoutMs` passed.
 */
function pragmaWhenFree(database: BetterSqlite3.Database, pragma: string, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      database.pragma(pragma);
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      // The adapter is built synchronously; a short blocking pause is what the busy handler does too.
      Atomics.wait(pause, 0, 0, 20);
    }
  }
}

/**
 * Opens (or adopts) the database and sets it up: the busy timeout first, so the other
 * settings wait for processes opening the same file at the same moment; then WAL, foreign
 * keys and `synchronous = NORMAL`.
 */
export function openSqlite(options: OpenSqliteOptions): BetterSqlite3.Database {
  const database = options.database ?? new Database(options.filename, { timeout: options.busyTimeoutMs });
  database.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
  pragmaWhenFree(database, "journal_mode = WAL", options.busyTimeoutMs);
  database.pragma("foreign_keys = ON");
  // WAL with synchronous=NORMAL is durable across application crashes and much faster than FULL.
  database.pragma("synchronous = NORMAL");
  return database;
}
