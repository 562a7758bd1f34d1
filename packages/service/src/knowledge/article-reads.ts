import {
  boundContext,
  createEntityService,
  ForbiddenError,
  idSchema,
  type ListOptions,
  listOptionsSchema,
  NotFoundError,
  type OperationContext,
  type Page,
  parseInput,
} from "@rapport/core";
import * as z from "zod";
import { articleReader, confineArticles, readableArticle } from "./article-audience.js";
import { articleEntity, type KnowledgeArticle } from "./article-entity.js";
import { knowledgeDb } from "./knowledge-tables.js";
import type { ArticleFormat, ArticleVisibility } from "./knowledge-vocabulary.js";

/** One publication of an article: its text as it was published. */
export interface ArticleVersion {
  readonly articleId: string;
  /** 1 for the first publication, then 2, 3… for each publication of edited text. */
  readonly number: number;
  readonly title: string;
  readonly summary: string;
  readonly body: string;
  readonly format: ArticleFormat;
  readonly categoryId: string | null;
  readonly productId: string | null;
  readonly language: string;
  readonly visibility: ArticleVisibility;
  /** The article record's version it was published at. */
  readonly recordVersion: number;
  readonly publishedAt: string;
  readonly publishedBy: string;
}

const articleId = idSchema("kba");
const versionNumberSchema = z.number().int().min(1).max(1_000_000);

/** The article as the actor may see it (fields their roles hide left out). */
export async function getArticle(op: OperationContext, id: string): Promise<KnowledgeArticle> {
  return op.records(articleEntity).shown(await readableArticle(op, parseInput(articleId, id)));
}

/**
 * A page of articles the actor may read: the standard list options, confined by the same
 * reader decision as every other read. A portal reader's filters and order are checked
 * against its field rules, then the audience's filters are added to them.
 */
export async function listArticles(op: OperationContext, options: ListOptions): Promise<Page<KnowledgeArticle>> {
  const parsed = parseInput(listOptionsSchema, options);
  const reader = await articleReader(op);
  if (reader.kind === "staff") return createEntityService(boundContext(op), articleEntity).list(options);
  const policy = await op.policy();
  // As records are redacted: only when a role of the actor has field rules for articles.
  const ruled = policy.hasFieldRules(op.actor, "knowledge_article");
  for (const name of [
    ...(parsed.filter ?? []).map((f) => f.field),
    ...(parsed.orderBy ? [parsed.orderBy.field] : []),
  ]) {
    if (ruled && policy.fieldAccess(op.actor, "knowledge_article", name) === "hidden") {
      throw new ForbiddenError(`${op.actor.userId} may not see knowledge_article.${name}`, {
        details: { field: name },
      });
    }
  }
  const confined: ListOptions = {
    ...options,
    includeArchived: false,
    filter: [
      ...(options.filter ?? []),
      { field: "status", op: "in" as const, value: [...reader.statuses] },
      { field: "visibility", op: "in" as const, value: [...reader.visibilities] },
    ],
  };
  // The audience's filters confine the page; the system read only lifts the `read` check they replace.
  const page = await createEntityService(boundContext(op.asSystem()), articleEntity).list(confined);
  const records = op.records(articleEntity);
  return { items: await Promise.all(page.items.map((item) => records.shown(item))), nextCursor: page.nextCursor };
}

type VersionRow = Awaited<ReturnType<typeof versionRows>>[number];

function versionRows(op: OperationContext, id: string, visibilities: readonly string[] | null) {
  let query = knowledgeDb(op)
    .selectFrom("service_knowledge_versions")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("article_id", "=", id);
  if (visibilities !== null) query = query.where("visibility", "in", visibilities);
  return query.orderBy("number").execute();
}

async function shownVersion(op: OperationContext, row: VersionRow): Promise<ArticleVersion> {
  const version: ArticleVersion = {
    articleId: row.article_id,
    number: row.number,
    title: row.title,
    summary: row.summary,
    body: row.body,
    format: row.format as ArticleFormat,
    categoryId: row.category_id,
    productId: row.product_id,
    language: row.language,
    visibility: row.visibility as ArticleVisibility,
    recordVersion: Number(row.record_version),
    publishedAt: row.published_at,
    publishedBy: row.published_by,
  };
  // A version carries the article's fields: the same field rules hide them.
  return (await op.records(articleEntity).shown(version as unknown as KnowledgeArticle)) as unknown as ArticleVersion;
}

/**
 * The published versions of an article the actor may read, oldest first. A portal reader
 * sees only the versions published with a visibility of its audience.
 */
export async function listVersions(op: OperationContext, id: string): Promise<ArticleVersion[]> {
  const article = await readableArticle(op, parseInput(articleId, id));
  const reader = await articleReader(op);
  const rows = await versionRows(op, article.id, reader.kind === "staff" ? null : reader.visibilities);
  return Promise.all(rows.map((row) => shownVersion(op, row)));
}

/** One published version of an article; `NotFoundError` when there is none the actor may read. */
export async function getVersion(op: OperationContext, id: string, number: number): Promise<ArticleVersion> {
  const wanted = parseInput(versionNumberSchema, number);
  const versions = await listVersions(op, id);
  const found = versions.find((v) => v.number === wanted);
  if (!found) throw new NotFoundError("knowledge_article_version", `${id}@${wanted}`);
  return found;
}

/** Ids of the articles the actor may read among `ids` (for counts and links), in one query. */
export async function readableIds(op: OperationContext, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const query = knowledgeDb(op).selectFrom("service_knowledge_articles").select("id").where("id", "in", ids);
  const rows = await (await confineArticles(op, query)).execute();
  return new Set(rows.map((r) => r.id));
}
