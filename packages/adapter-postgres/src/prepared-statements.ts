import { createHash } from "node:crypto";
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";
import type pg from "pg";

/** Named statements kept per connection; beyond this, statements run unnamed (parsed each time). */
const STATEMENTS_PER_CONNECTION = 256;
/**
 * Statements with more values than this run unnamed, unless they are INSERTs: a named
 * statement may switch to a generic plan, which for long `IN (…)` lists is several times
 * slower than a plan made for the actual values. An INSERT has no plan to choose.
 */
const MAX_NAMED_VALUES = 64;
/** SQL texts whose statement names are remembered, so hashing is not repeated. */
const NAME_CACHE_SIZE = 2_048;
/**
 * SQL longer than this (multi-row INSERTs) is not kept as a cache key — bulk loads make a
 * new text per row count — and is named only once it recurs, so a one-off row count does
 * not take one of a connection's named-statement slots for good.
 */
const LONG_SQL = 4_096;
/** Names of long statements seen once, waiting to recur. */
const SEEN_ONCE_SIZE = 256;

const names = new Map<string, string>();
const seenOnce = new Set<string>();
const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();

function hashName(text: string): string {
  return `rapport_${createHash("sha1").update(text).digest("base64url").slice(0, 20)}`;
}

function statementName(text: string): string {
  if (text.length > LONG_SQL) return hashName(text);
  let name = names.get(text);
  if (name === undefined) {
    name = hashName(text);
    if (names.size >= NAME_CACHE_SIZE) names.delete(names.keys().next().value as string);
    names.set(text, name);
  }
  return name;
}

/** True the second time a long statement is seen (and after): only recurring shapes are worth a name. */
function recurs(name: string): boolean {
  if (seenOnce.has(name)) return true;
  if (seenOnce.size >= SEEN_ONCE_SIZE) seenOnce.delete(seenOnce.values().next().value as string);
  seenOnce.add(name);
  return false;
}

/**
 * Wraps a pg pool so each connection prepares a statement once and reuses it: the server
 * parses and plans each distinct query once per connection instead of on every call.
 * Statements with a varying shape (IN lists of another length) beyond the per-connection
 * budget run unnamed, so a connection never accumulates statements without bound.
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  return {
    connect: async (): Promise<PostgresPoolClient> => {
      const client = await pool.connect();
      let prepared = preparedOn.get(client);
      if (!prepared) {
        prepared = new Set();
        preparedOn.set(client, prepared);
      }
      const known = prepared;
      return {
        query: <R>(text: string, values: readonly unknown[]): Promise<PostgresQueryResult<R>> => {
          const worthNaming = values.length <= MAX_NAMED_VALUES || /^\s*insert\b/i.test(text);
          const name = worthNaming ? statementName(text) : "";
          const recurring = worthNaming && (known.has(name) || text.length <= LONG_SQL || recurs(name));
          if (recurring && (known.has(name) || known.size < STATEMENTS_PER_CONNECTION)) {
            known.add(name);
            return client.query({ name, text, values: [...values] }) as unknown as Promise<PostgresQueryResult<R>>;
          }
          return client.query(text, [...values]) as unknown as Promise<PostgresQueryResult<R>>;
        },
        release: (destroy?: boolean) => client.release(destroy),
      } as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}
