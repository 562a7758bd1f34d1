import { type Migration, withRecordColumns } from "@rapport/core";

/** Technicians, work orders and the parts used on them. */
export const fieldServiceMigration: Migration = {
  name: "009_field_service",
  async up(db) {
    await withRecordColumns(db.schema.createTable("service_technicians"), "service_technicians")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("user_id", "text")
      .addColumn("skills", "text", (c) => c.notNull())
      .addColumn("territory", "text")
      .addColumn("calendar_id", "text", (c) => c.notNull())
      .addColumn("active", "integer", (c) => c.notNull())
      .addForeignKeyConstraint(
        "service_technicians_calendar_fk",
        ["tenant_id", "calendar_id"],
        "service_business_calendars",
        ["tenant_id", "id"],
      )
      .execute();
    await db.schema
      .createIndex("service_technicians_territory")
      .on("service_technicians")
      .columns(["tenant_id", "territory", "active"])
      .execute();

    await withRecordColumns(db.schema.createTable("service_work_orders"), "service_work_orders")
      .addColumn("case_id", "text")
      .addColumn("account_id", "text")
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("description", "text")
      .addColumn("location", "text", (c) => c.notNull())
      .addColumn("territory", "text")
      .addColumn("required_skills", "text", (c) => c.notNull())
      .addColumn("duration_minutes", "integer", (c) => c.notNull())
      .addColumn("window_start", "text", (c) => c.notNull())
      .addColumn("window_end", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("technician_id", "text")
      .addColumn("owner_id", "text")
      .addColumn("scheduled_start", "text")
      .addColumn("scheduled_end", "text")
      .addColumn("appointment_id", "text")
      .addColumn("arrived_at", "text")
      .addColumn("finished_at", "text")
      .addColumn("minutes_worked", "integer")
      .addColumn("outcome_note", "text")
      .addForeignKeyConstraint("service_work_orders_case_fk", ["tenant_id", "case_id"], "service_cases", [
        "tenant_id",
        "id",
      ])
      .addForeignKeyConstraint("service_work_orders_account_fk", ["tenant_id", "account_id"], "accounts", [
        "tenant_id",
        "id",
      ])
      .addForeignKeyConstraint(
        "service_work_orders_technician_fk",
        ["tenant_id", "technician_id"],
        "service_technicians",
        ["tenant_id", "id"],
      )
      .execute();
    await db.schema
      .createIndex("service_work_orders_schedule")
      .on("service_work_orders")
      .columns(["tenant_id", "technician_id", "status", "scheduled_start"])
      .execute();
    await db.schema
      .createIndex("service_work_orders_case")
      .on("service_work_orders")
      .columns(["tenant_id", "case_id"])
      .execute();
    await db.schema
      .createIndex("service_work_orders_status")
      .on("service_work_orders")
      .columns(["tenant_id", "status", "window_start"])
      .execute();

    await db.schema
      .createTable("service_work_order_parts")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("work_order_id", "text", (c) => c.notNull())
      .addColumn("product_id", "text")
      .addColumn("description", "text", (c) => c.notNull())
      .addColumn("quantity", "integer", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("created_by", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("service_work_order_parts_pk", ["tenant_id", "id"])
      .addForeignKeyConstraint(
        "service_work_order_parts_order_fk",
        ["tenant_id", "work_order_id"],
        "service_work_orders",
        ["tenant_id", "id"],
      )
      .execute();
    await db.schema
      .createIndex("service_work_order_parts_order")
      .on("service_work_order_parts")
      .columns(["tenant_id", "work_order_id"])
      .execute();
  },
};
