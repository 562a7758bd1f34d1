import type { TableColumn } from "@rapport/core";
import { type Kysely, sql } from "kysely";

interface PragmaColumn {
  name: string;
  notnull: number;
  dflt_value: string | null;
}

/** The columns of each existing table of `tables`, from `PRAGMA table_info` (in-process: no round trips to save). */
export async function describeSqliteTables(
  db: Kysely<any>,
  tables: readonly string[],
): Promise<Map<string, TableColumn[]>> {
  const described = new Map<string, TableColumn[]>();
  for (const table of new Set(tables)) {
    const { rows } = await sql<PragmaColumn>`select * from pragma_table_info(${table})`.execute(db);
    if (rows.length === 0) continue;
    described.set(
      table,
      rows.map((row) => ({ name: row.name, nullable: row.notnull === 0, hasDefault: row.dflt_value !== null })),
    );
  }
  return described;
}
