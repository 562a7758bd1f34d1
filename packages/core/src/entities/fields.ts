/** How a record field is stored in its column. */
export type FieldKind = "text" | "integer" | "boolean" | "json" | "timestamp";

/**
 * A record field mapped to a column. `T` is the field's type on the record; the kind
 * decides how values cross the database boundary identically on every adapter.
 */
export interface FieldSpec<T = unknown, C extends string = string> {
  readonly kind: FieldKind;
  /** Column name; defaults to the field name in snake_case. */
  readonly column?: C;
  readonly nullable: boolean;
  /** The value a new record gets when its create values leave the field out. */
  readonly default?: T;
  /** Set by the module on create (a derived name, the time a stage was entered), never by the create input. */
  readonly computed?: boolean;
  /** Usable in list `filter`. @default true for text, integer, boolean and timestamp fields */
  readonly filterable: boolean;
  /** Usable in list `orderBy`. @default true for text, integer and timestamp fields */
  readonly sortable: boolean;
  /** The only values a text field holds (a status): a list filter on any other value is a `ValidationError`, not an empty page. */
  readonly values?: readonly string[];
  /** Phantom carrier of `T`. */
  readonly __type?: T;
}

interface FieldOptions<C extends string = string, T = unknown> {
  /** The column's name, when it is not the field's name in snake_case. */
  column?: C;
  /** The value a new record gets when its create values leave the field out. */
  default?: T;
  /** The module sets it on create (a derived name, a stage's entry time), not the create input. @default false */
  computed?: boolean;
  filterable?: boolean;
  sortable?: boolean;
  /** The only values the field holds (a status), so a filter on another value is refused. Text fields only. */
  values?: readonly NonNullable<T>[];
}

function spec<T, C extends string>(
  kind: FieldKind,
  nullable: boolean,
  options: FieldOptions<C, T>,
  searchable: boolean,
): FieldSpec<T, C> {
  return Object.freeze({
    kind,
    nullable,
    ...(options.column === undefined ? {} : { column: options.column }),
    ...(options.default === undefined ? {} : { default: options.default }),
    ...(options.computed ? { computed: true } : {}),
    ...(options.values === undefined ? {} : { values: Object.freeze([...options.values].map(String)) }),
    filterable: options.filterable ?? searchable,
    sortable: options.sortable ?? (searchable && kind !== "boolean"),
  });
}

/**
 * Field constructors for {@link defineEntity}. `.nullable` variants allow `null`. A
 * `column` given as a literal flows into the table's row type ({@link EntityRow}).
 */
export const field = {
  text: <T extends string = string, const C extends string = string>(o: FieldOptions<C, T> = {}) =>
    spec<T, C>("text", false, o, true),
  nullableText: <T extends string = string, const C extends string = string>(o: FieldOptions<C, T | null> = {}) =>
    spec<T | null, C>("text", true, o, true),
  integer: <const C extends string = string>(o: FieldOptions<C, number> = {}) =>
    spec<number, C>("integer", false, o, true),
  nullableInteger: <const C extends string = string>(o: FieldOptions<C, number | null> = {}) =>
    spec<number | null, C>("integer", true, o, true),
  boolean: <const C extends string = string>(o: FieldOptions<C, boolean> = {}) =>
    spec<boolean, C>("boolean", false, o, true),
  timestamp: <const C extends string = string>(o: FieldOptions<C, string> = {}) =>
    spec<string, C>("timestamp", false, o, true),
  nullableTimestamp: <const C extends string = string>(o: FieldOptions<C, string | null> = {}) =>
    spec<string | null, C>("timestamp", true, o, true),
  json: <T, const C extends string = string>(o: FieldOptions<C, T> = {}) => spec<T, C>("json", false, o, false),
} as const;

/** The record type a field map describes. */
export type FieldValues<F extends Record<string, FieldSpec>> = {
  -readonly [K in keyof F]: F[K] extends FieldSpec<infer T> ? T : never;
};

/** `annualRevenue` → `annual_revenue`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function columnOf(name: string, spec: FieldSpec): string {
  return spec.column ?? snakeCase(name);
}

/** A field value as the database stores it. */
export function toColumnValue(spec: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (spec.kind) {
    case "boolean":
      return value ? 1 : 0;
    case "json":
      return JSON.stringify(value);
    default:
      return value;
  }
}

/** A column value as the record carries it (drivers differ: PostgreSQL returns bigint as string, SQLite booleans as 0/1). */
export function fromColumnValue(spec: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (spec.kind) {
    case "boolean":
      return value === true || value === 1 || value === "1" || value === "t";
    case "integer":
      return typeof value === "number" ? value : Number(value);
    case "json":
      return typeof value === "string" ? JSON.parse(value) : value;
    default:
      return value;
  }
}
