import type { Migration } from "@rapport/core";

/** Per-tenant sales settings and the document number counters. */
export const settingsMigration: Migration = {
  name: "020_sales_settings",
  async up(db) {
    await db.schema
      .createTable("sales_settings")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("corporate_currency", "text")
      .addColumn("discount_approval_limit", "integer", (c) => c.notNull())
      .addColumn("quote_validity_days", "integer", (c) => c.notNull())
      .addColumn("renewal_notice_days", "integer", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("updated_by", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("sales_settings_pk", ["tenant_id"])
      .addForeignKeyConstraint("sales_settings_tenant", ["tenant_id"], "rapport_tenants", ["tenant_id"])
      .execute();
    await db.schema
      .createTable("sales_counters")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("series", "text", (c) => c.notNull())
      .addColumn("value", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("sales_counters_pk", ["tenant_id", "series"])
      .addForeignKeyConstraint("sales_counters_tenant", ["tenant_id"], "rapport_tenants", ["tenant_id"])
      .execute();
  },
};
