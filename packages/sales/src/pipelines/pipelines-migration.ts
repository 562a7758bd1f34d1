import { type Migration, withRecordColumns } from "@rapport/core";

/** Pipelines and their stages. */
export const pipelinesMigration: Migration = {
  name: "001_pipelines",
  async up(db) {
    await withRecordColumns(db.schema.createTable("sales_pipelines"), "sales_pipelines")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("description", "text")
      .addColumn("is_default", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex("sales_pipelines_created")
      .on("sales_pipelines")
      .columns(["tenant_id", "created_at", "id"])
      .execute();
    await db.schema
      .createTable("sales_stages")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("pipeline_id", "text", (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("position", "integer", (c) => c.notNull())
      .addColumn("probability", "integer", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("required_fields", "text", (c) => c.notNull().defaultTo("[]"))
      .addColumn("retired_at", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("sales_stages_pk", ["tenant_id", "id"])
      .addUniqueConstraint("sales_stages_key", ["tenant_id", "pipeline_id", "key"])
      .addForeignKeyConstraint("sales_stages_pipeline", ["tenant_id", "pipeline_id"], "sales_pipelines", [
        "tenant_id",
        "id",
      ])
      .execute();
  },
};
