import { type DialectParts, directTransaction } from "@rapport/core/internals";
import {
  AbortedTransactionError,
  type CompiledQuery,
  type DatabaseConnection,
  type PostgresPool,
  type PostgresPoolClient,
  type QueryResult,
  type Transaction,
} from "kysely";

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

/**
 * Runs `fn` in a transaction on a client from `pool`: `BEGIN`, then `COMMIT` when `fn`
 * resolves or `ROLLBACK` when it (or the commit) fails. Statements run straight on the
 * client (see core's `directTransaction`). A commit the server turns into a rollback (an
 * earlier statement failed and `fn` swallowed the error) fails with Kysely's
 * `AbortedTransactionError`. A client whose `BEGIN` or `ROLLBACK` fails is discarded,
 * not pooled again. The transaction handed to `fn` refuses statements once it has ended.
 */
export async function runPostgresTransaction<T>(
  pool: PostgresPool,
  parts: DialectParts,
  fn: (trx: Transaction<any>) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  const transaction = directTransaction(parts, new PooledConnection(client));
  // Until BEGIN succeeds, and again if ROLLBACK fails, the client's state is unknown.
  let broken = true;
  try {
    await client.query("begin", []);
    broken = false;
    try {
      const result = await fn(transaction.trx);
      const { command } = await client.query("commit", []);
      if (command === "ROLLBACK") throw new AbortedTransactionError();
      return result;
    } catch (error) {
      transaction.end();
      try {
        await client.query("rollback", []);
      } catch {
        broken = true;
      }
      throw error;
    }
  } finally {
    transaction.end();
    client.release(broken);
  }
}
