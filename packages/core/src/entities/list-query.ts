import { type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from "kysely";
import * as z from "zod";
import { ValidationError } from "../kernel/errors.js";
import { columnOf, type FieldSpec, toColumnValue } from "./fields.js";

/** Filter operators, in the serialisable `{ field, op, value }` form hosts can store and send. */
export const FILTER_OPERATORS = [
  "eq",
  "ne",
  "in",
  "notIn",
  "lt",
  "lte",
  "gt",
  "gte",
  "contains",
  "startsWith",
  "isNull",
  "hasTag",
  "hasAnyTag",
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** One filter condition. All conditions of a list must hold (AND). */
export interface Filter {
  readonly field: string;
  readonly op: FilterOperator;
  /** A scalar; an array for `in`/`notIn`; `true`/`false` for `isNull`. */
  readonly value?: unknown;
}

export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** Sort order. Ties are broken by id, so pages never overlap or skip. Nulls sort last. */
export interface OrderBy {
  readonly field: string;
  readonly direction?: SortDirection;
}

/** Options of every `list` call. */
export interface ListOptions {
  readonly filter?: readonly Filter[];
  /** @default { field: "createdAt", direction: "asc" } */
  readonly orderBy?: OrderBy;
  /** Page size, 1–500. @default 50 */
  readonly limit?: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
  /** Include archived records. @default false */
  readonly includeArchived?: boolean;
}

/** One page of a list. `nextCursor` is `null` on the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

const scalar = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);

/** Validates {@link ListOptions}. */
export const listOptionsSchema = z
  .object({
    filter: z
      .array(
        z
          .object({
            field: z.string().min(1),
            op: z.enum(FILTER_OPERATORS),
            value: z.union([scalar, z.array(scalar).max(1_000)]).optional(),
          })
          .strict(),
      )
      .max(50)
      .optional(),
    orderBy: z
      .object({ field: z.string().min(1), direction: z.enum(SORT_DIRECTIONS).optional() })
      .strict()
      .optional(),
    limit: z.number().int().min(1).max(500).optional(),
    cursor: z.string().max(4_096).optional(),
    includeArchived: z.boolean().optional(),
  })
  .strict();

/**
 * A field a list can filter or sort on: its spec, the SQL expression that reads it (a
 * column, or a value inside the `custom` JSON), and optionally its own filter logic.
 */
export interface ListField {
  readonly spec: FieldSpec;
  readonly expression: Expression<any>;
  /** Set when the expression is not a plain column: sorting selects it under this alias for the cursor. */
  readonly alias?: string;
  /** Custom filter SQL (tags), used instead of comparing `expression`. */
  readonly filter?: (eb: ExpressionBuilder<any, any>, filter: ParsedFilter, index: number) => Expression<SqlBool>;
}

/** The fields a list may filter and sort on, by public name. */
export type ListableFields = Readonly<Record<string, ListField>>;

/** A list field backed by a column of the listed table. */
export function columnField(name: string, spec: FieldSpec): ListField {
  return { spec, expression: sql.ref(columnOf(name, spec)) };
}

type ParsedFilter = NonNullable<z.output<typeof listOptionsSchema>["filter"]>[number];

interface CursorState {
  readonly f: string;
  readonly d: SortDirection;
  readonly v: unknown;
  readonly id: string;
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString("base64url");
}

function decodeCursor(cursor: string, field: string, direction: SortDirection): CursorState {
  try {
    const state = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as CursorState;
    if (state.f === field && state.d === direction && typeof state.id === "string") return state;
  } catch {
    // fall through to the validation error below
  }
  throw ValidationError.forField(["cursor"], "Cursor is malformed or belongs to another sort order");
}

function listField(
  fields: ListableFields,
  name: string,
  path: (string | number)[],
  need: "filterable" | "sortable",
): ListField {
  const field = fields[name];
  if (!field?.spec[need]) {
    const allowed = Object.keys(fields).filter((k) => fields[k]?.spec[need]);
    throw ValidationError.forField(
      path,
      `Cannot ${need === "sortable" ? "sort" : "filter"} by "${name}"; use one of: ${allowed.join(", ")}`,
    );
  }
  return field;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** What {@link applyListOptions} decided, for building the page afterwards. */
export interface ListPlan<QB> {
  readonly query: QB;
  readonly orderField: string;
  readonly direction: SortDirection;
  readonly limit: number;
  /** The key of the sort value in each result row. */
  readonly sortKey: string;
}

/**
 * Applies validated filters, order and cursor to a select over one table. The caller
 * fetches `limit + 1` rows and passes them to {@link toPage}.
 */
export function applyListOptions<QB extends SelectQueryBuilder<any, any, any>>(
  query: QB,
  fields: ListableFields,
  options: z.output<typeof listOptionsSchema>,
): ListPlan<QB> {
  let q = query as SelectQueryBuilder<any, any, any>;
  for (const [i, f] of (options.filter ?? []).entries()) {
    const field = listField(fields, f.field, ["filter", i, "field"], "filterable");
    q = q.where((eb) => (field.filter ? field.filter(eb, f, i) : filterExpression(eb, field, f, i)));
  }
  const orderField = options.orderBy?.field ?? "createdAt";
  const direction = options.orderBy?.direction ?? "asc";
  const field = listField(fields, orderField, ["orderBy", "field"], "sortable");
  const expression = field.expression;
  if (field.alias) q = q.select(sql`${expression}`.as(field.alias));
  if (options.cursor !== undefined) {
    const state = decodeCursor(options.cursor, orderField, direction);
    q = q.where((eb) => afterCursor(eb, expression, field.spec.nullable, direction, state));
  }
  if (field.spec.nullable) q = q.orderBy(sql`case when ${expression} is null then 1 else 0 end`);
  q = q.orderBy(expression, direction).orderBy("id", direction);
  const limit = options.limit ?? 50;
  const sortKey = field.alias ?? columnOf(orderField, field.spec);
  return { query: q.limit(limit + 1) as QB, orderField, direction, limit, sortKey };
}

function filterExpression(
  eb: ExpressionBuilder<any, any>,
  field: ListField,
  f: ParsedFilter,
  index: number,
): Expression<SqlBool> {
  const ref = field.expression;
  const spec = field.spec;
  const bad = (message: string) => ValidationError.forField(["filter", index, "value"], message);
  const one = () => {
    if (Array.isArray(f.value) || f.value === undefined || f.value === null)
      throw bad(`"${f.op}" needs a single value`);
    return toColumnValue(spec, f.value);
  };
  switch (f.op) {
    case "eq":
      return f.value === null ? eb(ref, "is", null) : eb(ref, "=", one());
    case "ne":
      return f.value === null ? eb(ref, "is not", null) : eb.or([eb(ref, "<>", one()), eb(ref, "is", null)]);
    case "in":
    case "notIn": {
      if (!Array.isArray(f.value) || f.value.length === 0) throw bad(`"${f.op}" needs a non-empty array`);
      const values = f.value.map((v) => toColumnValue(spec, v));
      return f.op === "in" ? eb(ref, "in", values) : eb(ref, "not in", values);
    }
    case "lt":
      return eb(ref, "<", one());
    case "lte":
      return eb(ref, "<=", one());
    case "gt":
      return eb(ref, ">", one());
    case "gte":
      return eb(ref, ">=", one());
    case "contains":
    case "startsWith": {
      if (typeof f.value !== "string") throw bad(`"${f.op}" needs a string`);
      const pattern = `${f.op === "contains" ? "%" : ""}${escapeLike(f.value.toLowerCase())}%`;
      return eb(eb.fn("lower", [ref]), "like", sql<string>`${pattern} escape '\\'`);
    }
    case "isNull":
      return f.value === false ? eb(ref, "is not", null) : eb(ref, "is", null);
    case "hasTag":
    case "hasAnyTag":
      throw ValidationError.forField(["filter", index, "op"], `"${f.op}" applies to the tags field only`);
  }
}

function afterCursor(
  eb: ExpressionBuilder<any, any>,
  ref: Expression<any>,
  nullable: boolean,
  direction: SortDirection,
  state: CursorState,
) {
  const beyond = direction === "asc" ? ">" : "<";
  const idBeyond = eb("id", beyond, state.id);
  if (state.v === null) return eb.and([eb(ref, "is", null), idBeyond]);
  const past = eb.or([eb(ref, beyond, state.v), eb.and([eb(ref, "=", state.v), idBeyond])]);
  return nullable ? eb.or([past, eb(ref, "is", null)]) : past;
}

/** Cuts the extra row off and builds the cursor from the last item. */
export function toPage<Row extends { id: string }, T>(
  rows: Row[],
  plan: ListPlan<unknown>,
  map: (row: Row) => T,
): Page<T> {
  const { limit, orderField, direction, sortKey } = plan;
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  const nextCursor =
    hasMore && last
      ? encodeCursor({
          f: orderField,
          d: direction,
          v: normaliseSortValue((last as Record<string, unknown>)[sortKey]),
          id: last.id,
        })
      : null;
  return { items: pageRows.map(map), nextCursor };
}

/** Drivers return bigint/numeric as strings on PostgreSQL; the cursor keeps numbers as numbers. */
function normaliseSortValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === "bigint") return Number(value);
  return value;
}
