import { type Migration, withRecordColumns } from "@rapport/core";

/** Territories. */
export const territoriesMigration: Migration = {
  name: "004_territories",
  async up(db) {
    await withRecordColumns(db.schema.createTable("sales_territories"), "sales_territories")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("description", "text")
      .addColumn("countries", "text", (c) => c.notNull().defaultTo("[]"))
      .addColumn("user_ids", "text", (c) => c.notNull().defaultTo("[]"))
      .execute();
    await db.schema
      .createIndex("sales_territories_created")
      .on("sales_territories")
      .columns(["tenant_id", "created_at", "id"])
      .execute();
  },
};
