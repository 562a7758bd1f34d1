import {
  type EntitySearchPage,
  idSchema,
  MAX_QUERY_TERMS,
  type OperationContext,
  parseInput,
  parseSearchQuery,
  textSchema,
} from "@rapport/core";
import * as z from "zod";
import { caseEntity } from "../cases/case-entity.js";
import { getCase } from "../cases/case-records.js";
import { articleReader } from "./article-audience.js";
import { articleEntity, type KnowledgeArticle } from "./article-entity.js";
import { ARTICLE_STATUSES, ARTICLE_VISIBILITIES } from "./knowledge-vocabulary.js";
import { salientTerms } from "./salient-terms.js";

/** One search result: the article as the actor may see it, with highlighted title and snippet. */
export interface ArticleHit {
  readonly article: KnowledgeArticle;
  /** Relevance, higher is better; comparable within one search only. */
  readonly score: number;
  /** The title as HTML, matches in `<mark>`. */
  readonly title: string;
  /** Up to 200 characters of summary or body around the first match, as HTML with `<mark>`s. */
  readonly snippet: string;
}

/** A page of {@link ArticleHit}s, best first. */
export interface ArticleHitPage {
  readonly items: readonly ArticleHit[];
  /** Pass as `cursor` for the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}

const oneOrMany = <T extends z.ZodType>(schema: T) => z.union([schema, z.array(schema).min(1).max(100)]);

/**
 * Input of `service.knowledge.search`: what the user typed (words, `"phrase"`, `prefix*`,
 * `OR`, `-word`), equality filters and a page.
 */
export const articleSearchSchema = z
  .object({
    query: z.string().max(1_000),
    filters: z
      .object({
        status: oneOrMany(z.enum(ARTICLE_STATUSES)),
        visibility: oneOrMany(z.enum(ARTICLE_VISIBILITIES)),
        categoryId: oneOrMany(idSchema("kbc")),
        productId: oneOrMany(idSchema("prd")),
        language: oneOrMany(z.string().max(35)),
      })
      .partial()
      .strict()
      .optional(),
    /** @default 20 */
    limit: z.number().int().min(1).max(100).optional(),
    cursor: z.string().max(200).nullable().optional(),
  })
  .strict();
export type ArticleSearchRequest = z.input<typeof articleSearchSchema>;

const asList = <T>(value: T | readonly T[] | undefined): readonly T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? (value as readonly T[]) : [value as T];

/**
 * Searches the articles the actor may read. Staff search within their record scope; a
 * portal reader's search is confined to published articles of its audience by the same
 * reader decision as every other read: its filters are intersected with the audience's, and
 * the search runs without the `knowledge_article:read` check those filters replace.
 */
export async function searchArticles(op: OperationContext, request: ArticleSearchRequest): Promise<ArticleHitPage> {
  const { query, filters = {}, limit, cursor } = parseInput(articleSearchSchema, request);
  const reader = await articleReader(op);
  const wanted: Record<string, readonly string[]> = {};
  for (const [name, value] of Object.entries(filters)) {
    const list = asList(value as string | readonly string[] | undefined);
    if (list) wanted[name] = list;
  }
  let page: EntitySearchPage<KnowledgeArticle>;
  const paging = { ...(limit === undefined ? {} : { limit }), ...(cursor == null ? {} : { cursor }) };
  if (reader.kind === "staff") {
    page = await op.search(articleEntity, { query, filters: wanted, ...paging });
  } else {
    const status = intersect(wanted.status, reader.statuses);
    const visibility = intersect(wanted.visibility, reader.visibilities);
    // A privileged search decides field rules by the default roles: a tenant role with rules for articles finds nothing here.
    const ruled = (await op.policy()).hasFieldRules(op.actor, articleEntity.type);
    if (status.length === 0 || visibility.length === 0 || ruled) {
      // Still check the query, so bad input is refused the same way for every reader.
      parseSearchQuery(query);
      return { items: [], nextCursor: null };
    }
    page = await op.asSystem().search(articleEntity, { query, filters: { ...wanted, status, visibility }, ...paging });
  }
  const records = op.records(articleEntity);
  return {
    items: await Promise.all(
      page.items.map(async (hit) => ({
        article: await records.shown(hit.record),
        score: hit.score,
        title: hit.highlights.title,
        snippet: hit.highlights.snippet,
      })),
    ),
    nextCursor: page.nextCursor,
  };
}

function intersect(wanted: readonly string[] | undefined, allowed: readonly string[]): string[] {
  return wanted === undefined ? [...allowed] : allowed.filter((value) => wanted.includes(value));
}

/** Input of `service.knowledge.suggest`: a new case's subject and description. */
export const suggestSchema = z
  .object({
    subject: textSchema().max(500),
    description: textSchema().max(100_000).nullable().optional(),
    /** @default 5 */
    limit: z.number().int().min(1).max(20).default(5),
  })
  .strict();
export type SuggestInput = z.input<typeof suggestSchema>;

/** Options of `service.knowledge.suggestForCase`. */
export const suggestOptionsSchema = z.object({ limit: z.number().int().min(1).max(20).default(5) }).strict();

/** The most terms a suggestion query ORs together. */
export const SUGGEST_TERMS = Math.min(12, MAX_QUERY_TERMS);

/** How many of the best terms the first, narrower stage of a suggestion requires together. */
const SUGGEST_CORE_TERMS = 4;

/**
 * The top articles for a case's subject and description, from their salient terms (see
 * {@link salientTerms}) in two stages: first the articles holding all of the best few terms
 * (coordination matching: an article with every main word beats one repeating a single
 * word, whatever the adapter's ranking function), then the OR of every term, ranked by
 * relevance, to fill the list. Staff get published articles of every visibility; portal
 * readers their audience's. A text with no salient term gets none.
 */
export async function suggestArticles(op: OperationContext, input: SuggestInput): Promise<ArticleHit[]> {
  const { subject, description, limit } = parseInput(suggestSchema, input);
  const terms = salientTerms(subject, description ?? "", SUGGEST_TERMS);
  if (terms.length === 0) {
    await articleReader(op);
    return [];
  }
  const published = { status: "published" as const };
  const core = terms.slice(0, SUGGEST_CORE_TERMS);
  const first =
    core.length > 1 ? (await searchArticles(op, { query: core.join(" "), filters: published, limit })).items : [];
  if (first.length >= limit) return [...first];
  const rest = await searchArticles(op, { query: terms.join(" OR "), filters: published, limit });
  const seen = new Set(first.map((hit) => hit.article.id));
  return [...first, ...rest.items.filter((hit) => !seen.has(hit.article.id))].slice(0, limit);
}

/** {@link suggestArticles} for a case the actor may read, from its subject and description. */
export async function suggestForCase(op: OperationContext, caseId: string, limit = 5): Promise<ArticleHit[]> {
  // The case as the actor may see it: a field their roles hide does not steer the suggestions.
  const found = await op.records(caseEntity).shown(await getCase(op, parseInput(idSchema("case"), caseId)));
  return suggestArticles(op, { subject: found.subject ?? "", description: found.description ?? null, limit });
}
