import type { Kysely } from "kysely";
import { eventOf } from "../events/event-types.js";
import type { RecordEventData, RecordUpdatedData } from "../events/record-events.js";
import { defineCorePart } from "../kernel/core-part.js";
import { CRUD_ACTIONS } from "../permissions/permission-catalog.js";
import { withRecordColumns } from "../storage/record-table.js";
import { roleEntity } from "./role-entity.js";

/** Tenant-defined roles. Only admins (`*:*`) manage them; anyone may read them. */
export const rolesPart = defineCorePart({
  migrations: [
    {
      name: "040_roles",
      async up(db: Kysely<any>) {
        await withRecordColumns(db.schema.createTable("rapport_roles"), "rapport_roles")
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("label", "text")
          .addColumn("grants", "text", (c) => c.notNull())
          .addColumn("hidden_fields", "text", (c) => c.notNull())
          .addColumn("read_only_fields", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("rapport_roles_name").on("rapport_roles").columns(["tenant_id", "name"]).execute();
      },
    },
  ],
  entities: [roleEntity],
  permissions: { entities: { role: CRUD_ACTIONS } },
  events: {
    "role.created": eventOf<RecordEventData>(),
    "role.updated": eventOf<RecordUpdatedData>(),
    "role.archived": eventOf<RecordUpdatedData>(),
  },
});
