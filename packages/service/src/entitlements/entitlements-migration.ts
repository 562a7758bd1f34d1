import { type Migration, withRecordColumns } from "@rapport/core";

/** Service contracts and entitlements. Dates are local `YYYY-MM-DD` text, so they compare as strings. */
export const entitlementsMigration: Migration = {
  name: "004_contracts_entitlements",
  async up(db) {
    await withRecordColumns(db.schema.createTable("service_contracts"), "service_contracts")
      .addColumn("account_id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("tier", "text")
      .addColumn("start_date", "text", (c) => c.notNull())
      .addColumn("end_date", "text", (c) => c.notNull())
      .addColumn("description", "text")
      .addForeignKeyConstraint("service_contracts_account_fk", ["tenant_id", "account_id"], "accounts", [
        "tenant_id",
        "id",
      ])
      .execute();
    await db.schema
      .createIndex("service_contracts_account")
      .on("service_contracts")
      .columns(["tenant_id", "account_id", "end_date"])
      .execute();

    await withRecordColumns(db.schema.createTable("service_entitlements"), "service_entitlements")
      .addColumn("contract_id", "text")
      .addColumn("account_id", "text", (c) => c.notNull())
      .addColumn("product_id", "text")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("start_date", "text", (c) => c.notNull())
      .addColumn("end_date", "text", (c) => c.notNull())
      .addColumn("unit_kind", "text", (c) => c.notNull())
      .addColumn("units_total", "integer")
      .addColumn("incidents_used", "integer", (c) => c.notNull())
      .addColumn("minutes_used", "integer", (c) => c.notNull())
      .addColumn("calendar_id", "text")
      .addColumn("sla_policy_id", "text")
      .addForeignKeyConstraint("service_entitlements_contract_fk", ["tenant_id", "contract_id"], "service_contracts", [
        "tenant_id",
        "id",
      ])
      .addForeignKeyConstraint("service_entitlements_account_fk", ["tenant_id", "account_id"], "accounts", [
        "tenant_id",
        "id",
      ])
      .addForeignKeyConstraint(
        "service_entitlements_calendar_fk",
        ["tenant_id", "calendar_id"],
        "service_business_calendars",
        ["tenant_id", "id"],
      )
      .addForeignKeyConstraint(
        "service_entitlements_policy_fk",
        ["tenant_id", "sla_policy_id"],
        "service_sla_policies",
        ["tenant_id", "id"],
      )
      .execute();
    await db.schema
      .createIndex("service_entitlements_account")
      .on("service_entitlements")
      .columns(["tenant_id", "account_id", "product_id"])
      .execute();
    await db.schema
      .createIndex("service_entitlements_contract")
      .on("service_entitlements")
      .columns(["tenant_id", "contract_id"])
      .execute();
  },
};
