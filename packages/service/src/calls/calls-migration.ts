import { type Migration, withRecordColumns } from "@rapport/core";

/** The call log. */
export const callsMigration: Migration = {
  name: "007_calls",
  async up(db) {
    await withRecordColumns(db.schema.createTable("service_calls"), "service_calls")
      .addColumn("direction", "text", (c) => c.notNull())
      .addColumn("from_number", "text", (c) => c.notNull())
      .addColumn("to_number", "text", (c) => c.notNull())
      .addColumn("started_at", "text", (c) => c.notNull())
      .addColumn("duration_seconds", "integer", (c) => c.notNull())
      .addColumn("disposition", "text")
      .addColumn("recording_ref", "text")
      .addColumn("notes", "text")
      .addColumn("account_id", "text")
      .addColumn("contact_id", "text")
      .addColumn("case_id", "text")
      .addColumn("lead_id", "text")
      .addColumn("owner_id", "text")
      .addColumn("activity_id", "text")
      .addForeignKeyConstraint("service_calls_account_fk", ["tenant_id", "account_id"], "accounts", ["tenant_id", "id"])
      .addForeignKeyConstraint("service_calls_case_fk", ["tenant_id", "case_id"], "service_cases", ["tenant_id", "id"])
      .execute();
    for (const [name, columns] of [
      ["case", ["tenant_id", "case_id", "started_at"]],
      ["contact", ["tenant_id", "contact_id", "started_at"]],
      ["lead", ["tenant_id", "lead_id", "started_at"]],
      ["started", ["tenant_id", "started_at", "id"]],
    ] as const) {
      await db.schema
        .createIndex(`service_calls_${name}`)
        .on("service_calls")
        .columns([...columns])
        .execute();
    }
  },
};
