/**
 * The raw side of the search bench: the full-text query a developer would write by hand
 * on the same index — match, join the article rows, rank, page, then mark the page's
 * matches — in the database's own syntax.
 */

/** @typedef {import("../raw/raw-sqlite.mjs").RawDb} RawDb */
/** @typedef {import("./search-corpus.mjs").BenchQuery} BenchQuery */

/** @param {string} word */
const ftsString = (word) => `"${word.replaceAll('"', '""')}"`;
/** @param {string} word */
const tsLexeme = (word) => `'${word.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;

/**
 * The FTS5 MATCH text of a bench query.
 *
 * @param {BenchQuery} query
 */
export function fts5Text(query) {
  switch (query.kind) {
    case "phrase":
      return ftsString(query.words.join(" "));
    case "prefix":
      return `${ftsString(query.words[0] ?? "")}*`;
    default:
      return query.words.map(ftsString).join(" AND ");
  }
}

/**
 * The to_tsquery text of a bench query.
 *
 * @param {BenchQuery} query
 */
export function tsqueryText(query) {
  switch (query.kind) {
    case "phrase":
      return query.words.map(tsLexeme).join(" <-> ");
    case "prefix":
      return `${tsLexeme(query.words[0] ?? "")}:*`;
    default:
      return query.words.map(tsLexeme).join(" & ");
  }
}

const SQLITE_PAGE = `select a.*, -bm25(rapport_search_fts, 10, 4, 4, 4) as score
  from rapport_search_fts
  join rapport_search_docs d on d.doc = rapport_search_fts.rowid
  join bench_articles a on a.tenant_id = d.tenant_id and a.id = d.record_id
  where rapport_search_fts match ? and d.tenant_id = ? and d.entity_type = 'bench_article' and a.archived_at is null
  order by score desc, a.id limit ?`;

/** @param {number} n */
const sqliteMarks = (n) => `select d.record_id,
    highlight(rapport_search_fts, 0, char(1), char(2)) as title,
    highlight(rapport_search_fts, 1, char(1), char(2)) as summary,
    highlight(rapport_search_fts, 2, char(1), char(2)) as body
  from rapport_search_fts join rapport_search_docs d on d.doc = rapport_search_fts.rowid
  where rapport_search_fts match ? and rapport_search_fts.rowid in (
    select doc from rapport_search_docs where tenant_id = ? and entity_type = 'bench_article'
      and record_id in (${Array.from({ length: n }, () => "?").join(", ")}))`;

const POSTGRES_PAGE = `select a.*, ts_rank_cd('{0.4,0.4,0.4,1}'::float4[], d.document, q) as score
  from rapport_search_docs d
  join bench_articles a on a.tenant_id = d.tenant_id and a.id = d.record_id,
  to_tsquery('english', ?) q
  where d.tenant_id = ? and d.entity_type = 'bench_article' and d.document @@ q and a.archived_at is null
  order by score desc, a.id limit ?`;

/** @param {number} n */
const postgresMarks = (n) => `select d.record_id,
    ts_headline('english', d.f0, q, 'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', HighlightAll=true') as title,
    ts_headline('english', d.f1, q, 'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', HighlightAll=true') as summary,
    ts_headline('english', d.f2, q, 'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', HighlightAll=true') as body
  from rapport_search_docs d, to_tsquery('english', ?) q
  where d.tenant_id = ? and d.entity_type = 'bench_article'
    and d.record_id in (${Array.from({ length: n }, () => "?").join(", ")})`;

/**
 * One page of results for `query`, best first, with the page's matches marked: what
 * `op.search` returns, by hand.
 *
 * @param {RawDb} raw
 * @param {string} tenantId
 * @param {BenchQuery} query
 * @param {number} limit
 * @returns {Promise<{ ids: string[], marks: number }>}
 */
export async function rawSearch(raw, tenantId, query, limit) {
  const text = raw.name === "sqlite" ? fts5Text(query) : tsqueryText(query);
  const rows = await raw.all(raw.name === "sqlite" ? SQLITE_PAGE : POSTGRES_PAGE, [text, tenantId, limit + 1]);
  const page = rows.slice(0, limit);
  const ids = page.map((row) => String(row.id));
  if (ids.length === 0) return { ids, marks: 0 };
  const marks = await raw.all(raw.name === "sqlite" ? sqliteMarks(ids.length) : postgresMarks(ids.length), [
    text,
    tenantId,
    ...ids,
  ]);
  return { ids, marks: marks.length };
}
