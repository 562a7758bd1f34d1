import { type Migration, withRecordColumns } from "@rapport/core";
import { withPricedLineColumns } from "../line-items/line-items-migration.js";

/** Quotes and their lines. */
export const quotesMigration: Migration = {
  name: "023_quotes",
  async up(db) {
    await withRecordColumns(db.schema.createTable("sales_quotes"), "sales_quotes")
      .addColumn("number", "integer", (c) => c.notNull())
      .addColumn("revision", "integer", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("account_id", "text", (c) => c.notNull())
      .addColumn("contact_id", "text")
      .addColumn("opportunity_id", "text")
      .addColumn("owner_id", "text")
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("price_book_id", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("header_discount", "integer", (c) => c.notNull())
      .addColumn("valid_until", "text", (c) => c.notNull())
      .addColumn("subtotal", "bigint", (c) => c.notNull())
      .addColumn("discount_total", "bigint", (c) => c.notNull())
      .addColumn("net_total", "bigint", (c) => c.notNull())
      .addColumn("tax_total", "bigint", (c) => c.notNull())
      .addColumn("grand_total", "bigint", (c) => c.notNull())
      .addColumn("max_discount", "integer", (c) => c.notNull())
      .addColumn("requires_approval", "integer", (c) => c.notNull())
      .addColumn("terms", "text")
      .addColumn("notes", "text")
      .addColumn("submitted_at", "text")
      .addColumn("approved_at", "text")
      .addColumn("approved_by", "text")
      .addColumn("sent_at", "text")
      .addColumn("decided_at", "text")
      .addColumn("decision_reason", "text")
      .addColumn("expired_at", "text")
      .addColumn("previous_revision_id", "text")
      .addColumn("superseded_by_id", "text")
      .addForeignKeyConstraint("sales_quotes_account", ["tenant_id", "account_id"], "accounts", ["tenant_id", "id"])
      .addForeignKeyConstraint("sales_quotes_opportunity", ["tenant_id", "opportunity_id"], "sales_opportunities", [
        "tenant_id",
        "id",
      ])
      .execute();
    // One quote per number and revision: the backstop behind the per-tenant counter.
    await db.schema
      .createIndex("sales_quotes_number")
      .unique()
      .on("sales_quotes")
      .columns(["tenant_id", "number", "revision"])
      .execute();
    await db.schema
      .createIndex("sales_quotes_created")
      .on("sales_quotes")
      .columns(["tenant_id", "created_at", "id"])
      .execute();
    await db.schema.createIndex("sales_quotes_owner").on("sales_quotes").columns(["tenant_id", "owner_id"]).execute();
    await db.schema
      .createIndex("sales_quotes_opportunity")
      .on("sales_quotes")
      .columns(["tenant_id", "opportunity_id"])
      .execute();
    // The expiry job reads sent quotes by validity date.
    await db.schema
      .createIndex("sales_quotes_validity")
      .on("sales_quotes")
      .columns(["tenant_id", "status", "valid_until"])
      .execute();

    await withPricedLineColumns(db.schema.createTable("sales_quote_lines"), "sales_quote_lines")
      .addColumn("quote_id", "text", (c) => c.notNull())
      .addColumn("tax_rate", "integer", (c) => c.notNull())
      .addColumn("tax_amount", "bigint", (c) => c.notNull())
      .addColumn("total_amount", "bigint", (c) => c.notNull())
      .addForeignKeyConstraint("sales_quote_lines_quote", ["tenant_id", "quote_id"], "sales_quotes", [
        "tenant_id",
        "id",
      ])
      .execute();
    await db.schema
      .createIndex("sales_quote_lines_quote")
      .on("sales_quote_lines")
      .columns(["tenant_id", "quote_id", "position"])
      .execute();
  },
};
