import { type Kysely, sql } from "kysely";

/**
 * `create schema if not exists`, safe when several processes run it at once: PostgreSQL
 * checks "if not exists" before inserting the catalog row, so concurrent runs can still
 * fail with a duplicate schema (42P06) or the catalog's unique violation (23505) — both
 * mean the schema now exists, which is all the caller asked for.
 */
export async function createSchemaIfMissing(db: Kysely<any>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== "42P06" && code !== "23505") throw error;
  }
}
