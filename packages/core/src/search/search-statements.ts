import { type Compilable, CompiledQuery, type QueryResult } from "kysely";
import type { StatementTarget } from "../storage/compiled-statements.js";
import type { StorageAdapter } from "../storage/storage-adapter.js";

/** A compiled query's SQL, and for each of its parameters the index of the input it takes. */
interface Template {
  readonly sql: string;
  readonly from: readonly number[];
}

/** Distinct shapes kept per adapter; past it, the oldest is dropped (and compiled again when next used). */
const MAX_SHAPES = 256;

const templatesByAdapter = new WeakMap<StorageAdapter, Map<string, Template>>();

/**
 * Runs a query whose SQL text depends only on `shape`, compiling it with Kysely the first
 * time and re-running that SQL with this call's `inputs` after — building and compiling a
 * search's join costs more than SQLite takes to run it. The first compile learns where each
 * parameter comes from: the one input holding its value. A shape where some parameter is
 * no input, or equals two inputs, is run as built and learnt again next time, so an
 * unlucky first call costs speed, never correctness.
 *
 * `inputs` MUST hold every value `build` binds that can change between calls of one shape;
 * `build` runs only when the shape is not known yet.
 */
export async function runSearchStatement<R>(
  target: StatementTarget,
  shape: string,
  inputs: readonly unknown[],
  build: () => Compilable<R> | Promise<Compilable<R>>,
): Promise<QueryResult<R>> {
  let templates = templatesByAdapter.get(target.adapter);
  if (!templates) {
    templates = new Map();
    templatesByAdapter.set(target.adapter, templates);
  }
  const template = templates.get(shape);
  if (template) {
    return target.db.executeQuery<R>(
      CompiledQuery.raw(
        template.sql,
        template.from.map((i) => inputs[i]),
      ) as CompiledQuery<R>,
    );
  }
  const compiled = (await build()).compile();
  const from = compiled.parameters.map((value) => onlyIndexOf(inputs, value));
  if (!from.includes(-1)) {
    templates.set(shape, { sql: compiled.sql, from });
    if (templates.size > MAX_SHAPES) templates.delete(templates.keys().next().value as string);
  }
  return target.db.executeQuery<R>(compiled);
}

/** The index of the one input equal to `value`; -1 when none is, or several with different indexes are. */
function onlyIndexOf(inputs: readonly unknown[], value: unknown): number {
  let found = -1;
  for (let i = 0; i < inputs.length; i++) {
    if (inputs[i] !== value) continue;
    if (found !== -1) return -1;
    found = i;
  }
  return found;
}
