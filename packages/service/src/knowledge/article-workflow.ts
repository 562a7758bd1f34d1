import {
  boundContext,
  createEntityService,
  idSchema,
  type OperationContext,
  parseInput,
  ValidationError,
  type ValidationIssue,
  writeOptionsSchema,
} from "@rapport/core";
import type * as z from "zod";
import { articleEntity, type KnowledgeArticle } from "./article-entity.js";
import { type ReviewNoteOptions, reviewNoteSchema, type UpdateArticleInput } from "./knowledge-schema.js";
import { knowledgeDb } from "./knowledge-tables.js";

/** Options of a workflow verb: the version the caller read. */
export type WorkflowOptions = z.input<typeof writeOptionsSchema>;

const articleId = idSchema("kba");

/**
 * Refuses to publish an article without a category (or whose category was archived since)
 * or with an empty body: a `ValidationError` naming each field.
 */
async function assertPublishable(op: OperationContext, article: KnowledgeArticle): Promise<void> {
  const issues: ValidationIssue[] = [];
  const issue = (path: string, message: string) =>
    issues.push({ code: "custom", path: [path], message, input: undefined } as ValidationIssue);
  if (article.categoryId === null) issue("categoryId", "An article needs a category to be published");
  else {
    const category = await knowledgeDb(op)
      .selectFrom("service_knowledge_categories")
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", article.categoryId)
      .where("archived_at", "is", null)
      .executeTakeFirst();
    if (!category) issue("categoryId", `Category ${article.categoryId} is archived or gone`);
  }
  if (article.body.trim() === "") issue("body", "An article with an empty body cannot be published");
  if (issues.length > 0) throw new ValidationError(issues, `knowledge_article ${article.id} cannot be published`);
}

/** Changes a draft's text; an article in review, published or archived is reopened first. */
export async function updateDraft(
  op: OperationContext,
  id: string,
  patch: UpdateArticleInput,
  options: WorkflowOptions,
): Promise<KnowledgeArticle> {
  const before = await op.records(articleEntity).get(parseInput(articleId, id), { authorize: "update" });
  op.records(articleEntity).assertState(before, "update", ["draft"]);
  return createEntityService(boundContext(op), articleEntity).update(before.id, patch, options);
}

/** draft → in_review, for a publishable article. Emits `knowledge_article.submitted`. */
export async function submitForReview(op: OperationContext, id: string, options: WorkflowOptions) {
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const articles = op.records(articleEntity);
  const before = await articles.loadForChange(parseInput(articleId, id), { expectedVersion, authorize: "submit" });
  articles.assertState(before, "submit", ["draft"]);
  await assertPublishable(op, before);
  return articles.transition(before, {
    verb: "submit",
    from: ["draft"],
    to: "in_review",
    events: (after) => [{ type: "knowledge_article.submitted", data: { id: after.id, version: after.version } }],
  });
}

/** The text a version row keeps, in the row's columns. */
function versionText(article: KnowledgeArticle) {
  return {
    title: article.title,
    summary: article.summary,
    body: article.body,
    format: article.format,
    category_id: article.categoryId,
    product_id: article.productId,
    language: article.language,
    visibility: article.visibility,
  };
}

/**
 * in_review → published, by a role holding `knowledge_article:approve`. When the text differs
 * from the last published version, a new version row is written. Emits `knowledge_article.published`.
 */
export async function approveArticle(op: OperationContext, id: string, options: WorkflowOptions) {
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const articles = op.records(articleEntity);
  const before = await articles.loadForChange(parseInput(articleId, id), { expectedVersion, authorize: "approve" });
  articles.assertState(before, "approve", ["in_review"]);
  await assertPublishable(op, before);
  const number = await publishVersion(op, before, before.version + 1);
  return articles.transition(before, {
    verb: "approve",
    from: ["in_review"],
    to: "published",
    changes: { publishedVersion: number, publishedAt: op.timestamp },
    events: (after) => [
      { type: "knowledge_article.published", data: { id: after.id, version: after.version, number } },
    ],
  });
}

/**
 * Writes the version row for a publication of `article` (at record version `recordVersion`)
 * unless its text is the last version's, and returns the version number in force.
 */
export async function publishVersion(
  op: OperationContext,
  article: KnowledgeArticle,
  recordVersion: number,
): Promise<number> {
  const db = knowledgeDb(op);
  const last = await db
    .selectFrom("service_knowledge_versions")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("article_id", "=", article.id)
    .orderBy("number", "desc")
    .limit(1)
    .executeTakeFirst();
  const text = versionText(article);
  if (last && Object.entries(text).every(([key, value]) => last[key as keyof typeof text] === value))
    return last.number;
  const number = (last?.number ?? 0) + 1;
  await db
    .insertInto("service_knowledge_versions")
    .values({
      tenant_id: op.tenantId,
      article_id: article.id,
      number,
      ...text,
      record_version: recordVersion,
      published_at: op.timestamp,
      published_by: op.actor.userId,
    })
    .execute();
  return number;
}

/** in_review → draft, with the reviewer's note. Emits `knowledge_article.rejected`. */
export async function rejectArticle(op: OperationContext, id: string, options: ReviewNoteOptions) {
  const { expectedVersion, note } = parseInput(reviewNoteSchema, options);
  const articles = op.records(articleEntity);
  const before = await articles.loadForChange(parseInput(articleId, id), { expectedVersion, authorize: "approve" });
  return articles.transition(before, {
    verb: "reject",
    from: ["in_review"],
    to: "draft",
    events: (after) => [
      { type: "knowledge_article.rejected", data: { id: after.id, version: after.version, note: note ?? null } },
    ],
  });
}

/** draft, in_review or published → archived: out of every portal result. Emits `knowledge_article.archived`. */
export async function archiveArticle(op: OperationContext, id: string, options: WorkflowOptions) {
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const articles = op.records(articleEntity);
  const before = await articles.loadForChange(parseInput(articleId, id), { expectedVersion, authorize: "archive" });
  return articles.transition(before, {
    verb: "archive",
    from: ["draft", "in_review", "published"],
    to: "archived",
    event: "knowledge_article.archived",
  });
}

/**
 * in_review, published or archived → draft, to edit it: a published article leaves the
 * portal until it is approved again. Emits `knowledge_article.reopened`.
 */
export async function reopenArticle(op: OperationContext, id: string, options: WorkflowOptions) {
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const articles = op.records(articleEntity);
  const before = await articles.loadForChange(parseInput(articleId, id), { expectedVersion, authorize: "update" });
  return articles.transition(before, {
    verb: "reopen",
    from: ["in_review", "published", "archived"],
    to: "draft",
    events: (after) => [{ type: "knowledge_article.reopened", data: { id: after.id, version: after.version } }],
  });
}
