import type { JsonValueKind, StorageAdapter } from "@rapport/core";
import {
  CompiledQuery,
  type Expression,
  Kysely,
  PostgresDialect,
  type RawBuilder,
  sql,
  type Transaction,
} from "kysely";
import pg from "pg";
import { classifyPostgresError } from "./postgres-errors.js";
import { createSchemaIfMissing } from "./postgres-schema.js";
import { postgresSearch } from "./postgres-search.js";
import { describePostgresTables } from "./postgres-table-columns.js";
import { runPostgresTransaction } from "./postgres-transaction.js";
import { preparingPool } from "./prepared-statements.js";

/** Options of {@link postgresAdapter}: a connection string or your own pool. */
export type PostgresAdapterOptions = (
  | {
      /** `postgres://user@host:5432/database`. */
      readonly connectionString: string;
      /** Pool size. @default 10 */
      readonly maxConnections?: number;
    }
  | {
      /** A pool you configured. Closed by `crm.close()`. */
      readonly pool: pg.Pool;
    }
) & {
  /**
   * The PostgreSQL schema holding Rapport's tables; created when missing. Only with
   * `connectionString` (a pool you pass keeps its own `search_path`). @default the server's search_path
   */
  readonly schema?: string;
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A transaction-scoped advisory lock on a key namespaced by schema, as `lockKey` builds it. */
const TRANSACTION_LOCK_SQL = "select pg_advisory_xact_lock(hashtext(current_schema() || $1))";

/**
 * The production adapter: PostgreSQL through pg, with a pool. Writers lock rows with
 * `SELECT … FOR UPDATE`, and the change feed is serialised with a transaction-scoped
 * advisory lock so its order is commit order.
 *
 * @example
 * ```ts
 * const crm = await createCrm({ adapter: postgresAdapter({ connectionString: process.env.DATABASE_URL! }) });
 * ```
 */
export function postgresAdapter(options: PostgresAdapterOptions): StorageAdapter {
  const schema = options.schema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new TypeError(`Invalid schema name "${schema}": use lowercase letters, digits and _`);
  }
  const pool =
    "pool" in options
      ? options.pool
      : new pg.Pool({
          connectionString: options.connectionString,
          max: options.maxConnections ?? 10,
          ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
        });
  // Each connection prepares a query once and reuses it, as a hand-written pg hot path would.
  const preparing = preparingPool(pool);
  const dialect = new PostgresDialect({ pool: preparing });
  const db = new Kysely<any>({ dialect });
  const parts = {
    dialect,
    compiler: dialect.createQueryCompiler(),
    adapter: dialect.createAdapter(),
    driver: dialect.createDriver(),
  };
  // Keys are namespaced by schema so separate Rapport schemas in one database do not contend.
  const lockKey = (name: string) => sql`hashtext(current_schema() || ${`:${name}`})`;

  return Object.freeze({
    name: "postgres",
    db,
    capabilities: Object.freeze({ rowLocking: true, skipLocked: true, concurrentWriters: true }),
    transaction: <T>(fn: (trx: Transaction<any>) => Promise<T>) => runPostgresTransaction(preparing, parts, fn),
    // Compiled once: every write transaction takes the change-feed lock.
    lock: async (trx, key) => {
      await trx.executeQuery(CompiledQuery.raw(TRANSACTION_LOCK_SQL, [`:${key}`]));
    },
    // Migrations run on the connection holding the session lock, so a pool of one suffices.
    withMigrationLock: <T>(fn: (db: Kysely<any>) => Promise<T>) =>
      db.connection().execute(async (connection) => {
        await sql`select pg_advisory_lock(${lockKey("rapport_migrations")})`.execute(connection);
        try {
          return await fn(connection);
        } finally {
          await sql`select pg_advisory_unlock(${lockKey("rapport_migrations")})`.execute(connection);
        }
      }),
    isUniqueViolation: (error: unknown) => (error as { code?: unknown } | null)?.code === "23505",
    classifyError: classifyPostgresError,
    jsonValue: (column: string, key: string, as: JsonValueKind): RawBuilder<unknown> => {
      const text = sql`(${sql.ref(column)}::jsonb ->> ${key})`;
      if (as === "number") return sql`${text}::numeric`;
      if (as === "boolean") return sql`${text}::boolean`;
      return text;
    },
    epochSeconds: (expression: Expression<string | null>): RawBuilder<number | null> =>
      sql<number | null>`extract(epoch from (${expression})::timestamptz)`,
    describeTables: (tables: readonly string[]) => describePostgresTables(db, tables),
    search: postgresSearch,
    initialize: async () => {
      if (schema !== undefined) await createSchemaIfMissing(db, schema);
    },
    close: () => db.destroy(),
  } satisfies StorageAdapter);
}
