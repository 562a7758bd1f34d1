import type { TableColumn } from "@rapport/core";
import { type Kysely, sql } from "kysely";

interface InformationSchemaColumn {
  column_name: string;
  is_nullable: "YES" | "NO";
  column_default: string | null;
}

/** The columns of `table` in the current schema (the adapter's `search_path`), or `null` when there is none. */
export async function describePostgresTable(db: Kysely<any>, table: string): Promise<TableColumn[] | null> {
  const { rows } = await sql<InformationSchemaColumn>`
    select column_name, is_nullable, column_default
    from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}
    order by ordinal_position`.execute(db);
  if (rows.length === 0) return null;
  return rows.map((row) => ({
    name: row.column_name,
    nullable: row.is_nullable === "YES",
    hasDefault: row.column_default !== null,
  }));
}
