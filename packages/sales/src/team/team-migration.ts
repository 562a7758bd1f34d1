import type { Migration } from "@rapport/core";

/** Opportunity teams and their shared notes. */
export const teamMigration: Migration = {
  name: "007_opportunity_teams",
  async up(db) {
    await db.schema
      .createTable("sales_opportunity_team")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("opportunity_id", "text", (c) => c.notNull())
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("access", "text", (c) => c.notNull())
      .addColumn("added_at", "text", (c) => c.notNull())
      .addColumn("added_by", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("sales_opportunity_team_pk", ["tenant_id", "opportunity_id", "user_id"])
      .addForeignKeyConstraint(
        "sales_opportunity_team_opportunity",
        ["tenant_id", "opportunity_id"],
        "sales_opportunities",
        ["tenant_id", "id"],
      )
      .execute();
    // Sharing looks members up by user: "which opportunities is this user on?"
    await db.schema
      .createIndex("sales_opportunity_team_user")
      .on("sales_opportunity_team")
      .columns(["tenant_id", "user_id", "access"])
      .execute();
    await db.schema
      .createTable("sales_opportunity_notes")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("opportunity_id", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("author_id", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("sales_opportunity_notes_pk", ["tenant_id", "id"])
      .addForeignKeyConstraint(
        "sales_opportunity_notes_opportunity",
        ["tenant_id", "opportunity_id"],
        "sales_opportunities",
        ["tenant_id", "id"],
      )
      .execute();
    await db.schema
      .createIndex("sales_opportunity_notes_opportunity")
      .on("sales_opportunity_notes")
      .columns(["tenant_id", "opportunity_id", "id"])
      .execute();
  },
};
