import type { Kysely } from "kysely";
import { eventOf } from "../events/event-types.js";
import { defineCorePart } from "./core-part.js";

/** The kernel's own tables: tenants, the change feed, the audit log, external ids, team membership. */
export const kernelPart = defineCorePart({
  migrations: [
    {
      name: "001_kernel",
      async up(db: Kysely<any>) {
        await db.schema
          .createTable("rapport_tenants")
          .addColumn("tenant_id", "text", (c) => c.primaryKey())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .execute();

        // seq is assigned under the change-feed lock, so it is gapless and follows commit order.
        await db.schema
          .createTable("rapport_change_feed")
          .addColumn("tenant_id", "text", (c) => c.notNull())
          .addColumn("seq", "bigint", (c) => c.notNull())
          .addColumn("event_id", "text", (c) => c.notNull())
          .addColumn("type", "text", (c) => c.notNull())
          .addColumn("actor_id", "text", (c) => c.notNull())
          .addColumn("occurred_at", "text", (c) => c.notNull())
          .addColumn("data", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("rapport_change_feed_pk", ["tenant_id", "seq"])
          .execute();
        // The feed is read globally in seq order by relays; this is the one index not led by tenant_id.
        await db.schema
          .createIndex("rapport_change_feed_seq")
          .unique()
          .on("rapport_change_feed")
          .column("seq")
          .execute();
        await db.schema
          .createIndex("rapport_change_feed_event")
          .on("rapport_change_feed")
          .columns(["tenant_id", "event_id"])
          .execute();

        await db.schema
          .createTable("rapport_audit_log")
          .addColumn("tenant_id", "text", (c) => c.notNull())
          .addColumn("id", "text", (c) => c.notNull())
          .addColumn("entity_type", "text", (c) => c.notNull())
          .addColumn("entity_id", "text", (c) => c.notNull())
          .addColumn("action", "text", (c) => c.notNull())
          .addColumn("actor_id", "text", (c) => c.notNull())
          .addColumn("at", "text", (c) => c.notNull())
          .addColumn("changes", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("rapport_audit_log_pk", ["tenant_id", "id"])
          .execute();
        await db.schema
          .createIndex("rapport_audit_log_entity")
          .on("rapport_audit_log")
          .columns(["tenant_id", "entity_type", "entity_id", "id"])
          .execute();

        await db.schema
          .createTable("rapport_external_ids")
          .addColumn("tenant_id", "text", (c) => c.notNull())
          .addColumn("entity_type", "text", (c) => c.notNull())
          .addColumn("system", "text", (c) => c.notNull())
          .addColumn("external_id", "text", (c) => c.notNull())
          .addColumn("entity_id", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("rapport_external_ids_pk", ["tenant_id", "entity_type", "system", "external_id"])
          .execute();
        await db.schema
          .createIndex("rapport_external_ids_entity")
          .on("rapport_external_ids")
          .columns(["tenant_id", "entity_type", "entity_id"])
          .execute();

        await db.schema
          .createTable("rapport_team_members")
          .addColumn("tenant_id", "text", (c) => c.notNull())
          .addColumn("team_id", "text", (c) => c.notNull())
          .addColumn("user_id", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("rapport_team_members_pk", ["tenant_id", "team_id", "user_id"])
          .execute();
        await db.schema
          .createIndex("rapport_team_members_user")
          .on("rapport_team_members")
          .columns(["tenant_id", "user_id"])
          .execute();
      },
    },
  ],
  permissions: {
    entities: { audit: ["read"] },
    roles: { admin: { "*:*": "all" }, sales_manager: { "audit:read": "all" }, analyst: { "audit:read": "all" } },
  },
  events: { "tenant.created": eventOf<{ id: string; name: string }>() },
});
