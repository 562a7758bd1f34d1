import { idSchema, longTextSchema, textSchema, writeOptionsSchema } from "@rapport/core";
import * as z from "zod";
import { languageSchema } from "../cases/case-schema.js";
import { ARTICLE_FORMATS, ARTICLE_VISIBILITIES } from "./knowledge-vocabulary.js";

/** An article or category title: one line, 1–300 characters. */
export const knowledgeTitleSchema = textSchema().trim().min(1, "Must not be empty").max(300);

/** An http(s) URL, as attribution of imported text. */
const sourceUrlSchema = z.url({ protocol: /^https?$/ }).max(2_000);

const articleFields = {
  title: knowledgeTitleSchema,
  /** A short abstract shown in results. */
  summary: textSchema().trim().max(2_000),
  /** The article's text, markdown or plain; an empty body cannot be published. */
  body: longTextSchema,
  format: z.enum(ARTICLE_FORMATS),
  categoryId: idSchema("kbc").nullable(),
  /** A product of the catalog the article is about. */
  productId: idSchema("prd").nullable(),
  /** The language the article is written in. */
  language: languageSchema,
  visibility: z.enum(ARTICLE_VISIBILITIES),
  /** Where imported text came from (a page's URL). */
  sourceUrl: sourceUrlSchema.nullable(),
  /** The credit the source's licence asks for (author, licence). */
  attribution: textSchema().trim().max(1_000).nullable(),
};

/**
 * Input of `service.knowledge.articles.create`: a new draft.
 *
 * @example
 * ```ts
 * await agent.service.knowledge.create({ title: "Reset a password", body: "1. Open …", categoryId: cat.id, visibility: "customer" });
 * ```
 */
export const createArticleSchema = z
  .object({
    title: articleFields.title,
    summary: articleFields.summary.optional(),
    body: articleFields.body.optional(),
    format: articleFields.format.optional(),
    categoryId: articleFields.categoryId.optional(),
    productId: articleFields.productId.optional(),
    language: articleFields.language.optional(),
    visibility: articleFields.visibility.optional(),
    sourceUrl: articleFields.sourceUrl.optional(),
    attribution: articleFields.attribution.optional(),
  })
  .strict();
export type CreateArticleInput = z.input<typeof createArticleSchema>;

/** Input of `service.knowledge.update`: changes to a draft (absent keys are kept). */
export const updateArticleSchema = z.object(articleFields).partial().strict();
export type UpdateArticleInput = z.input<typeof updateArticleSchema>;

/** Input of `service.knowledge.importArticles`: one article, published (the default) or left as a draft. */
export const importArticleSchema = createArticleSchema.extend({ status: z.enum(["draft", "published"]).optional() });
export type ImportArticleInput = z.input<typeof importArticleSchema>;

/** Options of a workflow verb with a note (`reject`): the reason, and the version the caller read. */
export const reviewNoteSchema = writeOptionsSchema.extend({ note: textSchema().trim().max(2_000).optional() }).strict();
export type ReviewNoteOptions = z.input<typeof reviewNoteSchema>;

/** Input of `service.knowledge.categories.create`. */
export const createCategorySchema = z
  .object({
    name: knowledgeTitleSchema,
    description: textSchema().trim().max(2_000).nullable().optional(),
    parentId: idSchema("kbc").nullable().optional(),
    /** Order among its siblings. @default 0 */
    position: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();
export type CreateCategoryInput = z.input<typeof createCategorySchema>;

/** Input of `service.knowledge.categories.update` (use `move` to change the parent). */
export const updateCategorySchema = z
  .object({
    name: knowledgeTitleSchema,
    description: textSchema().trim().max(2_000).nullable(),
    position: z.number().int().min(0).max(1_000_000),
  })
  .partial()
  .strict();
export type UpdateCategoryInput = z.input<typeof updateCategorySchema>;

/** Input of `service.knowledge.feedback`: was the article helpful, and why. */
export const feedbackSchema = z
  .object({
    helpful: z.boolean(),
    comment: textSchema().trim().max(4_000).nullable().optional(),
  })
  .strict();
export type FeedbackInput = z.input<typeof feedbackSchema>;
