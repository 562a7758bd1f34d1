import { type Migration, withRecordColumns } from "@rapport/core";

/** Sales contracts. */
export const contractsMigration: Migration = {
  name: "026_contracts",
  async up(db) {
    await withRecordColumns(db.schema.createTable("sales_contracts"), "sales_contracts")
      .addColumn("number", "integer", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("account_id", "text", (c) => c.notNull())
      .addColumn("contact_id", "text")
      .addColumn("opportunity_id", "text")
      .addColumn("order_id", "text")
      .addColumn("owner_id", "text")
      .addColumn("start_date", "text", (c) => c.notNull())
      .addColumn("end_date", "text", (c) => c.notNull())
      .addColumn("value", "bigint", (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("billing_frequency", "text", (c) => c.notNull())
      .addColumn("auto_renew", "integer", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("renewal_notice_days", "integer", (c) => c.notNull())
      .addColumn("renewal_due_on", "text", (c) => c.notNull())
      .addColumn("renewal_notified_at", "text")
      .addColumn("activated_at", "text")
      .addColumn("ended_at", "text")
      .addColumn("termination_reason", "text")
      .addColumn("previous_contract_id", "text")
      .addColumn("next_contract_id", "text")
      .addColumn("renewal_opportunity_id", "text")
      .addForeignKeyConstraint("sales_contracts_account", ["tenant_id", "account_id"], "accounts", ["tenant_id", "id"])
      .addForeignKeyConstraint("sales_contracts_order", ["tenant_id", "order_id"], "sales_orders", ["tenant_id", "id"])
      .execute();
    await db.schema
      .createIndex("sales_contracts_number")
      .unique()
      .on("sales_contracts")
      .columns(["tenant_id", "number"])
      .execute();
    await db.schema
      .createIndex("sales_contracts_created")
      .on("sales_contracts")
      .columns(["tenant_id", "created_at", "id"])
      .execute();
    await db.schema
      .createIndex("sales_contracts_account")
      .on("sales_contracts")
      .columns(["tenant_id", "account_id"])
      .execute();
    // The terms job reads active contracts by renewal date and by end date.
    await db.schema
      .createIndex("sales_contracts_renewal")
      .on("sales_contracts")
      .columns(["tenant_id", "status", "renewal_due_on"])
      .execute();
    await db.schema
      .createIndex("sales_contracts_end")
      .on("sales_contracts")
      .columns(["tenant_id", "status", "end_date"])
      .execute();
  },
};
