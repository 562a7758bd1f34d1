import type { Expression, SqlBool } from "kysely";
import * as z from "zod";
import type { EntityDefinition, EntityRecord } from "../entities/entity-definition.js";
import { FieldGuard } from "../entities/field-guard.js";
import { columnOf, type FieldSpec, toColumnValue } from "../entities/fields.js";
import { ValidationError } from "../kernel/errors.js";
import type { OperationContext } from "../kernel/operation-context.js";
import { parseInput } from "../kernel/validate.js";
import { restrictQuery } from "../permissions/restrict.js";
import { entityStore } from "../records/record-access.js";
import { textSchema } from "../schemas/common-schemas.js";
import { searchSlots } from "./search-index.js";
import { MAX_QUERY_LENGTH, parseSearchQuery, type SearchExpression } from "./search-query.js";
import { snippetHtml, titleHtml } from "./search-snippets.js";
import { runSearchStatement } from "./search-statements.js";

/** The most results one search page holds. */
export const MAX_SEARCH_LIMIT = 100;
/** Results per page when `limit` is not given. */
export const DEFAULT_SEARCH_LIMIT = 20;

/** A value a search filter compares a field with. */
export type SearchFilterValue = string | number | boolean | null;

/** One entity's search: see `op.search`. */
export interface EntitySearchRequest {
  /** What the user typed; see {@link parseSearchQuery} for the syntax. */
  readonly query: string;
  /** Declared filter fields (the entity's `search.filters`) to a value, or to a list of values any of which may match. */
  readonly filters?: Readonly<Record<string, SearchFilterValue | readonly SearchFilterValue[]>>;
  /** Results per page, 1–100. @default 20 */
  readonly limit?: number;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string | null;
}

/** One result of an entity search. */
export interface EntitySearchHit<R> {
  /** The record as the actor may see it (hidden fields left out). */
  readonly record: R;
  /** Relevance: higher is better. Comparable within one search, not across adapters. */
  readonly score: number;
  readonly highlights: {
    /** The title as HTML, matches in `<mark>`; empty when the actor may not see the title field. */
    readonly title: string;
    /** Up to 200 characters of the body around the first match, as HTML with `<mark>`s; `…` where text was cut. */
    readonly snippet: string;
  };
}

/** A page of search results, best first. */
export interface EntitySearchPage<R> {
  readonly items: readonly EntitySearchHit<R>[];
  /** Pass as `cursor` for the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}

const filterValueSchema = z.union([textSchema().max(1_000), z.number().finite(), z.boolean(), z.null()]);

/** Validates {@link EntitySearchRequest}. */
export const entitySearchSchema = z
  .object({
    query: z.string().max(MAX_QUERY_LENGTH),
    filters: z.record(z.string(), z.union([filterValueSchema, z.array(filterValueSchema).min(1).max(100)])).optional(),
    limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).optional(),
    cursor: z.string().max(200).nullable().optional(),
  })
  .strict();

/** Where a page ended: the last result's score and id. */
export interface SearchPosition {
  readonly score: number;
  readonly id: string;
}

/** The opaque cursor of a position. */
export function encodeSearchCursor(position: SearchPosition): string {
  return Buffer.from(JSON.stringify([position.score, position.id])).toString("base64url");
}

/** The position a cursor names; `ValidationError` (path `["cursor"]`) for one this API did not make. */
export function decodeSearchCursor(cursor: string): SearchPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2) {
      const [score, id] = value as unknown[];
      if (typeof score === "number" && Number.isFinite(score) && typeof id === "string" && id.length <= 100) {
        return { score, id };
      }
    }
  } catch {
    // Not base64 JSON: the same error as a well-formed cursor of the wrong shape.
  }
  throw ValidationError.forField(["cursor"], "Not a cursor this search returned");
}

/** A matching record with its score, before highlighting. */
export interface ScoredRow {
  readonly record: EntityRecord<any>;
  readonly score: number;
}

/** What one entity's part of a search needs, prepared once per call. */
export interface PreparedSearch {
  readonly definition: EntityDefinition<any, any, any>;
  readonly guard: FieldGuard | null;
  /** Index slots the actor may see. */
  readonly slots: readonly number[];
  /** `slots`, or `null` when they are every slot the entity fills: the match need not be confined. */
  readonly confined: readonly number[] | null;
  readonly expression: SearchExpression;
}

/**
 * The slots of `definition` the actor may see, and their field guard. `null` when the actor
 * may see none of its searchable fields (the entity then has nothing to find for them).
 */
export async function prepareSearch(
  op: OperationContext,
  definition: EntityDefinition<any, any, any>,
  expression: SearchExpression,
): Promise<PreparedSearch | null> {
  const fields = searchSlots(definition);
  if (fields === null) {
    throw ValidationError.forField(
      ["entity"],
      `${definition.type} is not searchable (its definition has no search option)`,
    );
  }
  const guard = await FieldGuard.for(op, definition.type);
  const slots = fields.flatMap((field, slot) => (field !== null && !guard?.hides(field) ? [slot] : []));
  const filled = fields.filter((field) => field !== null).length;
  const confined = slots.length === filled ? null : slots;
  return slots.length === 0 ? null : { definition, guard, slots, confined, expression };
}

/** The filters as column conditions, checked against the entity's declared filters and the actor's field rules. */
function filterConditions(
  prepared: PreparedSearch,
  filters: Readonly<Record<string, SearchFilterValue | readonly SearchFilterValue[]>>,
): [column: string, values: unknown[]][] {
  const { definition, guard } = prepared;
  const declared = definition.search?.filters ?? [];
  return Object.entries(filters).map(([name, value]) => {
    if (!declared.includes(name)) {
      throw ValidationError.forField(
        ["filters", name],
        `${definition.type} search filters by ${declared.length > 0 ? declared.join(", ") : "no field"}`,
      );
    }
    guard?.assertVisible([name]);
    const spec = definition.fields[name] as FieldSpec;
    const values = (Array.isArray(value) ? value : [value]) as SearchFilterValue[];
    return [columnOf(name, spec), values.map((v) => toColumnValue(spec, v))];
  });
}

/**
 * The records of one entity that match, in the actor's record scope, filtered, after
 * `after`: at most `limit` of them, best first (score, then id).
 */
export async function matchingRecords(
  op: OperationContext,
  prepared: PreparedSearch,
  options: {
    readonly filters?: Readonly<Record<string, SearchFilterValue | readonly SearchFilterValue[]>>;
    readonly after?: SearchPosition | undefined;
    readonly limit: number;
  },
): Promise<ScoredRow[]> {
  const { definition, slots, confined, expression } = prepared;
  const conditions = filterConditions(prepared, options.filters ?? {});
  const text = op.adapter.search.matchText(expression, confined);
  const permission = `${definition.type}:read` as const;
  const owners = await op.ownerScope(permission);
  const ownerIds = owners.kind === "owners" ? owners.ownerIds : [];
  // Shares widen team scope by a subquery of the entity's own: such searches are not reused.
  const shared = owners.kind === "owners" && definition.sharedWith !== undefined;
  const after = options.after;
  const inputs: unknown[] = [text, op.tenantId, definition.type, ...ownerIds];
  const filterShape: string[] = [];
  for (const [column, values] of conditions) {
    const present = values.filter((v) => v !== null);
    inputs.push(...present);
    filterShape.push(`${column}:${present.length}${present.length < values.length ? "+null" : ""}`);
  }
  if (after) inputs.push(after.score, after.id);
  inputs.push(options.limit);
  const build = async () => {
    const matches = op.adapter.search
      .matches(op.db, { tenantId: op.tenantId, entityType: definition.type, text, slots })
      .as("m");
    let query = op.db
      .selectFrom(`${definition.table} as r`)
      .innerJoin(matches, "m.record_id", "r.id")
      .selectAll("r")
      .select("m.score as rapport_search_score")
      .where("r.archived_at", "is", null);
    query = await restrictQuery(op, permission, query);
    for (const [column, values] of conditions) {
      const present = values.filter((v) => v !== null);
      query = query.where((eb) => {
        const tests: Expression<SqlBool>[] = [];
        if (present.length > 0) tests.push(eb(`r.${column}`, "in", present));
        if (present.length < values.length) tests.push(eb(`r.${column}`, "is", null));
        return eb.or(tests);
      });
    }
    if (after) {
      query = query.where((eb) =>
        eb.or([eb("m.score", "<", after.score), eb.and([eb("m.score", "=", after.score), eb("r.id", ">", after.id)])]),
      );
    }
    return query.orderBy("m.score", "desc").orderBy("r.id").limit(options.limit);
  };
  let rows: Record<string, unknown>[];
  if (shared) rows = await (await build()).execute();
  else {
    const shape = [
      `search:${definition.type}`,
      slots.join(""),
      owners.kind === "all" ? "all" : `owners:${ownerIds.length}`,
      filterShape.join(","),
      after ? "after" : "first",
    ].join(":");
    rows = (await runSearchStatement<Record<string, unknown>>(op, shape, inputs, build)).rows;
  }
  const store = entityStore(definition);
  return rows.map((row) => ({ record: store.fromRow(row), score: Number(row.rapport_search_score) }));
}

/** The title and snippet of each row, from the slots the actor may see, by record id. */
export async function highlightsOf(
  op: OperationContext,
  prepared: PreparedSearch,
  rows: readonly ScoredRow[],
): Promise<Map<string, { title: string; snippet: string }>> {
  const result = new Map<string, { title: string; snippet: string }>();
  if (rows.length === 0) return result;
  const { definition, slots, confined, expression } = prepared;
  const text = op.adapter.search.highlightText(expression, confined);
  const recordIds = rows.map((row) => row.record.id);
  const request = { tenantId: op.tenantId, entityType: definition.type, text, slots, recordIds };
  const { rows: marked } = await runSearchStatement(
    op,
    `search-marks:${definition.type}:${slots.join("")}:${recordIds.length}`,
    [text, op.tenantId, definition.type, ...recordIds],
    () => op.adapter.search.highlights(op.db, request),
  );
  const bodySlots = slots.filter((slot) => slot > 0);
  for (const row of marked) {
    const title = slots.includes(0) ? titleHtml(row.s0 ?? null) : "";
    const snippet = snippetHtml(bodySlots.map((slot) => row[`s${slot}`] ?? null));
    result.set(row.record_id, { title, snippet });
  }
  return result;
}

/**
 * Searches one entity as the operation's actor: `op.search(entity, request)`. Applies
 * the actor's record scope for `<type>:read` (`ForbiddenError` without it) and field
 * security — a hidden field is neither matched nor shown — and the entity's declared filters.
 */
export async function searchEntity<F extends Record<string, FieldSpec>>(
  op: OperationContext,
  definition: EntityDefinition<F, any, any>,
  request: EntitySearchRequest,
): Promise<EntitySearchPage<EntityRecord<F>>> {
  const input = parseInput(entitySearchSchema, request);
  const expression = parseSearchQuery(input.query);
  const after = input.cursor == null ? undefined : decodeSearchCursor(input.cursor);
  const limit = input.limit ?? DEFAULT_SEARCH_LIMIT;
  const prepared = await prepareSearch(op, definition, expression);
  // Without a visible searchable field the record scope is still checked: no read permission is an error.
  if (prepared === null) {
    await op.ownerScope(`${definition.type}:read`);
    return { items: [], nextCursor: null };
  }
  const rows = await matchingRecords(op, prepared, {
    ...(input.filters ? { filters: input.filters } : {}),
    after,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const highlights = await highlightsOf(op, prepared, page);
  const items = page.map(({ record, score }) => ({
    record: (prepared.guard ? prepared.guard.redact(record) : record) as EntityRecord<F>,
    score,
    highlights: highlights.get(record.id) ?? { title: "", snippet: "" },
  }));
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeSearchCursor({ score: last.score, id: last.record.id }) : null;
  return { items, nextCursor };
}
