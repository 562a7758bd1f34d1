import Database from "better-sqlite3";

/**
 * @typedef {Record<string, unknown>} RawRow
 */

/**
 * The raw side's connection: hand-written SQL with `?` placeholders, run as prepared
 * statements straight on the driver. Both implementations keep every statement they
 * prepare, the way a tuned hand-written data layer does.
 *
 * @typedef {object} RawDb
 * @property {"sqlite" | "postgres"} name
 * @property {(sql: string, params?: readonly unknown[]) => Promise<number>} run runs a write; resolves to the changed row count
 * @property {(sql: string, params?: readonly unknown[]) => Promise<RawRow[]>} all runs a query
 * @property {<T>(fn: () => Promise<T>) => Promise<T>} transaction runs `fn` in one transaction (SQLite: `BEGIN IMMEDIATE`, as Rapport's driver does)
 * @property {string} forUpdate the row-lock clause to append to a select that reads a row for writing (` for update`), or `""` where the database has no row locks
 * @property {() => Promise<void>} lockChangeFeed takes the change-feed lock Rapport's adapter takes (a no-op where the transaction already holds the only write lock)
 * @property {(column: string) => string} epochSeconds SQL for the seconds since 1970 of an ISO-8601 text column (the database's own date arithmetic)
 * @property {() => Promise<void>} settle writes out what earlier work left in the write-ahead log, so a timed run starts from the same state whichever side ran before it (SQLite: a WAL checkpoint; PostgreSQL: `CHECKPOINT`)
 * @property {() => Promise<void>} close
 */

/**
 * Opens the raw side on an SQLite file, with the pragmas Rapport's adapter sets
 * (WAL, foreign keys on, synchronous NORMAL), so both sides write under the same rules.
 *
 * @param {string} filename
 * @returns {RawDb}
 */
export function openRawSqlite(filename) {
  const db = new Database(filename);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  /** @type {Map<string, Database.Statement>} */
  const statements = new Map();
  /** @param {string} sql */
  const prepare = (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const begin = db.prepare("begin immediate");
  const commit = db.prepare("commit");
  const rollback = db.prepare("rollback");

  return {
    name: "sqlite",
    run: async (sql, params = []) => prepare(sql).run(params).changes,
    all: async (sql, params = []) => /** @type {RawRow[]} */ (prepare(sql).all(params)),
    transaction: async (fn) => {
      begin.run();
      try {
        const result = await fn();
        commit.run();
        return result;
      } catch (error) {
        if (db.inTransaction) rollback.run();
        throw error;
      }
    },
    // SQLite has no row locks: BEGIN IMMEDIATE already holds the database's single write lock.
    forUpdate: "",
    epochSeconds: (column) => `((julianday(${column}) - 2440587.5) * 86400.0)`,
    lockChangeFeed: async () => {},
    settle: async () => {
      db.pragma("wal_checkpoint(RESTART)");
    },
    close: async () => {
      db.close();
    },
  };
}
