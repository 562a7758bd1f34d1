import { type Migration, withRecordColumns } from "@rapport/core";

/** Partners, deal registrations, and channel attribution on opportunities. */
export const partnersMigration: Migration = {
  name: "025_partners",
  async up(db) {
    await withRecordColumns(db.schema.createTable("sales_partners"), "sales_partners")
      .addColumn("account_id", "text", (c) => c.notNull())
      .addColumn("partner_type", "text", (c) => c.notNull())
      .addColumn("tier", "text", (c) => c.notNull())
      .addColumn("active", "integer", (c) => c.notNull())
      .addColumn("owner_id", "text")
      .addColumn("notes", "text")
      .addForeignKeyConstraint("sales_partners_account", ["tenant_id", "account_id"], "accounts", ["tenant_id", "id"])
      .execute();
    await db.schema
      .createIndex("sales_partners_account")
      .unique()
      .on("sales_partners")
      .columns(["tenant_id", "account_id"])
      .execute();
    await db.schema
      .createIndex("sales_partners_created")
      .on("sales_partners")
      .columns(["tenant_id", "created_at", "id"])
      .execute();

    await withRecordColumns(db.schema.createTable("sales_deal_registrations"), "sales_deal_registrations")
      .addColumn("partner_id", "text", (c) => c.notNull())
      .addColumn("account_id", "text", (c) => c.notNull())
      .addColumn("opportunity_id", "text")
      .addColumn("deal_name", "text")
      .addColumn("amount", "bigint")
      .addColumn("currency", "text")
      .addColumn("close_date", "text")
      .addColumn("notes", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("conflicts", "text", (c) => c.notNull())
      .addColumn("owner_id", "text")
      .addColumn("decided_at", "text")
      .addColumn("decided_by", "text")
      .addColumn("decision_note", "text")
      .addForeignKeyConstraint("sales_deal_registrations_partner", ["tenant_id", "partner_id"], "sales_partners", [
        "tenant_id",
        "id",
      ])
      .execute();
    await db.schema
      .createIndex("sales_deal_registrations_account")
      .on("sales_deal_registrations")
      .columns(["tenant_id", "account_id", "status"])
      .execute();
    await db.schema
      .createIndex("sales_deal_registrations_partner")
      .on("sales_deal_registrations")
      .columns(["tenant_id", "partner_id", "created_at"])
      .execute();
    await db.schema
      .createIndex("sales_deal_registrations_created")
      .on("sales_deal_registrations")
      .columns(["tenant_id", "created_at", "id"])
      .execute();

    await db.schema.alterTable("sales_opportunities").addColumn("partner_id", "text").execute();
    await db.schema.alterTable("sales_opportunities").addColumn("channel", "text").execute();
    await db.schema
      .createIndex("sales_opportunities_partner")
      .on("sales_opportunities")
      .columns(["tenant_id", "partner_id", "status", "close_date"])
      .execute();
  },
};
