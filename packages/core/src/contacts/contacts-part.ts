import type { Kysely } from "kysely";
import { eventOf } from "../events/event-types.js";
import type { RecordEventData, RecordUpdatedData } from "../events/record-events.js";
import { defineCorePart } from "../kernel/core-part.js";
import { CRUD_ACTIONS } from "../permissions/permission-catalog.js";
import { withRecordColumns } from "../storage/record-table.js";
import { deriveOnCreate, deriveOnUpdate } from "./contact-derived.js";
import { contactEntity } from "./contact-entity.js";

const readAll = { "contact:read": "all" } as const;

/** Contacts: table, default grants, events and the hooks that keep derived fields. */
export const contactsPart = defineCorePart({
  migrations: [
    {
      name: "011_contacts",
      async up(db: Kysely<any>) {
        await withRecordColumns(db.schema.createTable("contacts"), "contacts")
          .addColumn("account_id", "text")
          .addColumn("first_name", "text")
          .addColumn("last_name", "text")
          .addColumn("full_name", "text", (c) => c.notNull())
          .addColumn("title", "text")
          .addColumn("emails", "text", (c) => c.notNull())
          .addColumn("primary_email", "text")
          .addColumn("phones", "text", (c) => c.notNull())
          .addColumn("mailing_address", "text")
          .addColumn("do_not_call", "integer", (c) => c.notNull())
          .addColumn("do_not_email", "integer", (c) => c.notNull())
          .addColumn("preferred_channel", "text")
          .addColumn("language", "text")
          .addColumn("owner_id", "text")
          .addForeignKeyConstraint("contacts_account_fk", ["tenant_id", "account_id"], "accounts", ["tenant_id", "id"])
          .execute();
        await db.schema
          .createIndex("contacts_account")
          .on("contacts")
          .columns(["tenant_id", "account_id", "id"])
          .execute();
        await db.schema
          .createIndex("contacts_primary_email")
          .on("contacts")
          .columns(["tenant_id", "primary_email"])
          .execute();
        await db.schema.createIndex("contacts_name").on("contacts").columns(["tenant_id", "full_name", "id"]).execute();
        await db.schema
          .createIndex("contacts_created")
          .on("contacts")
          .columns(["tenant_id", "created_at", "id"])
          .execute();
        await db.schema.createIndex("contacts_owner").on("contacts").columns(["tenant_id", "owner_id"]).execute();
      },
    },
  ],
  entities: [contactEntity],
  permissions: {
    entities: { contact: CRUD_ACTIONS },
    roles: {
      sales_manager: { "contact:*": "all" },
      sales_rep: { ...readAll, "contact:create": "own", "contact:update": "own", "contact:archive": "own" },
      service_agent: { ...readAll, "contact:create": "own", "contact:update": "all" },
      dispatcher: readAll,
      marketer: { ...readAll, "contact:create": "own", "contact:update": "own" },
      analyst: readAll,
      read_only: readAll,
    },
  },
  events: {
    "contact.created": eventOf<RecordEventData>(),
    "contact.updated": eventOf<RecordUpdatedData>(),
    "contact.archived": eventOf<RecordUpdatedData>(),
  },
  hooks: {
    "contact.create": deriveOnCreate,
    "contact.update": deriveOnUpdate,
  },
});
