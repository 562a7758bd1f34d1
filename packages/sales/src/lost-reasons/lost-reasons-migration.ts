import { type Migration, withRecordColumns } from "@rapport/core";

/** The tenant's lost reasons. */
export const lostReasonsMigration: Migration = {
  name: "003_lost_reasons",
  async up(db) {
    await withRecordColumns(db.schema.createTable("sales_lost_reasons"), "sales_lost_reasons")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("description", "text")
      .execute();
    await db.schema
      .createIndex("sales_lost_reasons_created")
      .on("sales_lost_reasons")
      .columns(["tenant_id", "created_at", "id"])
      .execute();
  },
};
