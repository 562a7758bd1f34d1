import { defineEntity, type EntityRecord, field, type OperationContext, ValidationError } from "@rapport/core";
import { createArticleSchema, feedbackSchema, updateArticleSchema } from "./knowledge-schema.js";
import { knowledgeDb } from "./knowledge-tables.js";
import type { ArticleFormat, ArticleStatus, ArticleVisibility } from "./knowledge-vocabulary.js";

const articleFields = {
  title: field.text(),
  summary: field.text({ default: "", filterable: false, sortable: false }),
  body: field.text({ default: "", filterable: false, sortable: false }),
  format: field.text<ArticleFormat>({ default: "markdown" }),
  categoryId: field.nullableText(),
  productId: field.nullableText(),
  language: field.text({ default: "en" }),
  visibility: field.text<ArticleVisibility>({ default: "internal" }),
  // The workflow verbs set these; callers cannot.
  status: field.text<ArticleStatus>({ computed: true, default: "draft" }),
  /** The number of the version row now published; null before the first publication. */
  publishedVersion: field.nullableInteger({ computed: true }),
  publishedAt: field.nullableTimestamp({ computed: true }),
  /** The author: `own` scopes look at it. */
  ownerId: field.nullableText(),
  sourceUrl: field.nullableText({ filterable: false, sortable: false }),
  attribution: field.nullableText({ filterable: false, sortable: false }),
};

type ArticleValues = EntityRecord<typeof articleFields>;

/** A link the input names must exist: the category (not archived) and the product. */
async function validateLinks(next: ArticleValues, before: ArticleValues | null, op: OperationContext): Promise<void> {
  if (next.categoryId !== null && next.categoryId !== before?.categoryId) {
    const category = await knowledgeDb(op)
      .selectFrom("service_knowledge_categories")
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", next.categoryId)
      .where("archived_at", "is", null)
      .executeTakeFirst();
    if (!category) throw ValidationError.forField(["categoryId"], `Unknown category ${next.categoryId}`);
  }
  if (next.productId !== null && next.productId !== before?.productId) {
    try {
      await op.asSystem().recordRef("product", next.productId);
    } catch {
      throw ValidationError.forField(["productId"], `Unknown product ${next.productId}`);
    }
  }
}

/**
 * Knowledge articles. Their text is edited as a draft; each publication of edited text
 * writes a version row (`service.knowledge.versions`). Only the workflow verbs move `status`.
 */
export const articleEntity = defineEntity({
  type: "knowledge_article",
  table: "service_knowledge_articles",
  idPrefix: "kba",
  fields: articleFields,
  createSchema: createArticleSchema,
  patchSchema: updateArticleSchema,
  ownerField: "ownerId",
  validate: validateLinks,
  // Indexed in the write's transaction; portal reads add their audience's status and visibility filters.
  search: {
    title: "title",
    body: ["summary", "body"],
    filters: ["status", "visibility", "categoryId", "productId", "language"],
  },
});

/** A knowledge article as stored and returned. */
export type KnowledgeArticle = ArticleValues;

const feedbackFields = {
  articleId: field.text({ computed: true }),
  helpful: field.boolean(),
  comment: field.nullableText({ filterable: false, sortable: false }),
};

/** Feedback on an article: helpful or not, with an optional comment. Only `service.knowledge.feedback` writes it. */
export const feedbackEntity = defineEntity({
  type: "knowledge_feedback",
  table: "service_knowledge_feedback",
  idPrefix: "kbf",
  fields: feedbackFields,
  createSchema: feedbackSchema,
  patchSchema: feedbackSchema,
});

/** One piece of feedback as stored. */
export type ArticleFeedback = EntityRecord<typeof feedbackFields>;
