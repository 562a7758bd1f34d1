import type { TableColumn } from "@rapport/core";
import { type Kysely, sql } from "kysely";

interface InformationSchemaColumn {
  table_name: string;
  column_name: string;
  is_nullable: "YES" | "NO";
  column_default: string | null;
}

/** The columns of each existing table of `tables` in the current schema (the adapter's `search_path`), in one query. */
export async function describePostgresTables(
  db: Kysely<any>,
  tables: readonly string[],
): Promise<Map<string, TableColumn[]>> {
  const described = new Map<string, TableColumn[]>();
  if (tables.length === 0) return described;
  const { rows } = await sql<InformationSchemaColumn>`
    select table_name, column_name, is_nullable, column_default
    from information_schema.columns
    where table_schema = current_schema() and table_name = any(${[...new Set(tables)]})
    order by table_name, ordinal_position`.execute(db);
  for (const row of rows) {
    const columns = described.get(row.table_name) ?? [];
    columns.push({
      name: row.column_name,
      nullable: row.is_nullable === "YES",
      hasDefault: row.column_default !== null,
    });
    described.set(row.table_name, columns);
  }
  return described;
}
