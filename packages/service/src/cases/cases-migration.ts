import { type Migration, withRecordColumns } from "@rapport/core";

/** Cases, their comments, time entries and SLA clocks. */
export const casesMigration: Migration = {
  name: "005_cases",
  async up(db) {
    await withRecordColumns(db.schema.createTable("service_cases"), "service_cases")
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("description", "text")
      .addColumn("account_id", "text")
      .addColumn("contact_id", "text")
      .addColumn("product_id", "text")
      .addColumn("channel", "text", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("priority", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("queue_id", "text")
      .addColumn("owner_id", "text")
      .addColumn("severity", "text")
      .addColumn("root_cause", "text")
      .addColumn("escalation_level", "text")
      .addColumn("language", "text")
      .addColumn("entitlement_id", "text")
      .addColumn("entitlement_status", "text", (c) => c.notNull())
      .addColumn("sla_policy_id", "text")
      .addColumn("first_response_due_at", "text")
      .addColumn("first_response_status", "text")
      .addColumn("resolution_due_at", "text")
      .addColumn("resolution_status", "text")
      .addColumn("sla_elapsed_minutes", "integer", (c) => c.notNull())
      .addColumn("first_responded_at", "text")
      .addColumn("resolved_at", "text")
      .addColumn("closed_at", "text")
      .addColumn("resolution", "text")
      .addColumn("intake_id", "text")
      .addForeignKeyConstraint("service_cases_account_fk", ["tenant_id", "account_id"], "accounts", ["tenant_id", "id"])
      .addForeignKeyConstraint("service_cases_queue_fk", ["tenant_id", "queue_id"], "service_queues", [
        "tenant_id",
        "id",
      ])
      .addForeignKeyConstraint(
        "service_cases_entitlement_fk",
        ["tenant_id", "entitlement_id"],
        "service_entitlements",
        ["tenant_id", "id"],
      )
      .execute();
    for (const [name, columns] of [
      ["account", ["tenant_id", "account_id", "created_at"]],
      ["owner", ["tenant_id", "owner_id", "status"]],
      ["queue", ["tenant_id", "queue_id", "status"]],
      ["status", ["tenant_id", "status", "created_at"]],
      ["type", ["tenant_id", "type", "created_at"]],
      ["created", ["tenant_id", "created_at", "id"]],
    ] as const) {
      await db.schema
        .createIndex(`service_cases_${name}`)
        .on("service_cases")
        .columns([...columns])
        .execute();
    }

    await db.schema
      .createTable("service_case_comments")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("case_id", "text", (c) => c.notNull())
      .addColumn("visibility", "text", (c) => c.notNull())
      .addColumn("author_kind", "text", (c) => c.notNull())
      .addColumn("author_id", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("service_case_comments_pk", ["tenant_id", "id"])
      .addForeignKeyConstraint("service_case_comments_case_fk", ["tenant_id", "case_id"], "service_cases", [
        "tenant_id",
        "id",
      ])
      .execute();
    await db.schema
      .createIndex("service_case_comments_case")
      .on("service_case_comments")
      .columns(["tenant_id", "case_id", "created_at"])
      .execute();

    await db.schema
      .createTable("service_case_time_entries")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("case_id", "text", (c) => c.notNull())
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("minutes", "integer", (c) => c.notNull())
      .addColumn("note", "text")
      .addColumn("entitlement_id", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("service_case_time_entries_pk", ["tenant_id", "id"])
      .addForeignKeyConstraint("service_case_time_entries_case_fk", ["tenant_id", "case_id"], "service_cases", [
        "tenant_id",
        "id",
      ])
      .execute();
    await db.schema
      .createIndex("service_case_time_entries_case")
      .on("service_case_time_entries")
      .columns(["tenant_id", "case_id"])
      .execute();

    // One row per clock; the job finds due work by (clock, warn_at / due_at).
    await db.schema
      .createTable("service_case_slas")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("case_id", "text", (c) => c.notNull())
      .addColumn("metric", "text", (c) => c.notNull())
      .addColumn("policy_id", "text", (c) => c.notNull())
      .addColumn("calendar_id", "text", (c) => c.notNull())
      .addColumn("target_minutes", "integer", (c) => c.notNull())
      .addColumn("warn_percent", "integer", (c) => c.notNull())
      .addColumn("elapsed_seconds", "integer", (c) => c.notNull())
      .addColumn("running_since", "text")
      .addColumn("due_at", "text")
      .addColumn("warn_at", "text")
      .addColumn("clock", "text", (c) => c.notNull())
      .addColumn("warned_at", "text")
      .addColumn("breached_at", "text")
      .addColumn("completed_at", "text")
      .addPrimaryKeyConstraint("service_case_slas_pk", ["tenant_id", "case_id", "metric"])
      .addForeignKeyConstraint("service_case_slas_case_fk", ["tenant_id", "case_id"], "service_cases", [
        "tenant_id",
        "id",
      ])
      .execute();
    await db.schema
      .createIndex("service_case_slas_due")
      .on("service_case_slas")
      .columns(["tenant_id", "clock", "due_at"])
      .execute();
    await db.schema
      .createIndex("service_case_slas_warn")
      .on("service_case_slas")
      .columns(["tenant_id", "clock", "warn_at"])
      .execute();
  },
};

/**
 * Comments become records of their own (`case_comment`): the columns every entity table
 * carries, filled for the comments written before from their author and creation time.
 */
export const caseCommentRecordsMigration: Migration = {
  name: "010_case_comment_records",
  async up(db) {
    // One column per statement: SQLite adds a single column per ALTER TABLE.
    const comments = () => db.schema.alterTable("service_case_comments");
    await comments()
      .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
      .execute();
    await comments()
      .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await comments()
      .addColumn("created_by", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await comments()
      .addColumn("updated_by", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await comments().addColumn("archived_at", "text").execute();
    await comments()
      .addColumn("custom", "text", (c) => c.notNull().defaultTo("{}"))
      .execute();
    await comments()
      .addColumn("external_ids", "text", (c) => c.notNull().defaultTo("{}"))
      .execute();
    await comments()
      .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
      .execute();
    await db
      .updateTable("service_case_comments")
      .set((eb) => ({
        updated_at: eb.ref("created_at"),
        created_by: eb.ref("author_id"),
        updated_by: eb.ref("author_id"),
      }))
      .execute();
  },
};
