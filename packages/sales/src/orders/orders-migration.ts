import { type Migration, withRecordColumns } from "@rapport/core";
import { withPricedLineColumns } from "../line-items/line-items-migration.js";

/** Sales orders and their frozen lines. */
export const ordersMigration: Migration = {
  name: "024_orders",
  async up(db) {
    await withRecordColumns(db.schema.createTable("sales_orders"), "sales_orders")
      .addColumn("number", "integer", (c) => c.notNull())
      .addColumn("account_id", "text", (c) => c.notNull())
      .addColumn("contact_id", "text")
      .addColumn("opportunity_id", "text")
      .addColumn("quote_id", "text")
      .addColumn("owner_id", "text")
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("order_date", "text", (c) => c.notNull())
      .addColumn("header_discount", "integer", (c) => c.notNull())
      .addColumn("subtotal", "bigint", (c) => c.notNull())
      .addColumn("discount_total", "bigint", (c) => c.notNull())
      .addColumn("net_total", "bigint", (c) => c.notNull())
      .addColumn("tax_total", "bigint", (c) => c.notNull())
      .addColumn("grand_total", "bigint", (c) => c.notNull())
      .addColumn("channel", "text", (c) => c.notNull())
      .addColumn("partner_id", "text")
      .addColumn("notes", "text")
      .addColumn("confirmed_at", "text")
      .addColumn("fulfilled_at", "text")
      .addColumn("cancelled_at", "text")
      .addColumn("cancel_reason", "text")
      .addForeignKeyConstraint("sales_orders_account", ["tenant_id", "account_id"], "accounts", ["tenant_id", "id"])
      .addForeignKeyConstraint("sales_orders_quote", ["tenant_id", "quote_id"], "sales_quotes", ["tenant_id", "id"])
      .execute();
    await db.schema
      .createIndex("sales_orders_number")
      .unique()
      .on("sales_orders")
      .columns(["tenant_id", "number"])
      .execute();
    await db.schema
      .createIndex("sales_orders_created")
      .on("sales_orders")
      .columns(["tenant_id", "created_at", "id"])
      .execute();
    await db.schema.createIndex("sales_orders_owner").on("sales_orders").columns(["tenant_id", "owner_id"]).execute();
    await db.schema.createIndex("sales_orders_quote").on("sales_orders").columns(["tenant_id", "quote_id"]).execute();
    await db.schema
      .createIndex("sales_orders_partner")
      .on("sales_orders")
      .columns(["tenant_id", "partner_id", "order_date"])
      .execute();

    await withPricedLineColumns(db.schema.createTable("sales_order_lines"), "sales_order_lines")
      .addColumn("order_id", "text", (c) => c.notNull())
      .addColumn("tax_rate", "integer", (c) => c.notNull())
      .addColumn("tax_amount", "bigint", (c) => c.notNull())
      .addColumn("total_amount", "bigint", (c) => c.notNull())
      .addColumn("fulfilled_quantity", "bigint", (c) => c.notNull())
      .addForeignKeyConstraint("sales_order_lines_order", ["tenant_id", "order_id"], "sales_orders", [
        "tenant_id",
        "id",
      ])
      .execute();
    await db.schema
      .createIndex("sales_order_lines_order")
      .on("sales_order_lines")
      .columns(["tenant_id", "order_id", "position"])
      .execute();
  },
};
