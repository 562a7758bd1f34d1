import type { Database, Statement } from "better-sqlite3";
import { type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, SelectQueryNode } from "kysely";

/** How many prepared statements to keep; the hot paths use a few dozen distinct SQL strings. */
const STATEMENT_CACHE_SIZE = 500;
/**
 * SQL longer than this (multi-row INSERTs, long IN lists) is kept in a cache of its own
 * of {@link LARGE_STATEMENT_CACHE_SIZE}: each such statement holds hundreds of kilobytes of
 * native memory, and bulk loads make one with a new row count per batch.
 */
const LARGE_SQL = 4_096;
const LARGE_STATEMENT_CACHE_SIZE = 16;

/**
 * A Kysely driver for better-sqlite3 that (1) reuses prepared statements instead of
 * preparing every query again and (2) starts transactions with `BEGIN IMMEDIATE`, so a
 * writer takes the write lock up front and two processes never deadlock upgrading a read lock.
 */
export class SqliteDriver implements Driver {
  readonly #database: Database;
  readonly #connection: SqliteConnection;
  #locked: Promise<void> = Promise.resolve();

  constructor(database: Database) {
    this.#database = database;
    this.#connection = new SqliteConnection(database);
  }

  async init(): Promise<void> {}

  /** SQLite has one connection: callers queue for it, so a transaction owns it until it ends. */
  async acquireConnection(): Promise<SqliteConnection> {
    let release!: () => void;
    const previous = this.#locked;
    this.#locked = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#connection.release = release;
    return this.#connection;
  }

  async beginTransaction(): Promise<void> {
    this.#connection.begin();
  }

  async commitTransaction(): Promise<void> {
    this.#connection.commit();
  }

  async rollbackTransaction(): Promise<void> {
    this.#connection.rollbackIfOpen();
  }

  async releaseConnection(): Promise<void> {
    this.#connection.release();
  }

  async destroy(): Promise<void> {
    this.#database.close();
  }
}

/** SQLite's one connection, with its prepared statements. */
export class SqliteConnection implements DatabaseConnection {
  readonly #database: Database;
  readonly #statements = new Map<string, Statement>();
  readonly #largeStatements = new Map<string, Statement>();
  readonly #begin: Statement;
  readonly #commit: Statement;
  readonly #rollback: Statement;
  release: () => void = () => {};

  constructor(database: Database) {
    this.#database = database;
    this.#begin = database.prepare("begin immediate");
    this.#commit = database.prepare("commit");
    this.#rollback = database.prepare("rollback");
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return this.execute<R>(compiled);
  }

  /** Runs a statement; better-sqlite3 runs it synchronously. */
  execute<R>(compiled: CompiledQuery): QueryResult<R> {
    const statement = this.#prepare(compiled.sql);
    const parameters = compiled.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  begin(): void {
    this.#begin.run();
  }

  commit(): void {
    this.#commit.run();
  }

  rollbackIfOpen(): void {
    if (this.#database.inTransaction) this.#rollback.run();
  }

  async *streamQuery<R>(compiled: CompiledQuery, _chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error("SQLite can only stream SELECT queries");
    const statement = this.#prepare(compiled.sql);
    for (const row of statement.iterate(compiled.parameters as unknown[])) yield { rows: [row as R] };
  }

  #prepare(sql: string): Statement {
    const cache = sql.length > LARGE_SQL ? this.#largeStatements : this.#statements;
    const cached = cache.get(sql);
    if (cached) {
      // Refresh recency: Map iteration order is insertion order, so the oldest key is evicted first.
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = this.#database.prepare(sql);
    cache.set(sql, statement);
    const limit = cache === this.#largeStatements ? LARGE_STATEMENT_CACHE_SIZE : STATEMENT_CACHE_SIZE;
    if (cache.size > limit) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return statement;
  }
}
