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

/**
 * Notes become records of their own (`opportunity_note`): the columns every entity table
 * carries, filled for the notes written before from their author and creation time.
 */
export const opportunityNoteRecordsMigration: Migration = {
  name: "030_opportunity_note_records",
  async up(db) {
    // One column per statement: SQLite adds a single column per ALTER TABLE.
    const notes = () => db.schema.alterTable("sales_opportunity_notes");
    await notes()
      .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
      .execute();
    await notes()
      .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await notes()
      .addColumn("created_by", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await notes()
      .addColumn("updated_by", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await notes().addColumn("archived_at", "text").execute();
    await notes()
      .addColumn("custom", "text", (c) => c.notNull().defaultTo("{}"))
      .execute();
    await notes()
      .addColumn("external_ids", "text", (c) => c.notNull().defaultTo("{}"))
      .execute();
    await notes()
      .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
      .execute();
    await db
      .updateTable("sales_opportunity_notes")
      .set((eb) => ({
        updated_at: eb.ref("created_at"),
        created_by: eb.ref("author_id"),
        updated_by: eb.ref("author_id"),
      }))
      .execute();
  },
};
