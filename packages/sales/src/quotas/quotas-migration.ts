import { type Migration, withRecordColumns } from "@rapport/core";

/** Sales quotas per user or team per period. */
export const quotasMigration: Migration = {
  name: "027_quotas",
  async up(db) {
    await withRecordColumns(db.schema.createTable("sales_quotas"), "sales_quotas")
      .addColumn("subject_type", "text", (c) => c.notNull())
      .addColumn("user_id", "text")
      .addColumn("team_id", "text")
      .addColumn("period_type", "text", (c) => c.notNull())
      .addColumn("period_start", "text", (c) => c.notNull())
      .addColumn("period_end", "text", (c) => c.notNull())
      .addColumn("measure", "text", (c) => c.notNull())
      .addColumn("target", "bigint", (c) => c.notNull())
      .addColumn("currency", "text")
      .execute();
    await db.schema
      .createIndex("sales_quotas_created")
      .on("sales_quotas")
      .columns(["tenant_id", "created_at", "id"])
      .execute();
    // The overlap check and the forecast read quotas by subject and period.
    await db.schema
      .createIndex("sales_quotas_user")
      .on("sales_quotas")
      .columns(["tenant_id", "user_id", "measure", "period_start"])
      .execute();
    await db.schema
      .createIndex("sales_quotas_team")
      .on("sales_quotas")
      .columns(["tenant_id", "team_id", "measure", "period_start"])
      .execute();
  },
};
