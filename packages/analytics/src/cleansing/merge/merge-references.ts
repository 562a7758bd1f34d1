import type { EntityDefinition, OperationContext, StorageAdapter } from "@rapport/core";
import type { Kysely } from "kysely";

/**
 * A field of a registered entity that links to the merged type: re-pointed through the
 * record layer (versioned, audited). `typeField` is set for a polymorphic link
 * (`relatedType` + `relatedId`), which links to the merged type only when it names it.
 */
export interface RecordReference {
  readonly entity: EntityDefinition<any, any, any>;
  readonly field: string;
  readonly column: string;
  readonly typeColumn?: string;
}

/**
 * A column of a module table that is not an entity (a link table, a log of captures)
 * holding ids of the merged type: re-pointed with a plain UPDATE, its rows kept in the
 * merge log. `typeColumn` as for {@link RecordReference}.
 */
export interface RowReference {
  readonly table: string;
  readonly column: string;
  readonly typeColumn?: string;
  /** Every column of the table, to restore a row exactly and to find it again on undo. */
  readonly columns: readonly string[];
}

/** Where records of one type are linked from. */
export interface References {
  readonly records: readonly RecordReference[];
  readonly rows: readonly RowReference[];
}

/**
 * Tables left out: the audit trail and change feed are history, the external-id and tag
 * indexes mirror the record's own `externalIds` and `tags` (merged as fields), and the
 * cleansing module's own tables are derived data and logs.
 */
const SKIPPED_TABLES = new Set(["rapport_audit_log", "rapport_change_feed", "rapport_external_ids", "rapport_tags"]);
const SKIPPED_PREFIXES = ["cleansing_", "rapport_migrations"];

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * The links to records of `type`, found from what modules declare rather than a list per
 * module: in every registered entity, a text field named `<type>Id` or `…<Type>Id`
 * (`contactId`, `primaryContactId`), the entity's declared `parent` field, a `parentId` of the
 * type itself (an account's parent account), and polymorphic
 * pairs `<x>Type` + `<x>Id`; in every other tenant table, a column `<type>_id` or
 * `…_<type>_id`, and pairs `<x>_type` + `<x>_id`. A plugin's tables take part by following
 * the same naming.
 */
export async function referencesTo(op: OperationContext, type: string): Promise<References> {
  const records: RecordReference[] = [];
  const entityTables = new Set<string>();
  for (const entityType of op.knownEntityTypes()) {
    const entity = op.entityDefinition(entityType);
    if (!entity) continue;
    entityTables.add(entity.table);
    const fields = entity.fields as Record<string, { kind: string; column?: string }>;
    const columnOf = (name: string) => fields[name]?.column ?? snakeCase(name);
    for (const [name, spec] of Object.entries(fields)) {
      if (spec.kind !== "text") continue;
      const declaredParent = entity.parent?.type === type && entity.parent.field === name;
      // An entity's own hierarchy (an account's parentId) links to its own type.
      const ownHierarchy = name === "parentId" && entity.type === type && entity.parent === undefined;
      if (declaredParent || ownHierarchy || linksByName(name, type)) {
        records.push({ entity, field: name, column: columnOf(name) });
        continue;
      }
      const pair = polymorphicPrefix(name, "Id");
      if (pair !== null && fields[`${pair}Type`]?.kind === "text") {
        records.push({ entity, field: name, column: columnOf(name), typeColumn: columnOf(`${pair}Type`) });
      }
    }
  }
  const rows: RowReference[] = [];
  for (const [table, columns] of await tenantTables(op)) {
    if (entityTables.has(table) || SKIPPED_TABLES.has(table) || SKIPPED_PREFIXES.some((p) => table.startsWith(p))) {
      continue;
    }
    for (const column of columns) {
      if (column === `${type}_id` || column.endsWith(`_${type}_id`)) {
        rows.push({ table, column, columns });
        continue;
      }
      const pair = polymorphicPrefix(column, "_id");
      if (pair !== null && columns.includes(`${pair}_type`)) {
        rows.push({ table, column, typeColumn: `${pair}_type`, columns });
      }
    }
  }
  return { records, rows };
}

function linksByName(field: string, type: string): boolean {
  return field === `${type}Id` || field.endsWith(`${capitalised(type)}Id`);
}

/** `relatedId` → `related`; `null` for a name without the suffix or with nothing before it. */
function polymorphicPrefix(name: string, suffix: string): string | null {
  if (!name.endsWith(suffix) || name.length === suffix.length) return null;
  return name.slice(0, -suffix.length);
}

/** Table shapes by adapter: the schema is fixed once the CRM has migrated, so it is read once. */
const shapes = new WeakMap<StorageAdapter, Promise<ReadonlyMap<string, readonly string[]>>>();

/** The tenant-scoped tables (those with a `tenant_id` column) of the adapter's schema, with their columns. */
function tenantTables(op: OperationContext): Promise<ReadonlyMap<string, readonly string[]>> {
  let shape = shapes.get(op.adapter);
  if (!shape) {
    // A database with one writer has one connection, which this operation may hold: read through it.
    shape = op.adapter.capabilities.concurrentWriters ? describedTables(op.adapter) : listedTables(op.db);
    shapes.set(op.adapter, shape);
    shape.catch(() => shapes.delete(op.adapter));
  }
  return shape;
}

async function listedTables(db: Kysely<any>): Promise<ReadonlyMap<string, readonly string[]>> {
  const tables = new Map<string, readonly string[]>();
  for (const table of await db.introspection.getTables()) {
    const columns = table.columns.map((c) => c.name);
    if (columns.includes("tenant_id")) tables.set(table.name, columns);
  }
  return tables;
}

async function describedTables(adapter: StorageAdapter): Promise<ReadonlyMap<string, readonly string[]>> {
  // Introspection lists every schema's tables; describeTables keeps those of the adapter's own schema.
  const names = [...new Set((await listTables(adapter.db)).map((table) => table.name))];
  const tables = new Map<string, readonly string[]>();
  for (const [name, columns] of await adapter.describeTables(names)) {
    const columnNames = columns.map((c) => c.name);
    if (columnNames.includes("tenant_id")) tables.set(name, columnNames);
  }
  return tables;
}

/** The catalog query can fail while another process drops a schema: retried a few times. */
async function listTables(db: Kysely<any>) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.introspection.getTables();
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
}
