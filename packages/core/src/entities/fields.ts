/** How a record field is stored in its column. */
export type FieldKind = "text" | "integer" | "boolean" | "json" | "timestamp";

/**
 * A record field mapped to a column. `T` is the field's type on the record; the kind
 * decides how values cross the database boundary identically on every adapter.
 */
export interface FieldSpec<T = unknown> {
  readonly kind: FieldKind;
  /** Column name; defaults to the field name in snake_case. */
  readonly column?: string;
  readonly nullable: boolean;
  /** Usable in list `filter`. @default true for text, integer, boolean and timestamp fields */
  readonly filterable: boolean;
  /** Usable in list `orderBy`. @default true for text, integer and timestamp fields */
  readonly sortable: boolean;
  /** Phantom carrier of `T`. */
  readonly __type?: T;
}

interface FieldOptions {
  column?: string;
  filterable?: boolean;
  sortable?: boolean;
}

function spec<T>(kind: FieldKind, nullable: boolean, options: FieldOptions, searchable: boolean): FieldSpec<T> {
  return Object.freeze({
    kind,
    nullable,
    ...(options.column === undefined ? {} : { column: options.column }),
    filterable: options.filterable ?? searchable,
    sortable: options.sortable ?? (searchable && kind !== "boolean"),
  });
}

/** Field constructors for {@link defineEntity}. `.nullable` variants allow `null`. */
export const field = {
  text: <T extends string = string>(o: FieldOptions = {}) => spec<T>("text", false, o, true),
  nullableText: <T extends string = string>(o: FieldOptions = {}) => spec<T | null>("text", true, o, true),
  integer: (o: FieldOptions = {}) => spec<number>("integer", false, o, true),
  nullableInteger: (o: FieldOptions = {}) => spec<number | null>("integer", true, o, true),
  boolean: (o: FieldOptions = {}) => spec<boolean>("boolean", false, o, true),
  timestamp: (o: FieldOptions = {}) => spec<string>("timestamp", false, o, true),
  nullableTimestamp: (o: FieldOptions = {}) => spec<string | null>("timestamp", true, o, true),
  json: <T>(o: FieldOptions = {}) => spec<T>("json", false, o, false),
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
