import { type Migration, withRecordColumns } from "@rapport/core";

/** Business calendars: working hours and holidays as JSON, in an IANA time zone. */
export const calendarsMigration: Migration = {
  name: "001_business_calendars",
  async up(db) {
    await withRecordColumns(db.schema.createTable("service_business_calendars"), "service_business_calendars")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("time_zone", "text", (c) => c.notNull())
      .addColumn("working_hours", "text", (c) => c.notNull())
      .addColumn("holidays", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("service_business_calendars_name")
      .on("service_business_calendars")
      .columns(["tenant_id", "name", "id"])
      .execute();
  },
};
