import type { RecordColumns } from "../storage/record-table.js";
import type { EntityDefinition } from "./entity-definition.js";
import type { FieldSpec } from "./fields.js";

/** `annualRevenue` → `annual_revenue`, as {@link snakeCase} does at run time. */
export type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;

/** The column a field is stored in: its `column` when given as a literal, else its name in snake_case. */
type ColumnName<Name extends string, Spec> =
  Spec extends FieldSpec<unknown, infer C> ? (string extends C ? SnakeCase<Name> : C) : SnakeCase<Name>;

/** How a field's value is stored: booleans as 0/1, JSON as text, the rest as they are. */
type StoredValue<T> = T extends null ? null : T extends boolean ? number : T extends string | number ? T : string;

/** The columns a field map declares, as a Kysely row type. */
export type FieldColumns<F extends Record<string, FieldSpec>> = {
  [K in keyof F & string as ColumnName<K, F[K]>]: F[K] extends FieldSpec<infer T> ? StoredValue<T> : never;
};

/**
 * The Kysely row type of an entity's table, derived from its declaration: the record
 * columns every entity table has plus one column per field. Declare the table once — the
 * entity — and type SQL with this.
 *
 * @example
 * ```ts
 * type VisitsDatabase = EntityTables<typeof visitEntity>; // { visits: EntityRow<typeof visitEntity> }
 * defineModule({ name: "visits", tables: tablesOf<VisitsDatabase>(), … }); // op.db is Kysely<VisitsDatabase>
 * ```
 */
export type EntityRow<E extends EntityDefinition<any, any, any, any>> = RecordColumns & FieldColumns<E["fields"]>;

/** The Kysely table map of one or more entities (a union): table name → {@link EntityRow}. */
export type EntityTables<E extends EntityDefinition<any, any, any, any>> = {
  [X in E as X["table"]]: EntityRow<X>;
};
