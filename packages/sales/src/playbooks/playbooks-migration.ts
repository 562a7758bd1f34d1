import type { Migration } from "@rapport/core";

/** One playbook per stage. */
export const playbooksMigration: Migration = {
  name: "002_playbooks",
  async up(db) {
    await db.schema
      .createTable("sales_playbooks")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("stage_id", "text", (c) => c.notNull())
      .addColumn("information_sources", "text", (c) => c.notNull())
      .addColumn("recommended_activities", "text", (c) => c.notNull())
      .addColumn("checklist", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("updated_by", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("sales_playbooks_pk", ["tenant_id", "stage_id"])
      .addForeignKeyConstraint("sales_playbooks_stage", ["tenant_id", "stage_id"], "sales_stages", ["tenant_id", "id"])
      .execute();
  },
};
