import { type Migration, withRecordColumns } from "@rapport/core";

/** Campaigns, their cost lines and phases; segments; members, statuses, responses and influence. */
export const campaignsMigration: Migration = {
  name: "campaigns_001_campaigns",
  async up(db) {
    await withRecordColumns(db.schema.createTable("marketing_campaigns"), "marketing_campaigns")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("owner_id", "text")
      .addColumn("budget", "bigint")
      .addColumn("currency", "text", (c) => c.notNull())
      .addColumn("expected_revenue", "bigint")
      .addColumn("starts_at", "text", (c) => c.notNull())
      .addColumn("ends_at", "text", (c) => c.notNull())
      .addColumn("parent_id", "text")
      .addColumn("description", "text")
      .addForeignKeyConstraint("marketing_campaigns_parent_fk", ["tenant_id", "parent_id"], "marketing_campaigns", [
        "tenant_id",
        "id",
      ])
      .execute();
    await withRecordColumns(db.schema.createTable("marketing_campaign_costs"), "marketing_campaign_costs")
      .addColumn("campaign_id", "text", (c) => c.notNull())
      .addColumn("incurred_on", "text", (c) => c.notNull())
      .addColumn("description", "text", (c) => c.notNull())
      .addColumn("amount", "bigint", (c) => c.notNull())
      .addForeignKeyConstraint(
        "marketing_campaign_costs_campaign_fk",
        ["tenant_id", "campaign_id"],
        "marketing_campaigns",
        ["tenant_id", "id"],
      )
      .execute();
    await withRecordColumns(db.schema.createTable("marketing_segments"), "marketing_segments")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("record_type", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("rules", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("marketing_segment_entries")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("segment_id", "text", (c) => c.notNull())
      .addColumn("record_id", "text", (c) => c.notNull())
      .addColumn("added_at", "text", (c) => c.notNull())
      .addColumn("added_by", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("marketing_segment_entries_pk", ["tenant_id", "segment_id", "record_id"])
      .addForeignKeyConstraint(
        "marketing_segment_entries_segment_fk",
        ["tenant_id", "segment_id"],
        "marketing_segments",
        ["tenant_id", "id"],
      )
      .execute();
    await withRecordColumns(db.schema.createTable("marketing_campaign_phases"), "marketing_campaign_phases")
      .addColumn("campaign_id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("starts_at", "text", (c) => c.notNull())
      .addColumn("ends_at", "text", (c) => c.notNull())
      .addColumn("budget", "bigint")
      .addColumn("goals", "text", (c) => c.notNull())
      .addColumn("segment_id", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("started_at", "text")
      .addColumn("completed_at", "text")
      .addForeignKeyConstraint(
        "marketing_campaign_phases_campaign_fk",
        ["tenant_id", "campaign_id"],
        "marketing_campaigns",
        ["tenant_id", "id"],
      )
      .execute();
    // The audience of a phase: its segment's members when it started, kept as they were.
    await db.schema
      .createTable("marketing_phase_members")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("phase_id", "text", (c) => c.notNull())
      .addColumn("record_type", "text", (c) => c.notNull())
      .addColumn("record_id", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("marketing_phase_members_pk", ["tenant_id", "phase_id", "record_id"])
      .addForeignKeyConstraint(
        "marketing_phase_members_phase_fk",
        ["tenant_id", "phase_id"],
        "marketing_campaign_phases",
        ["tenant_id", "id"],
      )
      .execute();
    await withRecordColumns(db.schema.createTable("marketing_member_statuses"), "marketing_member_statuses")
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("label", "text", (c) => c.notNull())
      .addColumn("responded", "integer", (c) => c.notNull())
      .addColumn("position", "integer", (c) => c.notNull())
      .addUniqueConstraint("marketing_member_statuses_key", ["tenant_id", "key"])
      .execute();
    await withRecordColumns(db.schema.createTable("marketing_campaign_members"), "marketing_campaign_members")
      .addColumn("campaign_id", "text", (c) => c.notNull())
      .addColumn("contact_id", "text")
      .addColumn("lead_id", "text")
      .addColumn("status", "text")
      .addColumn("responded_at", "text")
      // NULLs are distinct: one row per (campaign, contact) and per (campaign, lead).
      .addUniqueConstraint("marketing_campaign_members_contact", ["tenant_id", "campaign_id", "contact_id"])
      .addUniqueConstraint("marketing_campaign_members_lead", ["tenant_id", "campaign_id", "lead_id"])
      .addForeignKeyConstraint(
        "marketing_campaign_members_campaign_fk",
        ["tenant_id", "campaign_id"],
        "marketing_campaigns",
        ["tenant_id", "id"],
      )
      .execute();
    await withRecordColumns(db.schema.createTable("marketing_campaign_responses"), "marketing_campaign_responses")
      .addColumn("campaign_id", "text", (c) => c.notNull())
      .addColumn("member_id", "text", (c) => c.notNull())
      .addColumn("phase_id", "text")
      .addColumn("contact_id", "text")
      .addColumn("lead_id", "text")
      .addColumn("opportunity_id", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("responded_at", "text", (c) => c.notNull())
      .addColumn("capture_outcome", "text")
      .addColumn("note", "text")
      .addForeignKeyConstraint(
        "marketing_campaign_responses_campaign_fk",
        ["tenant_id", "campaign_id"],
        "marketing_campaigns",
        ["tenant_id", "id"],
      )
      .execute();
    await withRecordColumns(db.schema.createTable("marketing_campaign_influence"), "marketing_campaign_influence")
      .addColumn("campaign_id", "text", (c) => c.notNull())
      .addColumn("opportunity_id", "text", (c) => c.notNull())
      .addColumn("touched_at", "text", (c) => c.notNull())
      .addUniqueConstraint("marketing_campaign_influence_pair", ["tenant_id", "campaign_id", "opportunity_id"])
      .addForeignKeyConstraint(
        "marketing_campaign_influence_campaign_fk",
        ["tenant_id", "campaign_id"],
        "marketing_campaigns",
        ["tenant_id", "id"],
      )
      .execute();
    for (const [table, name, columns] of [
      ["marketing_campaigns", "parent", ["tenant_id", "parent_id"]],
      ["marketing_campaigns", "status", ["tenant_id", "status", "starts_at"]],
      ["marketing_campaign_costs", "campaign", ["tenant_id", "campaign_id", "incurred_on"]],
      ["marketing_campaign_phases", "campaign", ["tenant_id", "campaign_id", "starts_at"]],
      ["marketing_campaign_phases", "due", ["tenant_id", "status", "starts_at"]],
      ["marketing_campaign_responses", "campaign", ["tenant_id", "campaign_id", "responded_at"]],
      ["marketing_campaign_responses", "lead", ["tenant_id", "lead_id"]],
      ["marketing_campaign_influence", "opportunity", ["tenant_id", "opportunity_id"]],
    ] as const) {
      await db.schema
        .createIndex(`${table}_${name}`)
        .on(table)
        .columns([...columns])
        .execute();
    }
  },
};
