import type { StorageAdapter } from "@rapport/core";
import {
  type CompiledQuery,
  type ConnectionProvider,
  type DialectAdapter,
  type KyselyPlugin,
  type QueryExecutor,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  Transaction,
} from "kysely";

/** The error a {@link FaultInjectingAdapter} throws in place of the statement it was told to fail. */
export class InjectedFault extends Error {
  /** The 1-based number of the failed statement since the adapter was armed. */
  readonly statement: number;

  constructor(statement: number, sqlText: string) {
    super(`Injected fault at statement ${statement}: ${sqlText.slice(0, 120)}`);
    this.name = "InjectedFault";
    this.statement = statement;
  }
}

/** A storage adapter that counts the statements run inside transactions and can fail the N-th. */
export interface FaultInjectingAdapter extends StorageAdapter {
  /** Starts counting from zero; the `failAt`-th statement (1-based) throws {@link InjectedFault}. Without it, only counts. */
  arm(failAt?: number): void;
  /** Stops counting and failing; returns how many statements ran since {@link arm}. */
  disarm(): number;
}

/** Statements run through one wrapped transaction report here before they reach the database. */
type BeforeStatement = (compiled: CompiledQuery) => void;

/**
 * Passes every call to the transaction's own executor, after telling `before` about each
 * statement; executors derived from it (plugins, schema) report too.
 */
class CountingExecutor implements QueryExecutor {
  readonly #inner: QueryExecutor;
  readonly #before: BeforeStatement;

  constructor(inner: QueryExecutor, before: BeforeStatement) {
    this.#inner = inner;
    this.#before = before;
  }

  get adapter(): DialectAdapter {
    return this.#inner.adapter;
  }

  get plugins(): ReadonlyArray<KyselyPlugin> {
    return this.#inner.plugins;
  }

  transformQuery<T extends RootOperationNode>(node: T, queryId: QueryId): T {
    return this.#inner.transformQuery(node, queryId);
  }

  compileQuery<R = unknown>(node: RootOperationNode, queryId: QueryId): CompiledQuery<R> {
    return this.#inner.compileQuery(node, queryId);
  }

  executeQuery<R>(compiledQuery: CompiledQuery<R>): Promise<QueryResult<R>> {
    this.#before(compiledQuery);
    return this.#inner.executeQuery(compiledQuery);
  }

  stream<R>(compiledQuery: CompiledQuery<R>, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    this.#before(compiledQuery);
    return this.#inner.stream(compiledQuery, chunkSize);
  }

  provideConnection<T>(consumer: Parameters<ConnectionProvider["provideConnection"]>[0]): Promise<T> {
    return this.#inner.provideConnection(consumer) as Promise<T>;
  }

  withConnectionProvider(connectionProvider: ConnectionProvider): QueryExecutor {
    return new CountingExecutor(this.#inner.withConnectionProvider(connectionProvider), this.#before);
  }

  withPlugin(plugin: KyselyPlugin): QueryExecutor {
    return new CountingExecutor(this.#inner.withPlugin(plugin), this.#before);
  }

  withPlugins(plugins: ReadonlyArray<KyselyPlugin>): QueryExecutor {
    return new CountingExecutor(this.#inner.withPlugins(plugins), this.#before);
  }

  withPluginAtFront(plugin: KyselyPlugin): QueryExecutor {
    return new CountingExecutor(this.#inner.withPluginAtFront(plugin), this.#before);
  }

  withoutPlugins(): QueryExecutor {
    return new CountingExecutor(this.#inner.withoutPlugins(), this.#before);
  }
}

/** Kysely wants a dialect and a driver beside a transaction's executor; a transaction never uses them for statements. */
const unusable = new Proxy(
  {},
  {
    get(_target, property) {
      if (property === "then") return undefined;
      return () => {
        throw new Error(`A fault-injecting transaction has no dialect or driver (${String(property)})`);
      };
    },
  },
);

/**
 * Wraps `inner` so that statements run inside its transactions (every write Rapport makes)
 * are counted while armed, and the chosen one fails with {@link InjectedFault} before it
 * reaches the database — as a dropped connection or a full disk would fail it.
 *
 * @example
 * ```ts
 * const adapter = faultInjecting(sqliteAdapter());
 * const crm = await createCrm({ adapter });
 * adapter.arm(3); // the third statement of the next call fails
 * await expect(client.accounts.create({ name: "X" })).rejects.toBeInstanceOf(InjectedFault);
 * adapter.disarm();
 * ```
 */
export function faultInjecting(inner: StorageAdapter): FaultInjectingAdapter {
  const state = { armed: false, count: 0, failAt: 0 };
  const before: BeforeStatement = (compiled) => {
    if (!state.armed) return;
    state.count += 1;
    if (state.count === state.failAt) throw new InjectedFault(state.count, compiled.sql);
  };
  const wrap = (trx: Transaction<any>): Transaction<any> =>
    new Transaction<any>({
      config: { dialect: unusable as never },
      dialect: unusable as never,
      driver: unusable as never,
      executor: new CountingExecutor(trx.getExecutor(), before),
    });
  // Every other member is the inner adapter's own: it is a plain object of closures.
  return Object.freeze({
    ...inner,
    transaction: <T>(fn: (trx: Transaction<any>) => Promise<T>): Promise<T> =>
      inner.transaction
        ? inner.transaction((trx) => fn(wrap(trx)))
        : inner.db.transaction().execute((trx) => fn(wrap(trx))),
    arm: (failAt?: number) => {
      state.armed = true;
      state.count = 0;
      state.failAt = failAt ?? 0;
    },
    disarm: () => {
      state.armed = false;
      return state.count;
    },
  });
}
