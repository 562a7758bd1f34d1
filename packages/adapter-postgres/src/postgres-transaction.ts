import {
  AbortedTransactionError,
  type CompiledQuery,
  type ConnectionProvider,
  type DatabaseConnection,
  DefaultQueryExecutor,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type PostgresPool,
  type PostgresPoolClient,
  type QueryCompiler,
  type QueryResult,
  Transaction,
} from "kysely";

/** Whether a transaction may still run statements; it may not once it has committed or rolled back. */
interface TransactionState {
  open: boolean;
}

function assertOpen(state: TransactionState): void {
  if (!state.open) {
    throw new Error("This transaction has already committed or rolled back; run the statement in a new transaction");
  }
}

/** Statements whose completion carries an affected-row count, as Kysely's PostgreSQL driver reports them. */
const COUNTED_COMMANDS = new Set(["INSERT", "UPDATE", "DELETE", "MERGE"]);

/** One pooled pg client as a Kysely connection, with results shaped as Kysely's own driver shapes them. */
class PooledConnection implements DatabaseConnection {
  readonly #client: PostgresPoolClient;

  constructor(client: PostgresPoolClient) {
    this.#client = client;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { command, rowCount, rows } = await this.#client.query<R>(compiledQuery.sql, compiledQuery.parameters);
    return COUNTED_COMMANDS.has(command)
      ? { numAffectedRows: BigInt(rowCount), rows: rows ?? [] }
      : { rows: rows ?? [] };
  }

  // biome-ignore lint/correctness/useYield: streaming needs pg-cursor, which Rapport does not use.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("Streaming is not supported inside Rapport's PostgreSQL transactions");
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
 * Runs a transaction's compiled statements straight on its pooled client. Kysely's own
 * transaction executor passes each statement through four promise-returning layers
 * (connection provider, a per-transaction queue, result plugins); pg queues a client's
 * queries itself, so here each costs one call. Plugins, if a caller adds any, go through
 * the plain path with its result transforms.
 */
class DirectTransactionExecutor extends DefaultQueryExecutor {
  readonly #connection: PooledConnection;
  readonly #state: TransactionState;

  constructor(parts: DialectParts, connection: PooledConnection, state: TransactionState) {
    super(parts.compiler, parts.adapter, new OpenTransactionConnection(connection, state));
    this.#connection = connection;
    this.#state = state;
  }

  override async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    assertOpen(this.#state);
    return this.#connection.executeQuery<R>(compiledQuery);
  }
}

/** The dialect's stateless parts, made once and shared by every transaction. */
export interface DialectParts {
  readonly dialect: Dialect;
  readonly compiler: QueryCompiler;
  readonly adapter: DialectAdapter;
  /** Held by each transaction as Kysely expects; the statements never go through it. */
  readonly driver: Driver;
}

/**
 * Runs `fn` in a transaction on a client from `pool`: `BEGIN`, then `COMMIT` when `fn`
 * resolves or `ROLLBACK` when it (or the commit) fails. A commit the server turns into a
 * rollback (an earlier statement failed and `fn` swallowed the error) fails with Kysely's
 * `AbortedTransactionError`. A client whose `BEGIN` or `ROLLBACK` fails is discarded,
 * not pooled again. The {@link Transaction} handed to `fn` refuses statements once it has ended.
 */
export async function runPostgresTransaction<T>(
  pool: PostgresPool,
  parts: DialectParts,
  fn: (trx: Transaction<any>) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  const state: TransactionState = { open: true };
  // Until BEGIN succeeds, and again if ROLLBACK fails, the client's state is unknown.
  let broken = true;
  try {
    const connection = new PooledConnection(client);
    const trx = new Transaction<any>({
      config: { dialect: parts.dialect },
      dialect: parts.dialect,
      driver: parts.driver,
      executor: new DirectTransactionExecutor(parts, connection, state),
    });
    await client.query("begin", []);
    broken = false;
    try {
      const result = await fn(trx);
      const { command } = await client.query("commit", []);
      if (command === "ROLLBACK") throw new AbortedTransactionError();
      return result;
    } catch (error) {
      state.open = false;
      try {
        await client.query("rollback", []);
      } catch {
        broken = true;
      }
      throw error;
    }
  } finally {
    state.open = false;
    client.release(broken);
  }
}
