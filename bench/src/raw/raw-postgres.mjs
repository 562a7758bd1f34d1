import pg from "pg";

/** @typedef {import("./raw-sqlite.mjs").RawDb} RawDb */
/** @typedef {import("./raw-sqlite.mjs").RawRow} RawRow */

/**
 * Opens the raw side on PostgreSQL: one connection with `search_path` set to the bench
 * schema, hand-written SQL (`?` placeholders become `$1…`), and named prepared
 * statements, so each statement is parsed and planned once per connection — except lookups
 * by a list of ids, which are planned for their values each time (see `query`).
 *
 * @param {string} connectionString
 * @param {string} schema
 * @returns {Promise<RawDb>}
 */
export async function openRawPostgres(connectionString, schema) {
  const client = new pg.Client({ connectionString, options: `-c search_path=${schema}` });
  await client.connect();
  /** @type {Map<string, { name: string, text: string }>} */
  const statements = new Map();
  let mayCheckpoint = true;
  /** @param {string} sql */
  const statementFor = (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      let n = 0;
      statement = { name: `raw_${statements.size + 1}`, text: sql.replace(/\?/g, () => `$${++n}`) };
      statements.set(sql, statement);
    }
    return statement;
  };
  /**
   * @param {string} sql
   * @param {readonly unknown[]} params
   */
  const query = (sql, params) => {
    const { name, text } = statementFor(sql);
    // A lookup by a list of ids is planned for its actual values every time: a prepared
    // statement's generic plan for `id in ($2, …, $501)` can turn into a scan of the tenant.
    const lookup = params.length > 50 && sql.startsWith("select");
    return client.query(lookup ? { text, values: [...params] } : { name, text, values: [...params] });
  };

  return {
    name: "postgres",
    run: async (sql, params = []) => (await query(sql, params)).rowCount ?? 0,
    all: async (sql, params = []) => (await query(sql, params)).rows,
    transaction: async (fn) => {
      await client.query("begin");
      try {
        const result = await fn();
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback");
        throw error;
      }
    },
    forUpdate: " for update",
    epochSeconds: (column) => `extract(epoch from (${column})::timestamptz)`,
    // The same transaction-scoped advisory lock, under the same key, as Rapport's PostgreSQL adapter.
    lockChangeFeed: async () => {
      await query("select pg_advisory_xact_lock(hashtext(current_schema() || ':rapport_change_feed'))", []);
    },
    // CHECKPOINT needs a superuser or pg_checkpoint; without either, runs go unsettled (said once).
    settle: async () => {
      if (!mayCheckpoint) return;
      try {
        await client.query("checkpoint");
      } catch (error) {
        if (/** @type {{ code?: string }} */ (error).code !== "42501") throw error;
        mayCheckpoint = false;
        console.error("note: this PostgreSQL user may not CHECKPOINT; timed runs start without a checkpoint");
      }
    },
    close: () => client.end(),
  };
}
