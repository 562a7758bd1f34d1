import { type Migration, withRecordColumns } from "@rapport/core";

/** Opportunities, their stage history and competitors. */
export const opportunitiesMigration: Migration = {
  name: "006_opportunities",
  async up(db) {
    await withRecordColumns(db.schema.createTable("sales_opportunities"), "sales_opportunities")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("account_id", "text", (c) => c.notNull())
      .addColumn("primary_contact_id", "text")
      .addColumn("owner_id", "text")
      .addColumn("pipeline_id", "text", (c) => c.notNull())
      .addColumn("stage_key", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("amount", "bigint")
      .addColumn("currency", "text")
      .addColumn("recurring_amount", "bigint")
      .addColumn("term_months", "integer")
      .addColumn("close_date", "text")
      .addColumn("probability", "integer", (c) => c.notNull())
      .addColumn("probability_source", "text", (c) => c.notNull())
      .addColumn("source", "text")
      .addColumn("lead_id", "text")
      .addColumn("next_step", "text")
      .addColumn("description", "text")
      .addColumn("stage_entered_at", "text", (c) => c.notNull())
      .addColumn("closed_at", "text")
      .addColumn("lost_reason_id", "text")
      .addColumn("lost_note", "text")
      .addColumn("lost_to_competitor_id", "text")
      .addForeignKeyConstraint("sales_opportunities_pipeline", ["tenant_id", "pipeline_id"], "sales_pipelines", [
        "tenant_id",
        "id",
      ])
      .execute();
    await db.schema
      .createIndex("sales_opportunities_created")
      .on("sales_opportunities")
      .columns(["tenant_id", "created_at", "id"])
      .execute();
    await db.schema
      .createIndex("sales_opportunities_owner")
      .on("sales_opportunities")
      .columns(["tenant_id", "owner_id"])
      .execute();
    await db.schema
      .createIndex("sales_opportunities_account")
      .on("sales_opportunities")
      .columns(["tenant_id", "account_id"])
      .execute();
    await db.schema
      .createIndex("sales_opportunities_stage")
      .on("sales_opportunities")
      .columns(["tenant_id", "pipeline_id", "stage_key"])
      .execute();
    await db.schema
      .createIndex("sales_opportunities_closed")
      .on("sales_opportunities")
      .columns(["tenant_id", "status", "closed_at"])
      .execute();

    await db.schema
      .createTable("sales_stage_history")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("opportunity_id", "text", (c) => c.notNull())
      .addColumn("pipeline_id", "text", (c) => c.notNull())
      .addColumn("stage_key", "text", (c) => c.notNull())
      .addColumn("from_stage_key", "text")
      .addColumn("entered_at", "text", (c) => c.notNull())
      .addColumn("left_at", "text")
      .addColumn("actor_id", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("sales_stage_history_pk", ["tenant_id", "id"])
      .addForeignKeyConstraint(
        "sales_stage_history_opportunity",
        ["tenant_id", "opportunity_id"],
        "sales_opportunities",
        ["tenant_id", "id"],
      )
      .execute();
    await db.schema
      .createIndex("sales_stage_history_opportunity")
      .on("sales_stage_history")
      .columns(["tenant_id", "opportunity_id", "entered_at"])
      .execute();
    await db.schema
      .createIndex("sales_stage_history_stage")
      .on("sales_stage_history")
      .columns(["tenant_id", "pipeline_id", "stage_key", "entered_at"])
      .execute();

    await db.schema
      .createTable("sales_opportunity_competitors")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("opportunity_id", "text", (c) => c.notNull())
      .addColumn("account_id", "text", (c) => c.notNull())
      .addColumn("strengths", "text")
      .addColumn("weaknesses", "text")
      .addColumn("notes", "text")
      .addColumn("added_at", "text", (c) => c.notNull())
      .addColumn("added_by", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("sales_opportunity_competitors_pk", ["tenant_id", "opportunity_id", "account_id"])
      .addForeignKeyConstraint(
        "sales_opportunity_competitors_opportunity",
        ["tenant_id", "opportunity_id"],
        "sales_opportunities",
        ["tenant_id", "id"],
      )
      .addForeignKeyConstraint("sales_opportunity_competitors_account", ["tenant_id", "account_id"], "accounts", [
        "tenant_id",
        "id",
      ])
      .execute();
  },
};
