/**
 * The bench's own plugin: a searchable article entity, and a twin without the `search`
 * option so the index's share of the write cost can be measured.
 */
import { createEntityService, defineEntity, defineModule, field, withRecordColumns } from "@rapport/core";
import * as z from "zod";

const fields = {
  title: field.text(),
  summary: field.nullableText(),
  body: field.text(),
  status: field.text({ default: "draft" }),
};

const createSchema = z
  .object({
    title: z.string().min(1).max(500),
    summary: z.string().max(2_000).nullable().optional(),
    body: z.string().max(100_000),
    status: z.enum(["draft", "published"]).optional(),
  })
  .strict();

/** Articles, searchable by title, summary and body, filtered by status. */
export const benchArticle = defineEntity({
  type: "bench_article",
  table: "bench_articles",
  idPrefix: "bart",
  fields,
  createSchema,
  patchSchema: createSchema.partial(),
  search: { title: "title", body: ["summary", "body"], filters: ["status"] },
});

/** The same articles with no search index. */
export const benchPlainArticle = defineEntity({
  type: "bench_plain_article",
  table: "bench_plain_articles",
  idPrefix: "bpart",
  fields,
  createSchema,
  patchSchema: createSchema.partial(),
});

/** @param {import("@rapport/core").OperationContext["db"]} db @param {string} table */
const articleTable = (db, table) =>
  withRecordColumns(db.schema.createTable(table), table)
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("summary", "text")
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .execute();

/** The plugin: `client.kb.articles`, `client.kb.plain`, and `client.kb.search(request)` (through `op.search`). */
export const benchSearchModule = () =>
  defineModule({
    name: "kb",
    migrations: [
      {
        name: "001_bench_articles",
        /** @param {import("@rapport/core").OperationContext["db"]} db */
        async up(db) {
          await articleTable(db, "bench_articles");
          await articleTable(db, "bench_plain_articles");
        },
      },
    ],
    entities: [benchArticle, benchPlainArticle],
    permissions: {
      entities: { bench_article: ["create", "read", "update", "archive"], bench_plain_article: ["create", "read"] },
      roles: { admin: { "bench_article:*": "all", "bench_plain_article:*": "all" } },
    },
    client: (ctx) => ({
      articles: createEntityService(ctx, benchArticle),
      plain: createEntityService(ctx, benchPlainArticle),
      /** @param {import("@rapport/core").EntitySearchRequest} request */
      search: (request) => ctx.read((op) => op.search(benchArticle, request)),
    }),
  });
