import type { Migration } from "@rapport/core";
import { withRecordColumns } from "@rapport/core";

/** Routing rule sets, and the log of inbound requests with where each went. */
export const routingMigration: Migration = {
  name: "008_routing",
  async up(db) {
    await withRecordColumns(db.schema.createTable("service_routing_rule_sets"), "service_routing_rule_sets")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("is_entry", "integer", (c) => c.notNull())
      .addColumn("calendar_id", "text")
      .addColumn("rules", "text", (c) => c.notNull())
      .addColumn("fallback", "text", (c) => c.notNull())
      .addForeignKeyConstraint(
        "service_routing_rule_sets_calendar_fk",
        ["tenant_id", "calendar_id"],
        "service_business_calendars",
        ["tenant_id", "id"],
      )
      .execute();
    await db.schema
      .createIndex("service_routing_rule_sets_entry")
      .on("service_routing_rule_sets")
      .columns(["tenant_id", "is_entry"])
      .execute();

    await db.schema
      .createTable("service_intakes")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("channel", "text", (c) => c.notNull())
      .addColumn("idempotency_key", "text")
      .addColumn("payload_hash", "text", (c) => c.notNull())
      .addColumn("received_at", "text", (c) => c.notNull())
      .addColumn("actor_id", "text", (c) => c.notNull())
      .addColumn("rule_set_id", "text")
      .addColumn("rule_name", "text")
      .addColumn("destination", "text", (c) => c.notNull())
      .addColumn("case_id", "text")
      .addColumn("lead_id", "text")
      .addColumn("queue_id", "text")
      .addColumn("agent_id", "text")
      .addColumn("call_id", "text")
      .addColumn("note", "text")
      .addPrimaryKeyConstraint("service_intakes_pk", ["tenant_id", "id"])
      .execute();
    // NULL keys never collide, so requests without a key are not constrained.
    await db.schema
      .createIndex("service_intakes_key")
      .unique()
      .on("service_intakes")
      .columns(["tenant_id", "idempotency_key"])
      .execute();
    await db.schema
      .createIndex("service_intakes_received")
      .on("service_intakes")
      .columns(["tenant_id", "received_at", "id"])
      .execute();
  },
};
