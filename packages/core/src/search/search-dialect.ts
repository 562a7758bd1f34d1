import type { Kysely, SelectQueryBuilder } from "kysely";
import type { SearchExpression } from "./search-query.js";

/**
 * The search index table every adapter keeps: one row per live searchable record, keyed by
 * `(tenant_id, entity_type, record_id)`, with the record's searchable text in the columns
 * `f0` (the title) to `f3` (body fields), as {@link indexedText} prepares it. Core writes
 * its rows with plain INSERT and DELETE statements in the record's transaction; the
 * adapter's {@link SearchDialect.createIndex} makes the table and whatever keeps its
 * full-text index in step with it (FTS5 triggers, a generated `tsvector` column).
 */
export const SEARCH_TABLE = "rapport_search_docs";

/** The text columns of {@link SEARCH_TABLE}: slot 0 holds the title, slots 1–3 body fields. */
export const SEARCH_COLUMNS = ["f0", "f1", "f2", "f3"] as const;

/** Marks the start of a match in {@link SearchDialect.highlights}' text (a control character no text holds). */
export const HIGHLIGHT_START = "\u0001";
/** Marks the end of a match in {@link SearchDialect.highlights}' text. */
export const HIGHLIGHT_END = "\u0002";

/** What to match: one entity type of one tenant, in the slots the actor may see. */
export interface SearchMatchRequest {
  readonly tenantId: string;
  readonly entityType: string;
  /** What {@link SearchDialect.matchText} made of the query: bound as a parameter, never spliced into SQL. */
  readonly text: string;
  /**
   * The slots (indexes into {@link SEARCH_COLUMNS}) the query may match. Text in other
   * slots MUST NOT make a record match, fail to match, or change its score.
   */
  readonly slots: readonly number[];
}

/** What to mark: the records of one result page. `text` comes from {@link SearchDialect.highlightText}. */
export interface SearchHighlightRequest extends SearchMatchRequest {
  readonly recordIds: readonly string[];
}

/**
 * One record's row of {@link SearchDialect.highlights}: `record_id`, and `s<slot>` for each
 * slot asked for — its text with every match between {@link HIGHLIGHT_START} and
 * {@link HIGHLIGHT_END}, or `null` when empty.
 */
export type SearchHighlightRow = { readonly record_id: string } & Readonly<Record<`s${number}`, string | null>>;

/**
 * Full-text search, the part that differs by database: an adapter capability. Core keeps
 * the query language ({@link SearchExpression}), the index rows, scopes, field security,
 * filters, pagination and snippets; the adapter turns an expression into its own match
 * syntax and ranking (FTS5 `MATCH` and `bm25`, `tsquery` and `ts_rank_cd`).
 *
 * The queries it returns MUST take every value of the request as a bound parameter (core
 * reuses their compiled SQL for requests that differ only in values), and MUST NOT take
 * any other parameter: constants go in as SQL literals.
 */
export interface SearchDialect {
  /**
   * Creates {@link SEARCH_TABLE} and the full-text index over it, every index led by
   * `tenant_id` where the database allows. Core's search migration calls it once.
   */
  createIndex(db: Kysely<any>): Promise<void>;
  /**
   * The database's match text (an FTS5 `MATCH` string, `to_tsquery` text) for a parsed query
   * confined to `slots`, every term quoted so that nothing in it is syntax but Rapport's own.
   * `slots` is `null` when the actor may see every slot the entity fills: then the text
   * need not confine the match (a confined `tsquery` makes PostgreSQL recheck every row).
   */
  matchText(expression: SearchExpression, slots: readonly number[] | null): string;
  /** The match text {@link highlights} takes for the same query and slots. */
  highlightText(expression: SearchExpression, slots: readonly number[] | null): string;
  /**
   * A query of the index rows of `request.tenantId` and `request.entityType` that match,
   * selecting `record_id` and `score` (a number, higher is better; equal for equal text).
   * Core joins it to the entity's table, filters, orders and pages it.
   */
  matches(
    db: Kysely<any>,
    request: SearchMatchRequest,
  ): SelectQueryBuilder<any, any, { record_id: string; score: number }>;
  /** A query of the page's records' slots with their matches marked; see {@link SearchHighlightRow}. */
  highlights(db: Kysely<any>, request: SearchHighlightRequest): SelectQueryBuilder<any, any, SearchHighlightRow>;
}
