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
  /** The parsed query; every term MUST reach the database quoted, as data, never as syntax. */
  readonly expression: SearchExpression;
  /**
   * The slots (indexes into {@link SEARCH_COLUMNS}) the expression may match. Text in other
   * slots MUST NOT make a record match, fail to match, or change its score.
   */
  readonly slots: readonly number[];
}

/** {@link SearchMatchRequest} for the records of one result page. */
export interface SearchHighlightRequest extends SearchMatchRequest {
  readonly recordIds: readonly string[];
}

/** The visible text of one record with its matches marked. */
export interface SearchHighlightRow {
  readonly record_id: string;
  /** Per slot: its text with every match between {@link HIGHLIGHT_START} and {@link HIGHLIGHT_END}; `null` for a slot not asked for or empty. */
  readonly slots: readonly (string | null)[];
}

/**
 * Full-text search, the part that differs by database: an adapter capability. Core keeps
 * the query language ({@link SearchExpression}), the index rows, scopes, field security,
 * filters, pagination and snippets; the adapter turns an expression into its own match
 * syntax and ranking (FTS5 `MATCH` and `bm25`, `tsquery` and `ts_rank_cd`).
 */
export interface SearchDialect {
  /**
   * Creates {@link SEARCH_TABLE} and the full-text index over it, every index led by
   * `tenant_id` where the database allows. Core's search migration calls it once.
   */
  createIndex(db: Kysely<any>): Promise<void>;
  /**
   * A query of the index rows of `request.tenantId` and `request.entityType` that match
   * the expression, selecting `record_id` and `score` (a number, higher is better; equal
   * for equal text). Core joins it to the entity's table, filters, orders and pages it.
   */
  matches(
    db: Kysely<any>,
    request: SearchMatchRequest,
  ): SelectQueryBuilder<any, any, { record_id: string; score: number }>;
  /** The text of `request.slots` of the given records with the expression's matches marked (see {@link SearchHighlightRow}). */
  highlights(db: Kysely<any>, request: SearchHighlightRequest): Promise<SearchHighlightRow[]>;
}
