import {
  HIGHLIGHT_END,
  HIGHLIGHT_START,
  SEARCH_COLUMNS,
  SEARCH_TABLE,
  type SearchDialect,
  type SearchExpression,
  type SearchHighlightRequest,
  type SearchMatchRequest,
} from "@rapport/core";
import { type Kysely, sql } from "kysely";

/** The tsvector weight label of each slot: the title is `A`, body fields `B`–`D`. */
const SLOT_LABELS = ["A", "B", "C", "D"] as const;

/** ts_rank_cd weight of a slot (the title counts 2.5 times a body field); a slot the actor may not see weighs nothing. */
const SLOT_WEIGHTS = [1, 0.4, 0.4, 0.4] as const;

/** `ts_headline` options: marks every match in the whole text with the shared markers. */
const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, HighlightAll=true`;

/** A word as a tsquery lexeme: quoted, with quotes and backslashes escaped, so it is never syntax. */
function lexeme(word: string, prefix: boolean, labels: string): string {
  const escaped = word.replaceAll("\\", "\\\\").replaceAll("'", "''");
  const suffix = `${prefix ? "*" : ""}${labels}`;
  return `'${escaped}'${suffix ? `:${suffix}` : ""}`;
}

/**
 * The `to_tsquery` text of a parsed query, each lexeme confined to the weight `labels`
 * (the slots the actor may see; empty for any).
 */
export function tsqueryText(expression: SearchExpression, labels: string): string {
  switch (expression.kind) {
    case "term":
      return lexeme(expression.text, expression.prefix, labels);
    case "phrase": {
      const last = expression.terms.length - 1;
      const words = expression.terms.map((word, i) => lexeme(word, expression.prefix && i === last, labels));
      return `(${words.join(" <-> ")})`;
    }
    case "any":
      return `(${expression.of.map((e) => tsqueryText(e, labels)).join(" | ")})`;
    case "all":
      return `(${[...expression.of.map((e) => tsqueryText(e, labels)), ...expression.not.map((e) => `!${tsqueryText(e, labels)}`)].join(" & ")})`;
  }
}

function labelsOf(slots: readonly number[]): string {
  return slots.map((slot) => SLOT_LABELS[slot]).join("");
}

/** ts_rank_cd's weights array, in its `{D, C, B, A}` order. */
function rankWeights(slots: readonly number[]): string {
  const weights = SLOT_WEIGHTS.map((weight, slot) => (slots.includes(slot) ? weight : 0));
  return `'{${[...weights].reverse().join(",")}}'::float4[]`;
}

/**
 * PostgreSQL's search: a generated `tsvector` column (`english` configuration, so English
 * words are stemmed) with a GIN index over {@link SEARCH_TABLE}, queried with `to_tsquery`
 * text Rapport compiles itself and ranked with `ts_rank_cd`, the title weighted above the body.
 */
export const postgresSearch: SearchDialect = Object.freeze({
  async createIndex(db: Kysely<any>) {
    const weighted = SEARCH_COLUMNS.map(
      (column, slot) => `setweight(to_tsvector('english'::regconfig, coalesce(${column}, '')), '${SLOT_LABELS[slot]}')`,
    ).join(" || ");
    await sql`create table ${sql.table(SEARCH_TABLE)} (
      tenant_id text not null,
      entity_type text not null,
      record_id text not null,
      f0 text, f1 text, f2 text, f3 text,
      document tsvector generated always as (${sql.raw(weighted)}) stored,
      constraint rapport_search_docs_pk primary key (tenant_id, entity_type, record_id)
    )`.execute(db);
    // GIN cannot lead with tenant_id without the btree_gin extension; the primary key narrows by tenant.
    await sql`create index rapport_search_docs_document on ${sql.table(SEARCH_TABLE)} using gin (document)`.execute(db);
  },

  matchText: (expression: SearchExpression, slots: readonly number[] | null) =>
    tsqueryText(expression, slots === null ? "" : labelsOf(slots)),
  // Each slot is highlighted on its own text, which has no weight labels.
  highlightText: (expression: SearchExpression) => tsqueryText(expression, ""),

  matches(db: Kysely<any>, request: SearchMatchRequest) {
    const query = sql`to_tsquery('english', ${request.text})`;
    return db
      .selectFrom(SEARCH_TABLE)
      .select([
        "record_id",
        sql<number>`ts_rank_cd(${sql.raw(rankWeights(request.slots))}, document, ${query})`.as("score"),
      ])
      .where("tenant_id", "=", request.tenantId)
      .where("entity_type", "=", request.entityType)
      .where(sql<boolean>`document @@ ${query}`);
  },

  highlights(db: Kysely<any>, request: SearchHighlightRequest) {
    const query = sql`to_tsquery('english', ${request.text})`;
    const marked = request.slots.map((slot) => {
      const column = sql.ref(SEARCH_COLUMNS[slot] as string);
      return sql<string | null>`ts_headline('english', ${column}, ${query}, ${sql.lit(HEADLINE_OPTIONS)})`.as(
        `s${slot}`,
      );
    });
    return db
      .selectFrom(SEARCH_TABLE)
      .select(["record_id", ...marked])
      .where("tenant_id", "=", request.tenantId)
      .where("entity_type", "=", request.entityType)
      .where("record_id", "in", request.recordIds);
  },
});
