import { type Migration, withRecordColumns } from "@rapport/core";

/** Queues and their members. `turn` orders round-robin hand-out: the lowest turn goes next. */
export const queuesMigration: Migration = {
  name: "002_queues",
  async up(db) {
    await withRecordColumns(db.schema.createTable("service_queues"), "service_queues")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("description", "text")
      .addColumn("distribution", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("service_queues_name")
      .on("service_queues")
      .columns(["tenant_id", "name", "id"])
      .execute();
    await db.schema
      .createTable("service_queue_members")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("queue_id", "text", (c) => c.notNull())
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("available", "integer", (c) => c.notNull())
      .addColumn("turn", "integer", (c) => c.notNull())
      .addColumn("last_assigned_at", "text")
      .addColumn("added_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("service_queue_members_pk", ["tenant_id", "queue_id", "user_id"])
      .addForeignKeyConstraint("service_queue_members_queue_fk", ["tenant_id", "queue_id"], "service_queues", [
        "tenant_id",
        "id",
      ])
      .execute();
    await db.schema
      .createIndex("service_queue_members_user")
      .on("service_queue_members")
      .columns(["tenant_id", "user_id"])
      .execute();
  },
};
