import type { AnyModule } from "../kernel/define-module.js";
import { assertNoTableProblems, checkEntityTables } from "../storage/entity-table-check.js";
import type { StorageAdapter } from "../storage/storage-adapter.js";

/**
 * Fails (a `CrmError` with code `ENTITY_TABLE_MISMATCH` listing every problem) unless each
 * entity the modules declare agrees with its migrated table: every field has its column,
 * every `NOT NULL` column without a default has a field, every required field is filled
 * on create. Run it in a module's tests after `createCrm` has migrated the database.
 *
 * @example
 * ```ts
 * const crm = await createCrm({ adapter, modules: [loyalty()] });
 * await expectEntityTablesMatch(adapter, [loyalty()]);
 * ```
 */
export async function expectEntityTablesMatch(adapter: StorageAdapter, modules: readonly AnyModule[]): Promise<void> {
  const declared = modules.map((module) => ({ module: module.name, entities: module.entities ?? [] }));
  assertNoTableProblems(await checkEntityTables(adapter, declared));
}
