import type { CreateTableBuilder } from "kysely";

/**
 * Adds the columns every entity table carries — `tenant_id`, `id`, `version`, timestamps,
 * actors, `archived_at`, `custom`, `external_ids`, `tags` — and the `(tenant_id, id)` primary key.
 * Call it first in a module migration's `createTable`, then add the entity's own columns.
 */
export function withRecordColumns<T extends string>(
  table: CreateTableBuilder<T, any>,
  name: string,
): CreateTableBuilder<T, any> {
  return table
    .addColumn("tenant_id", "text", (c) => c.notNull().references("rapport_tenants.tenant_id"))
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.notNull())
    .addColumn("archived_at", "text")
    .addColumn("custom", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("external_ids", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
    .addPrimaryKeyConstraint(`${name}_pk`, ["tenant_id", "id"]);
}

/** The columns {@link withRecordColumns} adds, as a row type for a module's own Kysely table interfaces. */
export interface RecordColumns {
  tenant_id: string;
  id: string;
  version: number;
  created_at: string;
  updated_at: string;
  created_by: string;
  updated_by: string;
  archived_at: string | null;
  /** JSON object of custom field values. */
  custom: string;
  /** JSON object: system → external id. */
  external_ids: string;
  /** JSON array of tags. */
  tags: string;
}
