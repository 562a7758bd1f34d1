import { type Migration, withRecordColumns } from "@rapport/core";

/** Sales expenses. */
export const expensesMigration: Migration = {
  name: "028_expenses",
  async up(db) {
    await withRecordColumns(db.schema.createTable("sales_expenses"), "sales_expenses")
      .addColumn("owner_id", "text")
      .addColumn("opportunity_id", "text")
      .addColumn("account_id", "text", (c) => c.notNull())
      .addColumn("category", "text", (c) => c.notNull())
      .addColumn("amount", "bigint", (c) => c.notNull())
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("spent_on", "text", (c) => c.notNull())
      .addColumn("receipt_ref", "text")
      .addColumn("description", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("submitted_at", "text")
      .addColumn("decided_at", "text")
      .addColumn("decided_by", "text")
      .addColumn("decision_note", "text")
      .addForeignKeyConstraint("sales_expenses_account", ["tenant_id", "account_id"], "accounts", ["tenant_id", "id"])
      .addForeignKeyConstraint("sales_expenses_opportunity", ["tenant_id", "opportunity_id"], "sales_opportunities", [
        "tenant_id",
        "id",
      ])
      .execute();
    await db.schema
      .createIndex("sales_expenses_created")
      .on("sales_expenses")
      .columns(["tenant_id", "created_at", "id"])
      .execute();
    // Totals read by rep and day.
    await db.schema
      .createIndex("sales_expenses_owner")
      .on("sales_expenses")
      .columns(["tenant_id", "owner_id", "spent_on"])
      .execute();
  },
};
