import { type Migration, withRecordColumns } from "@rapport/core";

/** The knowledge base: categories, articles with their published versions, feedback, case links and view counts. */
export const knowledgeMigration: Migration = {
  name: "011_knowledge",
  async up(db) {
    await withRecordColumns(db.schema.createTable("service_knowledge_categories"), "service_knowledge_categories")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("description", "text")
      .addColumn("parent_id", "text")
      .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
      .addForeignKeyConstraint(
        "service_knowledge_categories_parent_fk",
        ["tenant_id", "parent_id"],
        "service_knowledge_categories",
        ["tenant_id", "id"],
      )
      .execute();
    await db.schema
      .createIndex("service_knowledge_categories_parent")
      .on("service_knowledge_categories")
      .columns(["tenant_id", "parent_id", "position"])
      .execute();

    await withRecordColumns(db.schema.createTable("service_knowledge_articles"), "service_knowledge_articles")
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("summary", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("format", "text", (c) => c.notNull())
      .addColumn("category_id", "text")
      .addColumn("product_id", "text")
      .addColumn("language", "text", (c) => c.notNull())
      .addColumn("visibility", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("published_version", "integer")
      .addColumn("published_at", "text")
      .addColumn("owner_id", "text")
      .addColumn("source_url", "text")
      .addColumn("attribution", "text")
      .addForeignKeyConstraint(
        "service_knowledge_articles_category_fk",
        ["tenant_id", "category_id"],
        "service_knowledge_categories",
        ["tenant_id", "id"],
      )
      .addForeignKeyConstraint("service_knowledge_articles_product_fk", ["tenant_id", "product_id"], "products", [
        "tenant_id",
        "id",
      ])
      .execute();
    for (const [name, columns] of [
      ["audience", ["tenant_id", "status", "visibility", "id"]],
      ["category", ["tenant_id", "category_id", "id"]],
      ["product", ["tenant_id", "product_id", "id"]],
    ] as const) {
      await db.schema
        .createIndex(`service_knowledge_articles_${name}`)
        .on("service_knowledge_articles")
        .columns([...columns])
        .execute();
    }

    await db.schema
      .createTable("service_knowledge_versions")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("article_id", "text", (c) => c.notNull())
      .addColumn("number", "integer", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("summary", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("format", "text", (c) => c.notNull())
      .addColumn("category_id", "text")
      .addColumn("product_id", "text")
      .addColumn("language", "text", (c) => c.notNull())
      .addColumn("visibility", "text", (c) => c.notNull())
      .addColumn("record_version", "integer", (c) => c.notNull())
      .addColumn("published_at", "text", (c) => c.notNull())
      .addColumn("published_by", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("service_knowledge_versions_pk", ["tenant_id", "article_id", "number"])
      .addForeignKeyConstraint(
        "service_knowledge_versions_article_fk",
        ["tenant_id", "article_id"],
        "service_knowledge_articles",
        ["tenant_id", "id"],
      )
      .execute();

    await withRecordColumns(db.schema.createTable("service_knowledge_feedback"), "service_knowledge_feedback")
      .addColumn("article_id", "text", (c) => c.notNull())
      .addColumn("helpful", "integer", (c) => c.notNull())
      .addColumn("comment", "text")
      .addForeignKeyConstraint(
        "service_knowledge_feedback_article_fk",
        ["tenant_id", "article_id"],
        "service_knowledge_articles",
        ["tenant_id", "id"],
      )
      .execute();
    await db.schema
      .createIndex("service_knowledge_feedback_article")
      .on("service_knowledge_feedback")
      .columns(["tenant_id", "article_id", "helpful"])
      .execute();

    await db.schema
      .createTable("service_knowledge_case_links")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("article_id", "text", (c) => c.notNull())
      .addColumn("case_id", "text", (c) => c.notNull())
      .addColumn("linked_by", "text", (c) => c.notNull())
      .addColumn("linked_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("service_knowledge_case_links_pk", ["tenant_id", "article_id", "case_id"])
      .addForeignKeyConstraint(
        "service_knowledge_case_links_article_fk",
        ["tenant_id", "article_id"],
        "service_knowledge_articles",
        ["tenant_id", "id"],
      )
      .addForeignKeyConstraint("service_knowledge_case_links_case_fk", ["tenant_id", "case_id"], "service_cases", [
        "tenant_id",
        "id",
      ])
      .execute();
    await db.schema
      .createIndex("service_knowledge_case_links_case")
      .on("service_knowledge_case_links")
      .columns(["tenant_id", "case_id", "article_id"])
      .execute();

    await db.schema
      .createTable("service_knowledge_views")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("article_id", "text", (c) => c.notNull())
      .addColumn("views", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("service_knowledge_views_pk", ["tenant_id", "article_id"])
      .addForeignKeyConstraint(
        "service_knowledge_views_article_fk",
        ["tenant_id", "article_id"],
        "service_knowledge_articles",
        ["tenant_id", "id"],
      )
      .execute();
  },
};
