import type { Kysely } from "kysely";
import * as z from "zod";
import { defineEntity } from "../../entities/entity-definition.js";
import { createEntityService } from "../../entities/entity-service.js";
import { field } from "../../entities/fields.js";
import { defineModule } from "../../kernel/define-module.js";
import type { EntitySearchRequest } from "../../search/entity-search.js";
import { withRecordColumns } from "../../storage/record-table.js";

/** A searchable entity of the search suite: title, summary and body text, filtered by status and language. */
export const probeArticleEntity = defineEntity({
  type: "probe_article",
  table: "probe_articles",
  idPrefix: "part",
  fields: {
    title: field.text(),
    summary: field.nullableText(),
    body: field.text(),
    status: field.text({ default: "draft" }),
    language: field.text({ default: "en" }),
    ownerId: field.nullableText(),
  },
  createSchema: z
    .object({
      title: z.string().min(1).max(500),
      summary: z.string().max(2_000).nullable().optional(),
      body: z.string().max(100_000),
      status: z.enum(["draft", "published"]).optional(),
      language: z.string().min(2).max(10).optional(),
    })
    .strict(),
  patchSchema: z
    .object({
      title: z.string().min(1).max(500),
      summary: z.string().max(2_000).nullable(),
      body: z.string().max(100_000),
      language: z.string().min(2).max(10),
    })
    .partial()
    .strict(),
  ownerField: "ownerId",
  search: { title: "title", body: ["summary", "body"], filters: ["status", "language"] },
});

/** A plugin with one searchable entity, written with the public module API only. */
export const searchProbeModule = () =>
  defineModule({
    name: "articles",
    migrations: [
      {
        name: "001_probe_articles",
        async up(db: Kysely<any>) {
          await withRecordColumns(db.schema.createTable("probe_articles"), "probe_articles")
            .addColumn("title", "text", (c) => c.notNull())
            .addColumn("summary", "text")
            .addColumn("body", "text", (c) => c.notNull())
            .addColumn("status", "text", (c) => c.notNull())
            .addColumn("language", "text", (c) => c.notNull())
            .addColumn("owner_id", "text")
            .execute();
        },
      },
    ],
    entities: [probeArticleEntity],
    permissions: {
      entities: { probe_article: ["create", "read", "update", "archive", "publish"] },
      roles: { sales_rep: { "probe_article:*": "own" }, admin: { "probe_article:*": "all" } },
    },
    client: (ctx) => ({
      ...createEntityService(ctx, probeArticleEntity),
      /** Searches articles through `op.search`. */
      search: (request: EntitySearchRequest) => ctx.read((op) => op.search(probeArticleEntity, request)),
      /** Publishes a draft through the record layer's transition. */
      publish: (id: string) =>
        ctx.run(async (op) => {
          const articles = op.records(probeArticleEntity);
          const before = await articles.loadForChange(id, { authorize: "publish" });
          return articles.shown(
            await articles.transition(before, { verb: "publish", from: ["draft"], to: "published" }),
          );
        }),
      /** Brings an archived article back through the record layer. */
      restore: (id: string) =>
        ctx.run(async (op) => {
          const articles = op.records(probeArticleEntity);
          const before = await articles.loadForChange(id, { authorize: "archive", allowArchived: true });
          return articles.shown(await articles.change(before, { archivedAt: null }, { action: "restore" }));
        }),
    }),
  });
