import {
  type CompiledQuery,
  type ConnectionProvider,
  type DatabaseConnection,
  DefaultQueryExecutor,
  type Dialect,
  type DialectAdapter,
  type QueryCompiler,
  type QueryResult,
  Transaction,
} from "kysely";
import type { SqliteConnection, SqliteDriver } from "./sqlite-driver.js";

/** Whether a transaction may still run statements; it may not once it has committed or rolled back. */
interface TransactionState {
  open: boolean;
}

function assertOpen(state: TransactionState): void {
  if (!state.open) {
    throw new Error("This transaction has already committed or rolled back; run the statement in a new transaction");
  }
}

/** Hands out the transaction's connection, while the transaction is open. */
class OpenTransactionConnection implements ConnectionProvider {
  readonly #connection: DatabaseConnection;
  readonly #state: TransactionState;

  constructor(connection: DatabaseConnection, state: TransactionState) {
    this.#connection = connection;
    this.#state = state;
  }

  async provideConnection<T>(consumer: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
    assertOpen(this.#state);
    return consumer(this.#connection);
  }
}

/**
 * Runs a transaction's compiled statements straight on the connection. Kysely's own
 * transaction executor passes each statement through four promise-returning layers
 * (connection provider, a per-transaction queue, result plugins); the statements run
 * synchronously in better-sqlite3, so here each costs one call. Plugins, if a caller
 * adds any, go through the plain path with its result transforms.
 */
class DirectTransactionExecutor extends DefaultQueryExecutor {
  readonly #connection: SqliteConnection;
  readonly #state: TransactionState;

  constructor(parts: DialectParts, connection: SqliteConnection, state: TransactionState) {
    super(parts.compiler, parts.adapter, new OpenTransactionConnection(connection, state));
    this.#connection = connection;
    this.#state = state;
  }

  override async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    assertOpen(this.#state);
    return this.#connection.execute<R>(compiledQuery);
  }
}

/** The dialect's stateless parts, made once and shared by every transaction (compiling is synchronous). */
export interface DialectParts {
  readonly dialect: Dialect;
  readonly compiler: QueryCompiler;
  readonly adapter: DialectAdapter;
}

/**
 * Runs `fn` in a transaction on SQLite's one connection: waits for the connection,
 * `BEGIN IMMEDIATE`, then commits when `fn` resolves or rolls back when it (or the commit)
 * fails. The {@link Transaction} handed to `fn` refuses statements once it has ended.
 */
export async function runSqliteTransaction<T>(
  driver: SqliteDriver,
  parts: DialectParts,
  fn: (trx: Transaction<any>) => Promise<T>,
): Promise<T> {
  const connection = await driver.acquireConnection();
  const state: TransactionState = { open: true };
  try {
    const trx = new Transaction<any>({
      config: { dialect: parts.dialect },
      dialect: parts.dialect,
      driver,
      executor: new DirectTransactionExecutor(parts, connection, state),
    });
    connection.begin();
    try {
      const result = await fn(trx);
      connection.commit();
      return result;
    } catch (error) {
      // SQLite ends the transaction itself after some errors (a full disk, an interrupt).
      connection.rollbackIfOpen();
      throw error;
    }
  } finally {
    state.open = false;
    await driver.releaseConnection();
  }
}
