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

/** The FTS5 index over {@link SEARCH_TABLE}, an external-content table kept in step by triggers. */
const FTS_TABLE = "rapport_search_fts";

/** bm25 weight of a slot: the title counts 2.5 times a body field. A slot the actor may not see weighs nothing. */
const SLOT_WEIGHTS = [10, 4, 4, 4] as const;

/** A term or phrase as an FTS5 string: always quoted, so its text is never syntax. */
function quoted(words: readonly string[], prefix: boolean): string {
  return `"${words.join(" ").replaceAll('"', '""')}"${prefix ? "*" : ""}`;
}

/** The FTS5 expression of a parsed query (without its column filter). */
export function fts5Expression(expression: SearchExpression): string {
  switch (expression.kind) {
    case "term":
      return quoted([expression.text], expression.prefix);
    case "phrase":
      return quoted(expression.terms, expression.prefix);
    case "any":
      return `(${expression.of.map(fts5Expression).join(" OR ")})`;
    case "all": {
      const all = `(${expression.of.map(fts5Expression).join(" AND ")})`;
      // FTS5's NOT is binary: what the left side matches, less the right side's matches.
      return expression.not.reduce((left, excluded) => `(${left} NOT ${fts5Expression(excluded)})`, all);
    }
  }
}

/** The MATCH string: the expression confined to the slots the actor may see (`null`: all of them). */
export function fts5Match(expression: SearchExpression, slots: readonly number[] | null): string {
  if (slots === null) return fts5Expression(expression);
  const columns = slots.map((slot) => SEARCH_COLUMNS[slot]).join(" ");
  return `{${columns}} : (${fts5Expression(expression)})`;
}

function bm25(slots: readonly number[]) {
  const weights = SLOT_WEIGHTS.map((weight, slot) => (slots.includes(slot) ? weight : 0));
  return sql<number>`-bm25(${sql.table(FTS_TABLE)}, ${sql.raw(weights.join(", "))})`;
}

/**
 * SQLite's search: FTS5 with the `porter unicode61 remove_diacritics 2` tokenizer
 * (English stemming, accents folded) over {@link SEARCH_TABLE}, ranked by bm25 with the
 * title weighted above the body.
 */
export const sqliteSearch: SearchDialect = Object.freeze({
  async createIndex(db: Kysely<any>) {
    // The rowid is FTS5's key into its content table; the unique key leads with tenant_id.
    await sql`create table ${sql.table(SEARCH_TABLE)} (
      doc integer primary key,
      tenant_id text not null,
      entity_type text not null,
      record_id text not null,
      f0 text, f1 text, f2 text, f3 text
    )`.execute(db);
    await sql`create unique index rapport_search_docs_key on ${sql.table(SEARCH_TABLE)} (tenant_id, entity_type, record_id)`.execute(
      db,
    );
    await sql`create virtual table ${sql.table(FTS_TABLE)} using fts5(
      f0, f1, f2, f3,
      content = ${sql.lit(SEARCH_TABLE)}, content_rowid = 'doc',
      tokenize = 'porter unicode61 remove_diacritics 2'
    )`.execute(db);
    const values = (row: "new" | "old") => sql.raw(SEARCH_COLUMNS.map((c) => `${row}.${c}`).join(", "));
    const columns = sql.raw(SEARCH_COLUMNS.join(", "));
    await sql`create trigger rapport_search_docs_insert after insert on ${sql.table(SEARCH_TABLE)} begin
      insert into ${sql.table(FTS_TABLE)} (rowid, ${columns}) values (new.doc, ${values("new")});
    end`.execute(db);
    await sql`create trigger rapport_search_docs_delete after delete on ${sql.table(SEARCH_TABLE)} begin
      insert into ${sql.table(FTS_TABLE)} (${sql.table(FTS_TABLE)}, rowid, ${columns}) values ('delete', old.doc, ${values("old")});
    end`.execute(db);
    await sql`create trigger rapport_search_docs_update after update on ${sql.table(SEARCH_TABLE)} begin
      insert into ${sql.table(FTS_TABLE)} (${sql.table(FTS_TABLE)}, rowid, ${columns}) values ('delete', old.doc, ${values("old")});
      insert into ${sql.table(FTS_TABLE)} (rowid, ${columns}) values (new.doc, ${values("new")});
    end`.execute(db);
  },

  matchText: fts5Match,
  // The same column filter: highlight() marks matches in the columns the actor may see.
  highlightText: fts5Match,

  matches(db: Kysely<any>, request: SearchMatchRequest) {
    return db
      .selectFrom(FTS_TABLE)
      .innerJoin(`${SEARCH_TABLE} as d`, "d.doc", `${FTS_TABLE}.rowid`)
      .select(["d.record_id as record_id", bm25(request.slots).as("score")])
      .where(sql<boolean>`${sql.table(FTS_TABLE)} match ${request.text}`)
      .where("d.tenant_id", "=", request.tenantId)
      .where("d.entity_type", "=", request.entityType);
  },

  highlights(db: Kysely<any>, request: SearchHighlightRequest) {
    const start = sql.lit(HIGHLIGHT_START);
    const end = sql.lit(HIGHLIGHT_END);
    const marked = request.slots.map((slot) =>
      sql<string | null>`highlight(${sql.table(FTS_TABLE)}, ${sql.lit(slot)}, ${start}, ${end})`.as(`s${slot}`),
    );
    return (
      db
        .selectFrom(FTS_TABLE)
        .innerJoin(`${SEARCH_TABLE} as d`, "d.doc", `${FTS_TABLE}.rowid`)
        .select(["d.record_id as record_id", ...marked])
        .where(sql<boolean>`${sql.table(FTS_TABLE)} match ${request.text}`)
        // By rowid: FTS5 then reads the page's rows only, not every match (4x faster for common words).
        .where(
          `${FTS_TABLE}.rowid`,
          "in",
          db
            .selectFrom(SEARCH_TABLE)
            .select("doc")
            .where("tenant_id", "=", request.tenantId)
            .where("entity_type", "=", request.entityType)
            .where("record_id", "in", request.recordIds),
        )
    );
  },
});
