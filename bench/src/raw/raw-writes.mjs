/**
 * The raw side's writes that every workload shares — multi-row inserts, audit rows and
 * change-feed rows — written by hand against Rapport's tables, with the same batch
 * sizes Rapport uses (500 record rows, 1,000 audit or feed rows per statement).
 */

/** @typedef {import("./raw-sqlite.mjs").RawDb} RawDb */
/** @typedef {import("./raw-ids.mjs").RawIds} RawIds */

/** Record rows per multi-row INSERT, as in Rapport's entity store. */
export const RECORD_ROWS_PER_INSERT = 500;
/** Audit and change-feed rows per multi-row INSERT, as in Rapport's unit of work. */
export const LOG_ROWS_PER_INSERT = 1_000;

/** The bookkeeping columns every Rapport record table starts with, in table order. */
export const RECORD_COLUMNS = Object.freeze([
  "tenant_id",
  "id",
  "version",
  "created_at",
  "updated_at",
  "created_by",
  "updated_by",
  "archived_at",
]);

const AUDIT_COLUMNS = ["tenant_id", "id", "entity_type", "entity_id", "action", "actor_id", "at", "changes"];
const FEED_COLUMNS = ["tenant_id", "seq", "event_id", "type", "actor_id", "occurred_at", "data"];

/** @type {Map<string, string>} */
const insertSqlCache = new Map();

/**
 * `insert into <table> (<columns>) values (?, …), …` for `rows` rows.
 *
 * @param {string} table
 * @param {readonly string[]} columns
 * @param {number} rows
 * @returns {string}
 */
export function insertSql(table, columns, rows) {
  const key = `${table}:${columns.join(",")}:${rows}`;
  let sql = insertSqlCache.get(key);
  if (sql === undefined) {
    const tuple = `(${columns.map(() => "?").join(", ")})`;
    sql = `insert into ${table} (${columns.join(", ")}) values ${Array.from({ length: rows }, () => tuple).join(", ")}`;
    insertSqlCache.set(key, sql);
  }
  return sql;
}

/**
 * Inserts `rows` (each an array of values in `columns` order) in multi-row statements of
 * at most `perStatement` rows.
 *
 * @param {RawDb} raw
 * @param {string} table
 * @param {readonly string[]} columns
 * @param {readonly (readonly unknown[])[]} rows
 * @param {number} perStatement
 * @returns {Promise<void>}
 */
export async function insertRows(raw, table, columns, rows, perStatement) {
  for (let start = 0; start < rows.length; start += perStatement) {
    const end = Math.min(rows.length, start + perStatement);
    const params = [];
    for (let i = start; i < end; i++) params.push(.../** @type {readonly unknown[]} */ (rows[i]));
    await raw.run(insertSql(table, columns, end - start), params);
  }
}

/**
 * @typedef {object} RawAuditEntry
 * @property {string} entityType
 * @property {string} entityId
 * @property {string} action
 * @property {string} changes the field-level diff as JSON: `{ field: [before, after] }`
 */

/**
 * Writes one audit row per entry.
 *
 * @param {RawDb} raw
 * @param {RawIds} ids
 * @param {{ tenantId: string, actorId: string, at: string }} who
 * @param {readonly RawAuditEntry[]} entries
 * @returns {Promise<void>}
 */
export async function writeAudit(raw, ids, who, entries) {
  const rows = entries.map((e) => [
    who.tenantId,
    ids.next("aud"),
    e.entityType,
    e.entityId,
    e.action,
    who.actorId,
    who.at,
    e.changes,
  ]);
  await insertRows(raw, "rapport_audit_log", AUDIT_COLUMNS, rows, LOG_ROWS_PER_INSERT);
}

/**
 * Appends events to the change feed: takes the feed lock, continues the sequence after
 * the current maximum, and inserts one row per event.
 *
 * @param {RawDb} raw
 * @param {RawIds} ids
 * @param {{ tenantId: string, actorId: string, at: string }} who
 * @param {readonly { type: string, data: string }[]} events `data` already JSON
 * @returns {Promise<void>}
 */
export async function writeFeed(raw, ids, who, events) {
  await raw.lockChangeFeed();
  const [top] = await raw.all("select max(seq) as seq from rapport_change_feed");
  const base = Number(top?.seq ?? 0);
  const rows = events.map((e, i) => [who.tenantId, base + i + 1, ids.next("evt"), e.type, who.actorId, who.at, e.data]);
  await insertRows(raw, "rapport_change_feed", FEED_COLUMNS, rows, LOG_ROWS_PER_INSERT);
}

/** Fields Rapport stamps on every new record; a create's audit diff leaves them out. */
const CREATED_BOOKKEEPING = new Set(["id", "tenantId", "version", "createdAt", "createdBy", "updatedAt", "updatedBy"]);

/**
 * The audit diff of a newly created record as JSON: every field with a value, as
 * `[null, value]`, leaving out the bookkeeping fields Rapport stamps on every record.
 *
 * @param {Readonly<Record<string, unknown>>} record
 * @returns {string}
 */
export function createdChanges(record) {
  /** @type {Record<string, [null, unknown]>} */
  const changes = {};
  for (const key in record) {
    const value = record[key];
    if (value === null || value === undefined || CREATED_BOOKKEEPING.has(key)) continue;
    changes[key] = [null, value];
  }
  return JSON.stringify(changes);
}
