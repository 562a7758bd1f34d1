import { ForbiddenError, idSchema, type OperationContext, parseInput } from "@rapport/core";
import { sql } from "kysely";
import * as z from "zod";
import { getCase } from "../cases/case-records.js";
import { articleReader, confineArticles, readableArticle } from "./article-audience.js";
import { type ArticleFeedback, articleEntity, feedbackEntity, type KnowledgeArticle } from "./article-entity.js";
import { type FeedbackInput, feedbackSchema } from "./knowledge-schema.js";
import { knowledgeDb } from "./knowledge-tables.js";

/** How an article is doing: views, feedback and the cases it solved. */
export interface ArticleCounts {
  readonly articleId: string;
  readonly views: number;
  readonly helpful: number;
  readonly notHelpful: number;
  /** Cases linked to the article as solved by it. */
  readonly solvedCount: number;
}

/** An article linked to a case, with when and by whom. */
export interface CaseArticleLink {
  readonly articleId: string;
  readonly caseId: string;
  readonly linkedBy: string;
  readonly linkedAt: string;
}

const articleId = idSchema("kba");
const caseId = idSchema("case");

/**
 * Links a case to the article that solved it: needs `knowledge_article:link` and the case
 * readable by the actor. Linking twice is one link: the second call writes and emits nothing.
 * Emits `knowledge_article.linked` (a link is not a change of either record).
 */
export async function linkCase(op: OperationContext, id: string, linkedCase: string): Promise<CaseArticleLink> {
  const aid = parseInput(articleId, id);
  const cid = parseInput(caseId, linkedCase);
  await op.authorize("knowledge_article:link");
  const article = await readableArticle(op, aid);
  const target = await getCase(op, cid);
  const db = knowledgeDb(op);
  const existing = await db
    .selectFrom("service_knowledge_case_links")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("article_id", "=", article.id)
    .where("case_id", "=", target.id)
    .executeTakeFirst();
  if (existing) return linkOf(existing);
  const row = {
    tenant_id: op.tenantId,
    article_id: article.id,
    case_id: target.id,
    linked_by: op.actor.userId,
    linked_at: op.timestamp,
  };
  await db.insertInto("service_knowledge_case_links").values(row).execute();
  op.emit("knowledge_article.linked", { id: article.id, caseId: target.id });
  return linkOf(row);
}

/** Removes a case link; removing one that is not there writes and emits nothing. Emits `knowledge_article.unlinked`. */
export async function unlinkCase(op: OperationContext, id: string, linkedCase: string): Promise<boolean> {
  const aid = parseInput(articleId, id);
  const cid = parseInput(caseId, linkedCase);
  await op.authorize("knowledge_article:link");
  const article = await readableArticle(op, aid);
  const target = await getCase(op, cid);
  const removed = await knowledgeDb(op)
    .deleteFrom("service_knowledge_case_links")
    .where("tenant_id", "=", op.tenantId)
    .where("article_id", "=", article.id)
    .where("case_id", "=", target.id)
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) return false;
  op.emit("knowledge_article.unlinked", { id: article.id, caseId: target.id });
  return true;
}

function linkOf(row: { article_id: string; case_id: string; linked_by: string; linked_at: string }): CaseArticleLink {
  return { articleId: row.article_id, caseId: row.case_id, linkedBy: row.linked_by, linkedAt: row.linked_at };
}

/** The articles linked to a case that the actor may read, most recently linked first. */
export async function articlesOfCase(op: OperationContext, linkedCase: string): Promise<KnowledgeArticle[]> {
  const target = await getCase(op, parseInput(caseId, linkedCase));
  const query = knowledgeDb(op)
    .selectFrom("service_knowledge_articles")
    .innerJoin("service_knowledge_case_links as l", (join) =>
      join
        .onRef("l.tenant_id", "=", "service_knowledge_articles.tenant_id")
        .onRef("l.article_id", "=", "service_knowledge_articles.id"),
    )
    .select(["service_knowledge_articles.id as id"])
    .where("l.case_id", "=", target.id)
    .orderBy("l.linked_at", "desc")
    .orderBy("service_knowledge_articles.id");
  const rows = await (await confineArticles(op, query)).execute();
  const records = op.records(articleEntity);
  return Promise.all(rows.map(async (row) => records.shown(await records.get(row.id, { authorize: false }))));
}

/**
 * The links of an article to the cases it solved, oldest first: staff only (cases are not
 * the portal's to see), and only the cases the actor may read.
 */
export async function casesOfArticle(op: OperationContext, id: string): Promise<CaseArticleLink[]> {
  const article = await readableArticle(op, parseInput(articleId, id));
  if ((await articleReader(op)).kind !== "staff") {
    throw new ForbiddenError(`${op.actor.userId} may not see the cases an article solved`, {
      details: { permission: "knowledge_article:read" },
    });
  }
  const rows = await knowledgeDb(op)
    .selectFrom("service_knowledge_case_links")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("article_id", "=", article.id)
    .orderBy("linked_at")
    .orderBy("case_id")
    .execute();
  const visible: CaseArticleLink[] = [];
  for (const row of rows) {
    const readable = await getCase(op, row.case_id).then(
      () => true,
      (error: unknown) => {
        if (error instanceof ForbiddenError) return false;
        throw error;
      },
    );
    if (readable) visible.push(linkOf(row));
  }
  return visible;
}

/**
 * Records feedback on an article the actor may read. Feedback is for published articles:
 * on any other an `InvalidTransitionError` for staff; a portal reader never sees one, so
 * it gets `NotFoundError` — nothing is written either way.
 */
export async function giveFeedback(op: OperationContext, id: string, input: FeedbackInput): Promise<ArticleFeedback> {
  const aid = parseInput(articleId, id);
  const parsed = parseInput(feedbackSchema, input);
  await op.authorize("knowledge_article:feedback");
  const article = await readableArticle(op, aid);
  op.records(articleEntity).assertState(article, "give feedback on", ["published"]);
  const [created] = await op
    .records(feedbackEntity)
    .insert([{ articleId: article.id, helpful: parsed.helpful, comment: parsed.comment ?? null }]);
  return op.records(feedbackEntity).shown(created as ArticleFeedback);
}

/** Options of `service.knowledge.feedbackOf`. */
export const feedbackListSchema = z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict();
export type FeedbackListOptions = z.input<typeof feedbackListSchema>;

/**
 * The feedback on an article the actor may read, newest first (at most `limit`). Needs
 * `knowledge_feedback:read`: other readers' comments are staff's to see, not the portal's.
 */
export async function listFeedback(
  op: OperationContext,
  id: string,
  options: FeedbackListOptions,
): Promise<ArticleFeedback[]> {
  const { limit } = parseInput(feedbackListSchema, options);
  const article = await readableArticle(op, parseInput(articleId, id));
  await op.authorize("knowledge_feedback:read");
  const rows = await knowledgeDb(op)
    .selectFrom("service_knowledge_feedback")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("article_id", "=", article.id)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  const records = op.asSystem().records(feedbackEntity);
  const shown = op.records(feedbackEntity);
  return Promise.all(rows.map(async (row) => shown.shown(await records.get(row.id, { authorize: false }))));
}

/**
 * Counts a view of an article the actor may read and returns the article as they may see it.
 * A counter, not a change of the record: no version, audit row or event.
 */
export async function viewArticle(op: OperationContext, id: string): Promise<KnowledgeArticle> {
  const article = await readableArticle(op, parseInput(articleId, id));
  await knowledgeDb(op)
    .insertInto("service_knowledge_views")
    .values({ tenant_id: op.tenantId, article_id: article.id, views: 1 })
    .onConflict((oc) =>
      oc.columns(["tenant_id", "article_id"]).doUpdateSet({ views: sql<number>`service_knowledge_views.views + 1` }),
    )
    .execute();
  return op.records(articleEntity).shown(article);
}

/** Views, helpful / not helpful feedback and solved cases of an article the actor may read, counted in SQL. */
export async function countsOf(op: OperationContext, id: string): Promise<ArticleCounts> {
  const article = await readableArticle(op, parseInput(articleId, id));
  const [counts] = await countsOfMany(op, [article.id]);
  return counts as ArticleCounts;
}

/** {@link countsOf} for articles already known to be readable, in three aggregate queries. */
export async function countsOfMany(op: OperationContext, ids: readonly string[]): Promise<ArticleCounts[]> {
  if (ids.length === 0) return [];
  const db = knowledgeDb(op);
  // One after another: a transaction runs one statement at a time.
  const views = await db
    .selectFrom("service_knowledge_views")
    .select(["article_id", "views"])
    .where("tenant_id", "=", op.tenantId)
    .where("article_id", "in", ids)
    .execute();
  const feedback = await db
    .selectFrom("service_knowledge_feedback")
    .select((eb) => ["article_id", "helpful", eb.fn.countAll<number | string>().as("n")])
    .where("tenant_id", "=", op.tenantId)
    .where("article_id", "in", ids)
    .groupBy(["article_id", "helpful"])
    .execute();
  const solved = await db
    .selectFrom("service_knowledge_case_links")
    .select((eb) => ["article_id", eb.fn.countAll<number | string>().as("n")])
    .where("tenant_id", "=", op.tenantId)
    .where("article_id", "in", ids)
    .groupBy("article_id")
    .execute();
  return ids.map((articleId) => {
    const helpfulOf = (flag: number) =>
      Number(feedback.find((f) => f.article_id === articleId && Number(f.helpful) === flag)?.n ?? 0);
    return {
      articleId,
      views: Number(views.find((v) => v.article_id === articleId)?.views ?? 0),
      helpful: helpfulOf(1),
      notHelpful: helpfulOf(0),
      solvedCount: Number(solved.find((s) => s.article_id === articleId)?.n ?? 0),
    };
  });
}
