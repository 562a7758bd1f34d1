import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from "kysely";
import type { StorageAdapter } from "./storage-adapter.js";

/** Where a statement runs: the adapter names the dialect (the SQL text differs), `db` the connection or transaction. */
export interface StatementTarget {
  readonly adapter: StorageAdapter;
  readonly db: Kysely<any>;
}

/** Distinct statement shapes kept per adapter; past it, the oldest one is dropped (and compiled again when next used). */
const MAX_SHAPES = 512;

/** Rows per multi-row INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
export const ROWS_PER_INSERT = 500;

/**
 * INSERTs of up to this many rows run as one statement whatever their row count (single-record
 * writes). Longer remainders are split into statements of a power of two rows, so a bulk
 * load reuses a few shapes instead of compiling one per remainder.
 */
const FEW_ROWS = 16;

const compiledByAdapter = new WeakMap<StorageAdapter, Map<string, CompiledQuery>>();

/**
 * Runs a statement whose SQL text depends only on `shape`, compiling it with Kysely the
 * first time and re-running that SQL with new `parameters` after. Kysely builds and
 * compiles a query on every call — tens of microseconds for a short statement,
 * milliseconds for a 500-row INSERT — which on the write paths costs more than SQLite
 * takes to run it.
 *
 * `build` must make a query whose bound parameters are exactly `parameters`, in order.
 * That is checked when the shape is first compiled; a shape that fails the check is run
 * as built and never cached, so a wrong `parameters` list costs speed, not correctness.
 */
export async function runCompiled<R>(
  target: StatementTarget,
  shape: string,
  parameters: readonly unknown[],
  build: () => Compilable<R>,
): Promise<QueryResult<R>> {
  const cache = cacheOf(target.adapter);
  const cached = cache.get(shape);
  if (cached !== undefined) {
    return target.db.executeQuery<R>({ ...cached, parameters } as CompiledQuery<R>);
  }
  const compiled = build().compile();
  if (sameParameters(compiled.parameters, parameters)) {
    // Only the SQL is kept: the built query's tree and first parameters can be megabytes for a bulk INSERT.
    cache.set(shape, CompiledQuery.raw(compiled.sql));
    if (cache.size > MAX_SHAPES) cache.delete(cache.keys().next().value as string);
  }
  return target.db.executeQuery<R>(compiled);
}

/**
 * Inserts `rows` into `table` in multi-row statements of up to `rowsPerStatement` rows,
 * reusing the compiled SQL of full statements and of short ones (see {@link runCompiled}).
 * Rows should have the same columns; rows that differ are handed to Kysely as they are
 * (a missing or `undefined` value is not written: PostgreSQL fills in the column's
 * default, SQLite a `NULL`).
 */
export async function insertRows(
  target: StatementTarget,
  table: string,
  rows: readonly Readonly<Record<string, unknown>>[],
  rowsPerStatement = ROWS_PER_INSERT,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = definedColumns(rows[0] as Readonly<Record<string, unknown>>);
  const values = flatten(rows, columns);
  if (values !== null) return insertValues(target, table, columns, values, rowsPerStatement);
  // Rows with different columns: Kysely writes each as it is; not worth caching.
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    await target.db
      .insertInto(table)
      .values(rows.slice(start, start + rowsPerStatement))
      .execute();
  }
}

/**
 * {@link insertRows} for rows given as one flat list of values, row after row in
 * `columns` order — the bulk paths' form, which makes no object per row. Statements hold
 * `rowsPerStatement` rows, then a power of two, then at most {@link FEW_ROWS}: 300 rows
 * left go in as 256, 32 and 12.
 */
export async function insertValues(
  target: StatementTarget,
  table: string,
  columns: readonly string[],
  values: readonly unknown[],
  rowsPerStatement = ROWS_PER_INSERT,
): Promise<void> {
  await insertChunks(target, table, columns, values, rowsPerStatement, false);
}

/**
 * {@link insertValues}, skipping rows that would break a unique constraint
 * (`ON CONFLICT DO NOTHING`) instead of failing. Returns how many rows went in, so a
 * caller claiming unique keys learns with the insert itself whether one was taken.
 */
export function insertValuesSkippingConflicts(
  target: StatementTarget,
  table: string,
  columns: readonly string[],
  values: readonly unknown[],
): Promise<number> {
  return insertChunks(target, table, columns, values, ROWS_PER_INSERT, true);
}

async function insertChunks(
  target: StatementTarget,
  table: string,
  columns: readonly string[],
  values: readonly unknown[],
  rowsPerStatement: number,
  skipConflicts: boolean,
): Promise<number> {
  const width = columns.length;
  const rowCount = values.length / width;
  let inserted = 0;
  for (let start = 0, end = 0; start < rowCount; start = end) {
    end = start + statementRows(rowCount - start, rowsPerStatement);
    const parameters = values.slice(start * width, end * width);
    // Kysely needs row objects only when it compiles the shape (or for a one-off row count).
    const build = () => {
      const objects: Record<string, unknown>[] = [];
      for (let at = 0; at < parameters.length; at += width) {
        const row: Record<string, unknown> = {};
        for (let c = 0; c < width; c++) row[columns[c] as string] = parameters[at + c];
        objects.push(row);
      }
      const insert = target.db.insertInto(table).values(objects);
      return skipConflicts ? insert.onConflict((conflict) => conflict.doNothing()) : insert;
    };
    const result = parameters.includes(undefined)
      ? await target.db.executeQuery(build().compile())
      : await runCompiled(
          target,
          `insert${skipConflicts ? "-skipping-conflicts" : ""}:${table}:${columns.join(",")}:${end - start}`,
          parameters,
          build,
        );
    inserted += Number(result.numAffectedRows ?? 0);
  }
  return inserted;
}

/** Rows in the next INSERT with `remaining` rows left: a full statement, a power of two, or the few left. */
function statementRows(remaining: number, rowsPerStatement: number): number {
  if (remaining >= rowsPerStatement) return rowsPerStatement;
  if (remaining <= FEW_ROWS) return remaining;
  return 2 ** Math.floor(Math.log2(remaining));
}

function cacheOf(adapter: StorageAdapter): Map<string, CompiledQuery> {
  let cache = compiledByAdapter.get(adapter);
  if (!cache) {
    cache = new Map();
    compiledByAdapter.set(adapter, cache);
  }
  return cache;
}

function definedColumns(row: Readonly<Record<string, unknown>>): string[] {
  const columns: string[] = [];
  for (const column in row) if (row[column] !== undefined) columns.push(column);
  return columns;
}

/** The rows' values in column order, or `null` when a row's defined columns differ from `columns`. */
function flatten(rows: readonly Readonly<Record<string, unknown>>[], columns: readonly string[]): unknown[] | null {
  // Grown with push, not preallocated: a holey array is slow to hand to the driver.
  const values: unknown[] = [];
  for (const row of rows) {
    let defined = 0;
    for (const column in row) if (row[column] !== undefined) defined++;
    if (defined !== columns.length) return null;
    for (const column of columns) {
      const value = row[column];
      if (value === undefined) return null;
      values.push(value);
    }
  }
  return values;
}

function sameParameters(compiled: readonly unknown[], expected: readonly unknown[]): boolean {
  if (compiled.length !== expected.length) return false;
  for (let i = 0; i < compiled.length; i++) if (compiled[i] !== expected[i]) return false;
  return true;
}
