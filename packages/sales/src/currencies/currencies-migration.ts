import type { Migration } from "@rapport/core";

/** Dated exchange rates, stored as exact fractions of minor units. */
export const currenciesMigration: Migration = {
  name: "021_exchange_rates",
  async up(db) {
    await db.schema
      .createTable("sales_exchange_rates")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("from_currency", "text", (c) => c.notNull())
      .addColumn("to_currency", "text", (c) => c.notNull())
      .addColumn("effective_on", "text", (c) => c.notNull())
      .addColumn("rate", "text", (c) => c.notNull())
      .addColumn("numerator", "bigint", (c) => c.notNull())
      .addColumn("denominator", "bigint", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      // The key doubles as the index every conversion reads: latest rate on or before a date.
      .addPrimaryKeyConstraint("sales_exchange_rates_pk", ["tenant_id", "from_currency", "to_currency", "effective_on"])
      .addForeignKeyConstraint("sales_exchange_rates_tenant", ["tenant_id"], "rapport_tenants", ["tenant_id"])
      .execute();
  },
};
