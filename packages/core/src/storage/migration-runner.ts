import type { Kysely } from "kysely";
import type { Clock } from "../kernel/clock.js";
import type { Migration } from "./migration.js";
import type { StorageAdapter } from "./storage-adapter.js";

/** A module's migrations, in the order modules must be migrated (dependencies first). */
export interface ModuleMigrations {
  readonly module: string;
  readonly migrations: readonly Migration[];
}

/** What one `migrate()` call applied. Empty when the database was already current. */
export interface MigrationReport {
  readonly applied: readonly { module: string; name: string }[];
}

/**
 * Applies every pending migration, module by module, under the adapter's migration lock.
 * Running it again applies nothing; processes starting at once wait for each other, and
 * the ones after the first find the ledger current.
 *
 * An adapter's `withMigrationLock` may hand `fn` the Kysely to migrate through: a
 * connection that holds the lock (its transactions then hold it too), or a transaction
 * that is the lock (SQLite's `BEGIN IMMEDIATE`), in which every migration then runs.
 * Otherwise each migration runs in its own transaction on `adapter.db`.
 */
export async function runMigrations(
  adapter: StorageAdapter,
  modules: readonly ModuleMigrations[],
  clock: Clock,
): Promise<MigrationReport> {
  return adapter.withMigrationLock(async (locked?: Kysely<any>) => {
    const db = locked ?? adapter.db;
    // Inside the lock: two processes creating the ledger at once could otherwise collide.
    await db.schema
      .createTable("rapport_migrations")
      .ifNotExists()
      .addColumn("module", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("applied_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("rapport_migrations_pk", ["module", "name"])
      .execute();
    const rows = await db.selectFrom("rapport_migrations").select(["module", "name"]).execute();
    const done = new Set(rows.map((r: { module: string; name: string }) => `${r.module}/${r.name}`));
    const applied: { module: string; name: string }[] = [];
    for (const { module, migrations } of modules) {
      for (const migration of migrations) {
        if (done.has(`${module}/${migration.name}`)) continue;
        const apply = async (trx: Kysely<any>) => {
          await migration.up(trx, adapter);
          await trx
            .insertInto("rapport_migrations")
            .values({ module, name: migration.name, applied_at: clock.now().toISOString() })
            .execute();
        };
        // Inside a lock that is itself a transaction, that transaction makes the whole run atomic.
        if (db.isTransaction) await apply(db);
        else await db.transaction().execute(apply);
        applied.push({ module, name: migration.name });
      }
    }
    return { applied };
  });
}
