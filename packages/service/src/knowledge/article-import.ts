import {
  type ModuleContext,
  type OperationContext,
  parseInput,
  ValidationError,
  type ValidationIssue,
} from "@rapport/core";
import { insertRows } from "@rapport/core/internals";
import * as z from "zod";
import { articleEntity, type KnowledgeArticle } from "./article-entity.js";
import { type ImportArticleInput, importArticleSchema } from "./knowledge-schema.js";
import { knowledgeDb } from "./knowledge-tables.js";

/** The most rows one `importArticles` call takes. */
export const IMPORT_ARTICLES_LIMIT = 100_000;

/** Progress of an import, reported after each batch commits. */
export interface ImportProgress {
  /** Articles written so far (committed). */
  readonly done: number;
  readonly total: number;
  /** Batches committed so far. */
  readonly batches: number;
}

/** Options of `service.knowledge.importArticles`. */
export interface ImportArticlesOptions {
  /** Called after each batch's transaction commits. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Articles per transaction, 1–5,000. @default 500 */
  readonly batchSize?: number;
}

const importOptionsSchema = z
  .object({
    onProgress: z.custom<(progress: ImportProgress) => void>((v) => typeof v === "function").optional(),
    batchSize: z.number().int().min(1).max(5_000).default(500),
  })
  .strict();

/** What an import wrote. */
export interface ImportArticlesResult {
  /** The new articles' ids, in the order of the rows. */
  readonly ids: string[];
  readonly published: number;
  readonly drafts: number;
}

type ParsedRow = z.output<typeof importArticleSchema>;

/**
 * Checks every row before anything is written: each against the import schema, a
 * published row for a category and a body, and every named category and product in one
 * query each. Issue paths start with the row's index.
 */
async function checkRows(op: OperationContext, rows: unknown): Promise<ParsedRow[]> {
  const list = parseInput(z.array(z.unknown()).min(1).max(IMPORT_ARTICLES_LIMIT), rows);
  const issues: ValidationIssue[] = [];
  const issue = (index: number, path: string, message: string) =>
    issues.push({ code: "custom", path: [index, path], message, input: undefined } as ValidationIssue);
  const parsed = list.map((row, index) => {
    const result = importArticleSchema.safeParse(row);
    if (!result.success) {
      for (const i of result.error.issues) issues.push({ ...i, path: [index, ...i.path] } as ValidationIssue);
      return null;
    }
    const value = result.data;
    if ((value.status ?? "published") === "published") {
      if (!value.categoryId) issue(index, "categoryId", "A published article needs a category");
      if ((value.body ?? "").trim() === "") issue(index, "body", "A published article needs a body");
    }
    return value;
  });
  const db = knowledgeDb(op);
  const categoryIds = [...new Set(parsed.flatMap((r) => (r?.categoryId ? [r.categoryId] : [])))];
  if (categoryIds.length > 0) {
    const found = new Set(
      (
        await db
          .selectFrom("service_knowledge_categories")
          .select("id")
          .where("tenant_id", "=", op.tenantId)
          .where("id", "in", categoryIds)
          .where("archived_at", "is", null)
          .execute()
      ).map((r) => r.id),
    );
    parsed.forEach((r, index) => {
      if (r?.categoryId && !found.has(r.categoryId)) issue(index, "categoryId", `Unknown category ${r.categoryId}`);
    });
  }
  const productIds = [...new Set(parsed.flatMap((r) => (r?.productId ? [r.productId] : [])))];
  if (productIds.length > 0) {
    const found = new Set(
      (
        await op.db
          .selectFrom("products")
          .select("id")
          .where("tenant_id", "=", op.tenantId)
          .where("id", "in", productIds)
          .execute()
      ).map((r: { id: string }) => r.id),
    );
    parsed.forEach((r, index) => {
      if (r?.productId && !found.has(r.productId)) issue(index, "productId", `Unknown product ${r.productId}`);
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return parsed as ParsedRow[];
}

/** Writes one batch: the articles through the record layer, then the version rows of the published ones. */
async function writeBatch(op: OperationContext, rows: readonly ParsedRow[]): Promise<KnowledgeArticle[]> {
  const values = rows.map(({ status, ...row }) => {
    const published = (status ?? "published") === "published";
    return {
      ...row,
      status: published ? "published" : "draft",
      publishedVersion: published ? 1 : null,
      publishedAt: published ? op.timestamp : null,
    };
  });
  const records = await op.records(articleEntity).insert(values, {
    events: (article) =>
      article.status === "published"
        ? [{ type: "knowledge_article.published", data: { id: article.id, version: article.version, number: 1 } }]
        : [],
  });
  const versions = records
    .filter((article) => article.status === "published")
    .map((article) => ({
      tenant_id: op.tenantId,
      article_id: article.id,
      number: 1,
      title: article.title,
      summary: article.summary,
      body: article.body,
      format: article.format,
      category_id: article.categoryId,
      product_id: article.productId,
      language: article.language,
      visibility: article.visibility,
      record_version: article.version,
      published_at: op.timestamp,
      published_by: op.actor.userId,
    }));
  if (versions.length > 0) await insertRows(op, "service_knowledge_versions", versions);
  return records;
}

/**
 * Imports articles in batches, one transaction per batch, published (with version 1) unless
 * a row says `status: "draft"`. Needs `knowledge_article:create`, and `knowledge_article:approve`
 * when a row is published. Every row is checked before the first batch, so bad input writes
 * nothing; a batch that fails later (a duplicate external id) rolls back alone — the batches
 * reported by `onProgress` before it stay committed.
 *
 * @example
 * ```ts
 * await admin.service.knowledge.importArticles(rows, { batchSize: 500, onProgress: ({ done, total }) => bar.update(done / total) });
 * ```
 */
export async function importArticles(
  ctx: ModuleContext,
  rows: readonly ImportArticleInput[],
  options: ImportArticlesOptions = {},
): Promise<ImportArticlesResult> {
  const { onProgress, batchSize } = parseInput(importOptionsSchema, options);
  const parsed = await ctx.read(async (op) => {
    await op.authorize("knowledge_article:create");
    const checked = await checkRows(op, rows);
    if (checked.some((r) => (r.status ?? "published") === "published")) await op.authorize("knowledge_article:approve");
    return checked;
  });
  const ids: string[] = [];
  let published = 0;
  let batches = 0;
  for (let start = 0; start < parsed.length; start += batchSize) {
    const batch = parsed.slice(start, start + batchSize);
    const written = await ctx.run((op) => writeBatch(op, batch));
    batches += 1;
    for (const article of written) {
      ids.push(article.id);
      if (article.status === "published") published += 1;
    }
    onProgress?.({ done: ids.length, total: parsed.length, batches });
  }
  return { ids, published, drafts: ids.length - published };
}
