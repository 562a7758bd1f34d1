import { type Migration, withRecordColumns } from "@rapport/core";

/** Duplicate rules (records) and the alerts their `alert` rules record. */
export const duplicateRulesMigration: Migration = {
  name: "cleansing_rules_001_duplicate_rules",
  async up(db) {
    await withRecordColumns(db.schema.createTable("cleansing_duplicate_rules"), "cleansing_duplicate_rules")
      .addColumn("entity_type", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("threshold", "text", (c) => c.notNull())
      .addColumn("fields", "text", (c) => c.notNull())
      .addColumn("default_country", "text")
      .addColumn("active", "integer", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("cleansing_duplicate_rules_type")
      .on("cleansing_duplicate_rules")
      .columns(["tenant_id", "entity_type", "active"])
      .execute();
    await db.schema
      .createTable("cleansing_duplicate_alerts")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("rule_id", "text", (c) => c.notNull())
      .addColumn("entity_type", "text", (c) => c.notNull())
      .addColumn("record_id", "text", (c) => c.notNull())
      .addColumn("operation", "text", (c) => c.notNull())
      .addColumn("candidates", "text", (c) => c.notNull())
      .addColumn("detected_at", "text", (c) => c.notNull())
      .addColumn("actor_id", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("cleansing_duplicate_alerts_pk", ["tenant_id", "id"])
      .execute();
    await db.schema
      .createIndex("cleansing_duplicate_alerts_record")
      .on("cleansing_duplicate_alerts")
      .columns(["tenant_id", "record_id", "id"])
      .execute();
  },
};

/** An alert's row. */
export interface DuplicateAlertRow {
  tenant_id: string;
  id: string;
  rule_id: string;
  entity_type: string;
  /** The record written (its id assigned before the insert on create). */
  record_id: string;
  /** `create` or `update`. */
  operation: string;
  /** JSON: `{ id, score }[]`, best first. */
  candidates: string;
  detected_at: string;
  actor_id: string;
}

/** The alert table. */
export interface DuplicateAlertTables {
  cleansing_duplicate_alerts: DuplicateAlertRow;
}
