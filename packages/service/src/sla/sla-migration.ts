import { type Migration, withRecordColumns } from "@rapport/core";

/** SLA policies: targets per priority as JSON, on a business calendar. */
export const slaPoliciesMigration: Migration = {
  name: "003_sla_policies",
  async up(db) {
    await withRecordColumns(db.schema.createTable("service_sla_policies"), "service_sla_policies")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("calendar_id", "text", (c) => c.notNull())
      .addColumn("warning_percent", "integer", (c) => c.notNull())
      .addColumn("targets", "text", (c) => c.notNull())
      .addColumn("is_default", "integer", (c) => c.notNull())
      .addForeignKeyConstraint(
        "service_sla_policies_calendar_fk",
        ["tenant_id", "calendar_id"],
        "service_business_calendars",
        ["tenant_id", "id"],
      )
      .execute();
    await db.schema
      .createIndex("service_sla_policies_default")
      .on("service_sla_policies")
      .columns(["tenant_id", "is_default"])
      .execute();
  },
};
