import type { Migration } from "@rapport/core";
import type { CreateTableBuilder } from "kysely";

/**
 * The priced columns every line table has (opportunity, quote and order lines): product
 * and price facts copied when the line is priced, so later price changes do not move them.
 */
export function withPricedLineColumns<T extends string>(
  table: CreateTableBuilder<T, any>,
  name: string,
): CreateTableBuilder<T, any> {
  return table
    .addColumn("tenant_id", "text", (c) => c.notNull().references("rapport_tenants.tenant_id"))
    .addColumn("id", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("product_id", "text", (c) => c.notNull())
    .addColumn("sku", "text", (c) => c.notNull())
    .addColumn("product_name", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("price_book_id", "text")
    .addColumn("price_source", "text", (c) => c.notNull())
    .addColumn("list_price", "bigint")
    .addColumn("unit_price", "bigint", (c) => c.notNull())
    .addColumn("quantity", "bigint", (c) => c.notNull())
    .addColumn("discount", "integer", (c) => c.notNull())
    .addColumn("gross_amount", "bigint", (c) => c.notNull())
    .addColumn("net_amount", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint(`${name}_pk`, ["tenant_id", "id"])
    .addForeignKeyConstraint(`${name}_product`, ["tenant_id", "product_id"], "products", ["tenant_id", "id"]);
}

/** Opportunity line items, and the flag that makes an opportunity's amount follow them. */
export const lineItemsMigration: Migration = {
  name: "022_opportunity_lines",
  async up(db) {
    await withPricedLineColumns(db.schema.createTable("sales_opportunity_lines"), "sales_opportunity_lines")
      .addColumn("opportunity_id", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addColumn("updated_by", "text", (c) => c.notNull())
      .addForeignKeyConstraint(
        "sales_opportunity_lines_opportunity",
        ["tenant_id", "opportunity_id"],
        "sales_opportunities",
        ["tenant_id", "id"],
      )
      .execute();
    await db.schema
      .createIndex("sales_opportunity_lines_opportunity")
      .on("sales_opportunity_lines")
      .columns(["tenant_id", "opportunity_id", "position"])
      .execute();
    // Booleans are integers on every adapter.
    await db.schema
      .alterTable("sales_opportunities")
      .addColumn("amount_from_lines", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
