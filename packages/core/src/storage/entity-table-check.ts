import * as z from "zod";
import type { EntityDefinition } from "../entities/entity-definition.js";
import { columnOf, type FieldSpec } from "../entities/fields.js";
import { BASE_ROW_COLUMNS } from "../entities/row-codec.js";
import { CrmError } from "../kernel/errors.js";
import type { StorageAdapter, TableColumn } from "./storage-adapter.js";

/** The columns `withRecordColumns` adds to every entity table; Rapport fills them itself. */
const RECORD_COLUMNS: ReadonlySet<string> = new Set(BASE_ROW_COLUMNS);

/** One disagreement between an entity's declaration and the table its migrations made. */
export interface EntityTableProblem {
  readonly module: string;
  readonly entity: string;
  readonly table: string;
  readonly message: string;
}

/** The entities one module declares, as {@link checkEntityTables} reads them. */
export interface ModuleEntities {
  readonly module: string;
  readonly entities: readonly EntityDefinition<any, any, any, any>[];
}

/**
 * Compares every entity's declaration with its table as migrated: each field needs its
 * column, each `NOT NULL` column without a default needs a field (or inserts fail), and each
 * required field must be filled by a create — by the create schema, a field `default` or a
 * column default. Returns every problem found; none means they agree.
 */
export async function checkEntityTables(
  adapter: StorageAdapter,
  modules: readonly ModuleEntities[],
): Promise<EntityTableProblem[]> {
  const problems: EntityTableProblem[] = [];
  const tables = await adapter.describeTables(modules.flatMap((m) => m.entities.map((entity) => entity.table)));
  for (const { module, entities } of modules) {
    for (const entity of entities) {
      const report = (message: string) => problems.push({ module, entity: entity.type, table: entity.table, message });
      const columns = tables.get(entity.table);
      if (columns === undefined) {
        report(`table "${entity.table}" does not exist: no migration of module "${module}" creates it`);
        continue;
      }
      for (const message of tableProblems(entity, new Map(columns.map((c) => [c.name, c])))) report(message);
    }
  }
  return problems;
}

function tableProblems(entity: EntityDefinition<any, any, any, any>, columns: ReadonlyMap<string, TableColumn>) {
  const messages: string[] = [];
  const fields = Object.entries(entity.fields as Record<string, FieldSpec>);
  const declared = new Set(fields.map(([name, spec]) => columnOf(name, spec)));
  for (const column of RECORD_COLUMNS) {
    if (!columns.has(column))
      messages.push(`record column "${column}" is missing: create the table with withRecordColumns`);
  }
  const createKeys = objectKeys(entity.createSchema);
  for (const [name, spec] of fields) {
    const column = columns.get(columnOf(name, spec));
    if (!column) {
      messages.push(`field "${name}" has no column "${columnOf(name, spec)}"`);
      continue;
    }
    const filled =
      spec.nullable ||
      spec.computed === true ||
      spec.default !== undefined ||
      column.hasDefault ||
      createKeys?.has(name) !== false;
    if (!filled) {
      messages.push(
        `field "${name}" (column "${column.name}", NOT NULL) is not in the create schema and has no default: give the field a default, mark it computed, or give the create schema the key`,
      );
    }
  }
  for (const column of columns.values()) {
    if (RECORD_COLUMNS.has(column.name) || declared.has(column.name)) continue;
    if (!column.nullable && !column.hasDefault) {
      messages.push(`column "${column.name}" is NOT NULL without a default, but no field declares it: inserts fail`);
    }
  }
  return messages;
}

/** The keys of an object schema, or `null` when the schema is not a plain object (its keys are unknown). */
function objectKeys(schema: unknown): ReadonlySet<string> | null {
  return schema instanceof z.ZodObject ? new Set(Object.keys(schema.shape)) : null;
}

/** Throws a `CrmError` (`ENTITY_TABLE_MISMATCH`) listing every problem, naming module, entity and thing. */
export function assertNoTableProblems(problems: readonly EntityTableProblem[]): void {
  if (problems.length === 0) return;
  const lines = problems.map((p) => `module "${p.module}", entity "${p.entity}" (${p.table}): ${p.message}`);
  throw new CrmError("ENTITY_TABLE_MISMATCH", `Entity declarations and tables disagree:\n${lines.join("\n")}`, {
    details: { problems },
  });
}
