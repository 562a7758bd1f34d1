import { type Kysely, sql } from "kysely";
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
    {
      // Concurrent `define`s of one name all passed the entity's check; the index makes one win.
      name: "041_roles_live_name_unique",
      async up(db: Kysely<any>) {
        // Databases that already hold live duplicates keep the oldest role of each name.
        await db
          .updateTable("rapport_roles as r")
          .set({ archived_at: new Date().toISOString() })
          .where("r.archived_at", "is", null)
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom("rapport_roles as older")
                .select("older.id")
                .whereRef("older.tenant_id", "=", "r.tenant_id")
                .whereRef("older.name", "=", "r.name")
                .where("older.archived_at", "is", null)
                .where((eb) =>
                  eb.or([
                    eb("older.created_at", "<", eb.ref("r.created_at")),
                    eb.and([eb("older.created_at", "=", eb.ref("r.created_at")), eb("older.id", "<", eb.ref("r.id"))]),
                  ]),
                ),
            ),
          )
          .execute();
        // Live names only: an archived role's name may be defined again.
        await db.schema
          .createIndex("rapport_roles_live_name")
          .on("rapport_roles")
          .columns(["tenant_id", "name"])
          .unique()
          .where(sql.ref("archived_at"), "is", null)
          .execute();
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
