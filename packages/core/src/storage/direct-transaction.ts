import {
  type CompiledQuery,
  type ConnectionProvider,
  type DatabaseConnection,
  DefaultQueryExecutor,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  Transaction,
} from "kysely";

/** A dialect's stateless parts, made once by an adapter and shared by every transaction it runs. */
export interface DialectParts {
  readonly dialect: Dialect;
  readonly compiler: QueryCompiler;
  readonly adapter: DialectAdapter;
  /** Held by each transaction as Kysely expects; the statements never go through it. */
  readonly driver: Driver;
}

/** A transaction handed to `StorageAdapter.transaction`'s callback, and the switch that ends it. */
export interface DirectTransaction {
  readonly trx: Transaction<any>;
  /** Ends the transaction for its statements: every later statement on `trx` is refused. */
  end(): void;
}

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
 * Runs a transaction's compiled statements straight on its connection. Kysely's own
 * transaction executor passes each statement through four promise-returning layers
 * (connection provider, a per-transaction queue, result plugins); the drivers queue a
 * connection's statements themselves, so here each costs one call. Plugins, if a caller
 * adds any, go through the plain path with its result transforms.
 */
class DirectTransactionExecutor extends DefaultQueryExecutor {
  readonly #connection: DatabaseConnection;
  readonly #state: TransactionState;

  constructor(parts: DialectParts, connection: DatabaseConnection, state: TransactionState) {
    super(parts.compiler, parts.adapter, new OpenTransactionConnection(connection, state));
    this.#connection = connection;
    this.#state = state;
  }

  override async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    assertOpen(this.#state);
    return this.#connection.executeQuery<R>(compiledQuery);
  }
}

/**
 * For adapters that run their own transactions (`StorageAdapter.transaction`): a Kysely
 * {@link Transaction} whose statements run straight on `connection`, which the adapter has
 * already begun a transaction on. The adapter commits or rolls back itself and calls `end`
 * when the transaction is over, so a `trx` that leaked out of the callback fails loudly.
 */
export function directTransaction(parts: DialectParts, connection: DatabaseConnection): DirectTransaction {
  const state: TransactionState = { open: true };
  const trx = new Transaction<any>({
    config: { dialect: parts.dialect },
    dialect: parts.dialect,
    driver: parts.driver,
    executor: new DirectTransactionExecutor(parts, connection, state),
  });
  return {
    trx,
    end: () => {
      state.open = false;
    },
  };
}
