import {
  type Expression,
  type ExpressionBuilder,
  expressionBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from "kysely";
import * as z from "zod";
import { ValidationError } from "../kernel/errors.js";
import { parseInput } from "../kernel/validate.js";
import { textSchema } from "../schemas/common-schemas.js";
import { isStorableText } from "../schemas/plain-input.js";
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

const scalar = z.union([textSchema().max(10_000), z.number(), z.boolean(), z.null()]);

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

/** {@link ListOptions} as validated. */
export type ParsedListOptions = z.output<typeof listOptionsSchema>;

/**
 * Validates list options as {@link listOptionsSchema} does. Plain, valid options — what
 * hosts send with every page — are checked here and copied; anything else goes to zod,
 * which throws `ValidationError` with its issues. Once a process has parsed many schemas,
 * zod takes some 25 µs for this one, a tenth of what SQLite needs for the page.
 */
export function parseListOptions(input: unknown): ParsedListOptions {
  return plainListOptions(input) ?? parseInput(listOptionsSchema, input);
}

const OPTION_KEYS: ReadonlySet<string> = new Set(["filter", "orderBy", "limit", "cursor", "includeArchived"]);
const FILTER_KEYS: ReadonlySet<string> = new Set(["field", "op", "value"]);
const ORDER_KEYS: ReadonlySet<string> = new Set(["field", "direction"]);
const OPERATORS: ReadonlySet<string> = new Set(FILTER_OPERATORS);

/**
 * A copy of `input` when it is a plain object that {@link listOptionsSchema} accepts, or
 * `undefined` when zod must decide. Never accepts what zod refuses: string lengths are
 * compared in UTF-16 units, which zod's own count never exceeds.
 */
function plainListOptions(input: unknown): ParsedListOptions | undefined {
  if (!plainObject(input, OPTION_KEYS)) return undefined;
  const { filter, orderBy, limit, cursor, includeArchived } = input;
  const options: { -readonly [K in keyof ParsedListOptions]: ParsedListOptions[K] } = {};
  if (filter !== undefined) {
    if (!Array.isArray(filter) || filter.length > 50) return undefined;
    const filters: NonNullable<ParsedListOptions["filter"]> = [];
    for (let i = 0; i < filter.length; i++) {
      const item: unknown = filter[i];
      if (!plainObject(item, FILTER_KEYS)) return undefined;
      const { field, op, value } = item;
      if (typeof field !== "string" || field.length === 0 || typeof op !== "string" || !OPERATORS.has(op))
        return undefined;
      let copied: unknown = value;
      if (Array.isArray(value)) {
        copied = plainScalars(value);
        if (copied === undefined) return undefined;
      } else if (value !== undefined && !plainScalar(value)) return undefined;
      filters.push({ field, op: op as FilterOperator, value: copied as ParsedFilter["value"] });
    }
    options.filter = filters;
  }
  if (orderBy !== undefined) {
    if (!plainObject(orderBy, ORDER_KEYS)) return undefined;
    const { field, direction } = orderBy;
    if (typeof field !== "string" || field.length === 0) return undefined;
    if (direction !== undefined && direction !== "asc" && direction !== "desc") return undefined;
    options.orderBy = { field, direction };
  }
  if (limit !== undefined) {
    if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > 500) return undefined;
    options.limit = limit;
  }
  if (cursor !== undefined) {
    if (typeof cursor !== "string" || cursor.length > 4_096) return undefined;
    options.cursor = cursor;
  }
  if (includeArchived !== undefined) {
    if (typeof includeArchived !== "boolean") return undefined;
    options.includeArchived = includeArchived;
  }
  return options;
}

/** An object literal's kind of object (or a null-prototype one) whose keys are all in `keys`. */
function plainObject(value: unknown, keys: ReadonlySet<string>): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key in value) if (!keys.has(key)) return false;
  return true;
}

function plainScalar(value: unknown): boolean {
  switch (typeof value) {
    case "string":
      return value.length <= 10_000 && isStorableText(value);
    case "number":
      return Number.isFinite(value);
    case "boolean":
      return true;
    default:
      return value === null;
  }
}

/** A copy of a filter's array of values, or `undefined` when one is not a plain scalar (a hole reads as one that is not). */
function plainScalars(values: readonly unknown[]): unknown[] | undefined {
  if (values.length > 1_000) return undefined;
  const copy: unknown[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!plainScalar(value)) return undefined;
    copy.push(value);
  }
  return copy;
}

/**
 * A field a list can filter or sort on: its spec, the SQL expression that reads it (a
 * column, or a value inside the `custom` JSON), and optionally its own filter logic.
 */
export interface ListField {
  readonly spec: FieldSpec;
  readonly expression: Expression<any>;
  /** Set when the expression is not a plain column: sorting selects it under this alias for the cursor. */
  readonly alias?: string;
  /**
   * The column, when the field is a plain column of the listed table: its SQL then follows
   * from the name, so a list's compiled statement can be reused (see {@link listStatement}).
   */
  readonly column?: string;
  /** An `integer` field whose values may be any finite number (a custom number field's JSON value). @default false */
  readonly fractional?: boolean;
  /** Custom filter SQL (tags), used instead of comparing `expression`. */
  readonly filter?: (eb: ExpressionBuilder<any, any>, filter: ParsedFilter, index: number) => Expression<SqlBool>;
}

/** The fields a list may filter and sort on, by public name. */
export type ListableFields = Readonly<Record<string, ListField>>;

/** A list field backed by a column of the listed table. */
export function columnField(name: string, spec: FieldSpec): ListField {
  const column = columnOf(name, spec);
  return { spec, expression: sql.ref(column), column };
}

type ParsedFilter = NonNullable<ParsedListOptions["filter"]>[number];

interface CursorState {
  readonly f: string;
  readonly d: SortDirection;
  readonly v: unknown;
  readonly id: string;
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString("base64url");
}

// PostgreSQL returns numeric and bigint sort values as decimal text, which the cursor keeps.
const DECIMAL = /^-?\d{1,40}(\.\d{1,40})?$/;

function decodeCursor(cursor: string, field: string, order: ListField, direction: SortDirection): CursorState {
  try {
    const state = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as CursorState;
    // The sort value is bound as one parameter: it must be of the sort field's kind, as our cursors are.
    const v = state.v;
    const ofKind =
      v === null ||
      (order.spec.kind === "integer"
        ? (typeof v === "number" && Number.isFinite(v)) || (typeof v === "string" && DECIMAL.test(v))
        : order.spec.kind === "boolean"
          ? typeof v === "boolean" || v === 0 || v === 1
          : storable(v));
    if (state.f === field && state.d === direction && storable(state.id) && ofKind) return state;
  } catch {
    // fall through to the validation error below
  }
  throw ValidationError.forField(["cursor"], "Cursor is malformed or belongs to another sort order");
}

/** A string every adapter can bind as it is (no NUL, no lone surrogate). */
function storable(value: unknown): value is string {
  return typeof value === "string" && isStorableText(value);
}

function listField(
  fields: ListableFields,
  name: string,
  path: (string | number)[],
  need: "filterable" | "sortable",
): ListField {
  // Own keys only: `constructor` or `__proto__` must not find Object.prototype's members.
  const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
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

/** How {@link toPage} cuts a page from the fetched rows and makes its cursor. */
export interface PageShape {
  readonly orderField: string;
  readonly direction: SortDirection;
  readonly limit: number;
  /** The key of the sort value in each result row. */
  readonly sortKey: string;
}

/** What {@link applyListOptions} decided, for building the page afterwards. */
export interface ListPlan<QB> extends PageShape {
  readonly query: QB;
}

/**
 * One condition of a list's WHERE clause, decided and validated before any SQL is built:
 * how to build it and the values it binds, in order.
 */
interface ListCondition {
  readonly build: (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>;
  readonly parameters: readonly unknown[];
  /**
   * A text that determines the SQL `build` makes (`type = ?`), or `null` when only building
   * tells (custom SQL) or the statement is not worth keeping (a long IN list).
   */
  readonly shape: string | null;
}

/** A list's options, validated and decided: its conditions (filters, then cursor), order and page size. */
export interface ListSpec extends PageShape {
  readonly conditions: readonly ListCondition[];
  readonly order: ListField;
}

/**
 * IN lists longer than this are built each time, not kept as compiled statements: each
 * length is a statement of its own, and hosts send lists of every length.
 */
const FEW_VALUES = 16;

/** Validates list options against the listable fields and decides the query, without building it. */
export function planList(fields: ListableFields, options: ParsedListOptions): ListSpec {
  const conditions: ListCondition[] = [];
  for (const [i, f] of (options.filter ?? []).entries()) {
    const field = listField(fields, f.field, ["filter", i, "field"], "filterable");
    conditions.push(field.filter ? customCondition(field.filter, f, i) : filterCondition(field, f, i));
  }
  const orderField = options.orderBy?.field ?? "createdAt";
  const direction = options.orderBy?.direction ?? "asc";
  const order = listField(fields, orderField, ["orderBy", "field"], "sortable");
  if (options.cursor !== undefined) {
    conditions.push(cursorCondition(order, direction, decodeCursor(options.cursor, orderField, order, direction)));
  }
  const limit = options.limit ?? 50;
  const sortKey = order.alias ?? order.column ?? columnOf(orderField, order.spec);
  return { conditions, order, orderField, direction, limit, sortKey };
}

/** Adds a planned list's conditions, order and `limit + 1` to a select over one table. */
export function buildList<QB extends SelectQueryBuilder<any, any, any>>(query: QB, spec: ListSpec): QB {
  const { order, direction } = spec;
  const expression = order.expression;
  let q = query as SelectQueryBuilder<any, any, any>;
  if (order.alias) q = q.select(sql`${expression}`.as(order.alias));
  for (const condition of spec.conditions) q = q.where(condition.build);
  if (order.spec.nullable) q = q.orderBy(sql`case when ${expression} is null then 1 else 0 end`);
  q = q.orderBy(expression, direction).orderBy("id", direction);
  return q.limit(spec.limit + 1) as QB;
}

/**
 * What {@link buildList} adds to a query, as a key of its SQL and the values it binds in
 * order — for running a list through a compiled statement (`runCompiled`) instead of
 * building it each time. `null` when a condition or the order is not on a plain column.
 */
export function listStatement(spec: ListSpec): { shape: string; parameters: unknown[] } | null {
  const { order } = spec;
  if (order.column === undefined) return null;
  const shapes: string[] = [];
  const parameters: unknown[] = [];
  for (const condition of spec.conditions) {
    if (condition.shape === null) return null;
    shapes.push(condition.shape);
    parameters.push(...condition.parameters);
  }
  parameters.push(spec.limit + 1);
  const nulls = order.spec.nullable ? " nulls last" : "";
  return { shape: `${shapes.join(" and ")} order by ${order.column} ${spec.direction}${nulls}`, parameters };
}

/**
 * Applies validated filters, order and cursor to a select over one table. The caller
 * fetches `limit + 1` rows and passes them to {@link toPage}.
 */
export function applyListOptions<QB extends SelectQueryBuilder<any, any, any>>(
  query: QB,
  fields: ListableFields,
  options: ParsedListOptions,
): ListPlan<QB> {
  const spec = planList(fields, options);
  return { ...spec, query: buildList(query, spec) };
}

/** A field's own filter SQL (tags): built now, so its validation runs in filter order. */
function customCondition(filter: NonNullable<ListField["filter"]>, f: ParsedFilter, index: number): ListCondition {
  const expression = filter(expressionBuilder<any, any>(), f, index);
  return { build: () => expression, parameters: [], shape: null };
}

function filterCondition(field: ListField, f: ParsedFilter, index: number): ListCondition {
  const ref = field.expression;
  const spec = field.spec;
  const at = field.column;
  const condition = (sqlShape: string, parameters: unknown[], build: ListCondition["build"]): ListCondition => ({
    build,
    parameters,
    shape: at === undefined ? null : `${at} ${sqlShape}`,
  });
  const bad = (message: string) => ValidationError.forField(["filter", index, "value"], message);
  // A value of another kind would fail in the database (PostgreSQL) or the driver (a boolean on SQLite).
  const ofKind = (value: unknown) => {
    if (!valueOfKind(field, value)) throw bad(`"${f.field}" is compared with ${KIND_NOUNS[spec.kind]}`);
    // An unknown status would match nothing: say so rather than return an empty page.
    if (spec.values !== undefined && EQUALITY_OPS.has(f.op) && !spec.values.includes(value as string))
      throw bad(`"${f.field}" is one of ${spec.values.join(", ")}`);
    return toColumnValue(spec, value);
  };
  const one = () => {
    if (Array.isArray(f.value) || f.value === undefined || f.value === null)
      throw bad(`"${f.op}" needs a single value`);
    return ofKind(f.value);
  };
  const isNull = () => condition("is null", [], (eb) => eb(ref, "is", null));
  const isNotNull = () => condition("is not null", [], (eb) => eb(ref, "is not", null));
  switch (f.op) {
    case "eq": {
      if (f.value === null) return isNull();
      const value = one();
      return condition("= ?", [value], (eb) => eb(ref, "=", value));
    }
    case "ne": {
      if (f.value === null) return isNotNull();
      const value = one();
      return condition("<> ? or is null", [value], (eb) => eb.or([eb(ref, "<>", value), eb(ref, "is", null)]));
    }
    case "in":
    case "notIn": {
      if (!Array.isArray(f.value) || f.value.length === 0) throw bad(`"${f.op}" needs a non-empty array`);
      const values = f.value.map(ofKind);
      const operator = f.op === "in" ? "in" : "not in";
      const kept = condition(`${operator} ${values.length}`, values, (eb) => eb(ref, operator, values));
      return values.length <= FEW_VALUES ? kept : { ...kept, shape: null };
    }
    case "lt":
    case "lte":
    case "gt":
    case "gte": {
      const operator = COMPARISONS[f.op];
      const value = one();
      return condition(`${operator} ?`, [value], (eb) => eb(ref, operator, value));
    }
    case "contains":
    case "startsWith": {
      if (spec.kind !== "text" && spec.kind !== "timestamp")
        throw ValidationError.forField(["filter", index, "op"], `"${f.op}" applies to text fields only`);
      if (typeof f.value !== "string") throw bad(`"${f.op}" needs a string`);
      const pattern = `${f.op === "contains" ? "%" : ""}${escapeLike(f.value.toLowerCase())}%`;
      return condition("like ?", [pattern], (eb) =>
        eb(eb.fn("lower", [ref]), "like", sql<string>`${pattern} escape '\\'`),
      );
    }
    case "isNull":
      if (f.value !== undefined && typeof f.value !== "boolean") throw bad(`"isNull" takes true or false`);
      return f.value === false ? isNotNull() : isNull();
    case "hasTag":
    case "hasAnyTag":
      throw ValidationError.forField(["filter", index, "op"], `"${f.op}" applies to the tags field only`);
  }
}

const COMPARISONS = { lt: "<", lte: "<=", gt: ">", gte: ">=" } as const;

/** The operators that compare with whole values, so a value outside a field's `values` is an error. */
const EQUALITY_OPS: ReadonlySet<string> = new Set(["eq", "ne", "in", "notIn"]);

const KIND_NOUNS: Readonly<Record<FieldSpec["kind"], string>> = {
  text: "text",
  timestamp: "ISO-8601 text",
  integer: "integers",
  boolean: "true or false",
  json: "nothing",
};

/** Whether `value` may be compared with `field`: a value of its kind, as the column stores it. */
function valueOfKind(field: ListField, value: unknown): boolean {
  switch (field.spec.kind) {
    case "text":
    case "timestamp":
      return typeof value === "string";
    case "integer":
      return (
        typeof value === "number" && (field.fractional === true ? Number.isFinite(value) : Number.isSafeInteger(value))
      );
    case "boolean":
      return typeof value === "boolean";
    case "json":
      return false;
  }
}

/** Rows after the cursor's (sort value, id) in the list's order; nulls sort last. */
function cursorCondition(order: ListField, direction: SortDirection, state: CursorState): ListCondition {
  const ref = order.expression;
  const nullable = order.spec.nullable;
  const beyond = direction === "asc" ? ">" : "<";
  const at = order.column === undefined ? null : `after ${order.column} ${beyond}`;
  if (state.v === null) {
    return {
      build: (eb) => eb.and([eb(ref, "is", null), eb("id", beyond, state.id)]),
      parameters: [state.id],
      shape: at && `${at} from null`,
    };
  }
  const value = state.v;
  return {
    build: (eb) => {
      const past = eb.or([eb(ref, beyond, value), eb.and([eb(ref, "=", value), eb("id", beyond, state.id)])]);
      return nullable ? eb.or([past, eb(ref, "is", null)]) : past;
    },
    parameters: [value, value, state.id],
    shape: at && `${at}${nullable ? " or null" : ""}`,
  };
}

/** Cuts the extra row off and builds the cursor from the last item. */
export function toPage<Row extends { id: string }, T>(rows: Row[], plan: PageShape, map: (row: Row) => T): Page<T> {
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
