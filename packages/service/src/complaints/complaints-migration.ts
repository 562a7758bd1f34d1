import { type Migration, withRecordColumns } from "@rapport/core";

/** Escalation rules of complaints. */
export const complaintsMigration: Migration = {
  name: "006_escalation_rules",
  async up(db) {
    await withRecordColumns(db.schema.createTable("service_escalation_rules"), "service_escalation_rules")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("trigger", "text", (c) => c.notNull())
      .addColumn("severities", "text", (c) => c.notNull())
      .addColumn("after_minutes", "integer")
      .addColumn("to_level", "text", (c) => c.notNull())
      .addColumn("queue_id", "text")
      .addColumn("active", "integer", (c) => c.notNull())
      .addForeignKeyConstraint("service_escalation_rules_queue_fk", ["tenant_id", "queue_id"], "service_queues", [
        "tenant_id",
        "id",
      ])
      .execute();
    await db.schema
      .createIndex("service_escalation_rules_trigger")
      .on("service_escalation_rules")
      .columns(["tenant_id", "trigger", "active"])
      .execute();
  },
};
