import type { Migration } from "@rapport/core";

/** The tenant's letterhead for letters (one row per tenant). */
export const printMigration: Migration = {
  name: "content_002_letterhead",
  async up(db) {
    await db.schema
      .createTable("marketing_letterheads")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("legal_name", "text", (c) => c.notNull())
      .addColumn("address", "text", (c) => c.notNull())
      .addColumn("logo_url", "text")
      .addColumn("email", "text")
      .addColumn("phone", "text")
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("updated_by", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("marketing_letterheads_pk", ["tenant_id"])
      .addForeignKeyConstraint("marketing_letterheads_tenant", ["tenant_id"], "rapport_tenants", ["tenant_id"])
      .execute();
  },
};
