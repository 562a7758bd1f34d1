import type { Migration } from "@rapport/core";

/** The forecast category on opportunities, and the index the roll-ups read won and open deals by. */
export const forecastsMigration: Migration = {
  name: "029_forecast_category",
  async up(db) {
    await db.schema.alterTable("sales_opportunities").addColumn("forecast_category", "text").execute();
    // Forecasts and quota attainment read an owner's deals by status and close date.
    await db.schema
      .createIndex("sales_opportunities_owner_close")
      .on("sales_opportunities")
      .columns(["tenant_id", "owner_id", "status", "close_date"])
      .execute();
  },
};
