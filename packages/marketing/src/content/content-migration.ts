import { type Migration, withRecordColumns } from "@rapport/core";

/** The content library and the items attached to sales stages. */
export const contentMigration: Migration = {
  name: "content_001_library",
  async up(db) {
    await withRecordColumns(db.schema.createTable("marketing_content_items"), "marketing_content_items")
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("summary", "text")
      .addColumn("body", "text")
      .addColumn("product_id", "text")
      .addColumn("competitor_account_id", "text")
      .addColumn("language", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("asset_file_name", "text")
      .addColumn("asset_mime_type", "text")
      .addColumn("asset_size_bytes", "bigint")
      .addColumn("asset_url", "text")
      .addColumn("owner_id", "text")
      .addForeignKeyConstraint("marketing_content_items_product_fk", ["tenant_id", "product_id"], "products", [
        "tenant_id",
        "id",
      ])
      .addForeignKeyConstraint(
        "marketing_content_items_competitor_fk",
        ["tenant_id", "competitor_account_id"],
        "accounts",
        ["tenant_id", "id"],
      )
      .execute();
    for (const [name, columns] of [
      ["product", ["tenant_id", "product_id"]],
      ["competitor", ["tenant_id", "competitor_account_id"]],
      ["kind", ["tenant_id", "kind", "status"]],
    ] as const) {
      await db.schema
        .createIndex(`marketing_content_items_${name}`)
        .on("marketing_content_items")
        .columns([...columns])
        .execute();
    }
    // Stages belong to sales: no foreign key to its tables, the verb checks the stage through sales' client.
    await db.schema
      .createTable("marketing_content_stages")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("pipeline_id", "text", (c) => c.notNull())
      .addColumn("stage_key", "text", (c) => c.notNull())
      .addColumn("content_id", "text", (c) => c.notNull())
      .addColumn("attached_at", "text", (c) => c.notNull())
      .addColumn("attached_by", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("marketing_content_stages_pk", ["tenant_id", "pipeline_id", "stage_key", "content_id"])
      .addForeignKeyConstraint(
        "marketing_content_stages_content_fk",
        ["tenant_id", "content_id"],
        "marketing_content_items",
        ["tenant_id", "id"],
      )
      .execute();
    await db.schema
      .createIndex("marketing_content_stages_content")
      .on("marketing_content_stages")
      .columns(["tenant_id", "content_id"])
      .execute();
  },
};
