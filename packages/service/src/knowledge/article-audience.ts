import { ForbiddenError, NotFoundError, type OperationContext, restrictQuery } from "@rapport/core";
import type { SelectQueryBuilder } from "kysely";
import { articleEntity, type KnowledgeArticle } from "./article-entity.js";
import type { ArticleStatus, ArticleVisibility } from "./knowledge-vocabulary.js";

/**
 * Who reads the knowledge base, decided once per operation from the actor's permissions —
 * the one place every article read (get, list, search, suggest, counts, versions, feedback,
 * case links) takes its confinement from:
 *
 * - `staff`: holds `knowledge_article:read`; sees every status and visibility, within its
 *   record scope (`own` / `team` / `all`).
 * - `audience`: holds only `knowledge_article:read_customer` and/or `read_partner` (the
 *   portal roles); sees published articles of those visibilities, and nothing else exists
 *   for it (`NotFoundError`, never a hint).
 */
export type ArticleReader =
  | { readonly kind: "staff" }
  | {
      readonly kind: "audience";
      readonly statuses: readonly ArticleStatus[];
      readonly visibilities: readonly ArticleVisibility[];
    };

const readers = new WeakMap<object, Promise<ArticleReader>>();

/** The reader the actor of `op` is; `ForbiddenError` when it may read no article at all. */
export function articleReader(op: OperationContext): Promise<ArticleReader> {
  let reader = readers.get(op);
  if (!reader) {
    reader = decideReader(op);
    readers.set(op, reader);
  }
  return reader;
}

async function decideReader(op: OperationContext): Promise<ArticleReader> {
  if ((await op.scopeOf("knowledge_article:read")) !== null) return { kind: "staff" };
  const visibilities: ArticleVisibility[] = [];
  if ((await op.scopeOf("knowledge_article:read_customer")) !== null) visibilities.push("customer");
  if ((await op.scopeOf("knowledge_article:read_partner")) !== null) visibilities.push("partner");
  if (visibilities.length === 0) {
    throw new ForbiddenError(`${op.actor.userId} may not read knowledge articles`, {
      details: { permission: "knowledge_article:read" },
    });
  }
  return { kind: "audience", statuses: ["published"], visibilities };
}

/**
 * Narrows a query over `service_knowledge_articles` (aliased `alias`) to the articles the
 * actor may read: the tenant always, the record scope for staff, published articles of the
 * audience's visibilities for portal readers.
 */
export async function confineArticles<QB extends SelectQueryBuilder<any, any, any>>(
  op: OperationContext,
  query: QB,
  alias = "service_knowledge_articles",
): Promise<QB> {
  const reader = await articleReader(op);
  if (reader.kind === "staff") {
    return restrictQuery(op, "knowledge_article:read", query, {
      tenantColumn: `${alias}.tenant_id`,
      ownerColumn: `${alias}.owner_id`,
      idColumn: `${alias}.id`,
    });
  }
  return query
    .where(`${alias}.tenant_id`, "=", op.tenantId)
    .where(`${alias}.archived_at`, "is", null)
    .where(`${alias}.status`, "in", reader.statuses)
    .where(`${alias}.visibility`, "in", reader.visibilities) as QB;
}

/**
 * The mandatory equality filters of a search for the actor (`{}` for staff, whose record
 * scope the search applies itself), intersected with what the caller asked for.
 */
export async function audienceFilters(
  op: OperationContext,
): Promise<{ readonly status?: readonly string[]; readonly visibility?: readonly string[] }> {
  const reader = await articleReader(op);
  if (reader.kind === "staff") return {};
  return { status: reader.statuses, visibility: reader.visibilities };
}

/** True when the actor may read `article`; decided as {@link confineArticles} decides for queries. */
export async function mayRead(op: OperationContext, article: KnowledgeArticle): Promise<boolean> {
  const reader = await articleReader(op);
  if (reader.kind === "audience") {
    return (
      article.archivedAt === null &&
      reader.statuses.includes(article.status) &&
      reader.visibilities.includes(article.visibility)
    );
  }
  try {
    await op.authorize("knowledge_article:read", {
      ownerId: article.ownerId,
      createdBy: article.createdBy,
      id: article.id,
    });
    return true;
  } catch (error) {
    if (error instanceof ForbiddenError) return false;
    throw error;
  }
}

/**
 * The article with this id when the actor may read it. A portal reader gets `NotFoundError`
 * for an article outside its audience, exactly as for one that does not exist; staff get
 * `ForbiddenError` outside their record scope, as for every other record.
 */
export async function readableArticle(op: OperationContext, id: string): Promise<KnowledgeArticle> {
  const reader = await articleReader(op);
  if (reader.kind === "staff") return op.records(articleEntity).get(id);
  let article: KnowledgeArticle;
  try {
    article = await op.asSystem().records(articleEntity).get(id, { authorize: false });
  } catch (error) {
    if (error instanceof NotFoundError) throw notFound(id);
    throw error;
  }
  if (!(await mayRead(op, article))) throw notFound(id);
  return article;
}

function notFound(id: string): NotFoundError {
  return new NotFoundError("knowledge_article", id);
}
