import { type Migration, withRecordColumns } from "@rapport/core";

/** Lead rules, leads and web-to-lead captures. */
export const leadsMigration: Migration = {
  name: "005_leads",
  async up(db) {
    await withRecordColumns(db.schema.createTable("sales_lead_rules"), "sales_lead_rules")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("priority", "integer", (c) => c.notNull())
      .addColumn("active", "integer", (c) => c.notNull())
      .addColumn("match", "text", (c) => c.notNull())
      .addColumn("strategy", "text", (c) => c.notNull())
      .addColumn("user_ids", "text", (c) => c.notNull())
      .addColumn("auto_convert", "integer", (c) => c.notNull())
      .addColumn("convert_pipeline_id", "text")
      // The round-robin position: bookkeeping outside the record's fields and versions.
      .addColumn("rr_counter", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex("sales_lead_rules_priority")
      .on("sales_lead_rules")
      .columns(["tenant_id", "priority", "id"])
      .execute();

    await withRecordColumns(db.schema.createTable("sales_leads"), "sales_leads")
      .addColumn("first_name", "text")
      .addColumn("last_name", "text")
      .addColumn("company", "text")
      .addColumn("title", "text")
      .addColumn("email", "text")
      .addColumn("phone", "text")
      .addColumn("country", "text")
      .addColumn("product_interests", "text", (c) => c.notNull().defaultTo("[]"))
      .addColumn("message", "text")
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("source_detail", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("disqualified_reason", "text")
      .addColumn("owner_id", "text")
      .addColumn("territory_id", "text")
      .addColumn("rule_id", "text")
      .addColumn("contact_id", "text")
      .addColumn("converted_at", "text")
      .addColumn("converted_account_id", "text")
      .addColumn("converted_contact_id", "text")
      .addColumn("converted_opportunity_id", "text")
      .execute();
    await db.schema
      .createIndex("sales_leads_created")
      .on("sales_leads")
      .columns(["tenant_id", "created_at", "id"])
      .execute();
    await db.schema.createIndex("sales_leads_email").on("sales_leads").columns(["tenant_id", "email"]).execute();
    await db.schema.createIndex("sales_leads_phone").on("sales_leads").columns(["tenant_id", "phone"]).execute();
    await db.schema
      .createIndex("sales_leads_owner")
      .on("sales_leads")
      .columns(["tenant_id", "owner_id", "status"])
      .execute();

    await db.schema
      .createTable("sales_lead_captures")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("rapport_tenants.tenant_id"))
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("idempotency_key", "text")
      .addColumn("payload_hash", "text", (c) => c.notNull())
      .addColumn("outcome", "text", (c) => c.notNull())
      .addColumn("lead_id", "text")
      .addColumn("contact_id", "text")
      .addColumn("opportunity_id", "text")
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("payload", "text", (c) => c.notNull())
      .addColumn("received_at", "text", (c) => c.notNull())
      .addColumn("actor_id", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("sales_lead_captures_pk", ["tenant_id", "id"])
      // One capture per key and tenant: concurrent captures with one key race on this constraint.
      .addUniqueConstraint("sales_lead_captures_key", ["tenant_id", "idempotency_key"])
      .execute();
    await db.schema
      .createIndex("sales_lead_captures_lead")
      .on("sales_lead_captures")
      .columns(["tenant_id", "lead_id"])
      .execute();
  },
};
