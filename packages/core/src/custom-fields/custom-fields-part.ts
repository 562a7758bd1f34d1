import type { Kysely } from "kysely";
import { eventOf } from "../events/event-types.js";
import type { RecordEventData, RecordUpdatedData } from "../events/record-events.js";
import { defineCorePart } from "../kernel/core-part.js";
import { CRUD_ACTIONS } from "../permissions/permission-catalog.js";
import { withRecordColumns } from "../storage/record-table.js";
import { customFieldEntity } from "./custom-field-entity.js";

const readAll = { "custom_field:read": "all" } as const;

/** Custom field definitions and the tag index. */
export const customFieldsPart = defineCorePart({
  migrations: [
    {
      name: "030_custom_fields",
      async up(db: Kysely<any>) {
        await withRecordColumns(db.schema.createTable("rapport_custom_fields"), "rapport_custom_fields")
          .addColumn("entity_type", "text", (c) => c.notNull())
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("label", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("required", "boolean", (c) => c.notNull())
          .addColumn("default_value", "text")
          .addColumn("options", "text")
          .addColumn("currency", "text")
          .execute();
        await db.schema
          .createIndex("rapport_custom_fields_key")
          .unique()
          .on("rapport_custom_fields")
          .columns(["tenant_id", "entity_type", "key"])
          .execute();
      },
    },
    {
      name: "031_tags",
      async up(db: Kysely<any>) {
        await db.schema
          .createTable("rapport_tags")
          .addColumn("tenant_id", "text", (c) => c.notNull())
          .addColumn("entity_type", "text", (c) => c.notNull())
          .addColumn("tag", "text", (c) => c.notNull())
          .addColumn("entity_id", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("rapport_tags_pk", ["tenant_id", "entity_type", "tag", "entity_id"])
          .execute();
        await db.schema
          .createIndex("rapport_tags_entity")
          .on("rapport_tags")
          .columns(["tenant_id", "entity_type", "entity_id"])
          .execute();
      },
    },
  ],
  entities: [customFieldEntity],
  permissions: {
    entities: { custom_field: CRUD_ACTIONS },
    roles: {
      sales_manager: readAll,
      sales_rep: readAll,
      service_agent: readAll,
      dispatcher: readAll,
      marketer: readAll,
      analyst: readAll,
      read_only: readAll,
    },
  },
  events: {
    "custom_field.created": eventOf<RecordEventData>(),
    "custom_field.updated": eventOf<RecordUpdatedData>(),
    "custom_field.archived": eventOf<RecordUpdatedData>(),
  },
});
