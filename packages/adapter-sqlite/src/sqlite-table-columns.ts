import type { TableColumn } from "@rapport/core";
import { type Kysely, sql } from "kysely";

interface PragmaColumn {
  name: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

/** The columns of `table` from `PRAGMA table_info`, or `null` when there is no such table. */
export async function describeSqliteTable(db: Kysely<any>, table: string): Promise<TableColumn[] | null> {
  const { rows } = await sql<PragmaColumn>`select * from pragma_table_info(${table})`.execute(db);
  if (rows.length === 0) return null;
  return rows.map((row) => ({ name: row.name, nullable: row.notnull === 0, hasDefault: row.dflt_value !== null }));
}
