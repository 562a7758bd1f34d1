import type { Kysely } from "kysely";
import { eventOf } from "../events/event-types.js";
import type { RecordEventData, RecordUpdatedData } from "../events/record-events.js";
import { defineCorePart } from "../kernel/core-part.js";
import { CRUD_ACTIONS } from "../permissions/permission-catalog.js";
import { withRecordColumns } from "../storage/record-table.js";
import { accountEntity } from "./account-entity.js";

const readAll = { "account:read": "all" } as const;

/** Accounts: table, default grants and events. */
export const accountsPart = defineCorePart({
  migrations: [
    {
      name: "002_accounts",
      async up(db: Kysely<any>) {
        await withRecordColumns(db.schema.createTable("accounts"), "accounts")
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("type", "text", (c) => c.notNull())
          .addColumn("industry", "text")
          .addColumn("website", "text")
          .addColumn("description", "text")
          .addColumn("owner_id", "text")
          .addColumn("annual_revenue", "bigint")
          .addColumn("currency", "text")
          .execute();
        await db.schema.createIndex("accounts_name").on("accounts").columns(["tenant_id", "name", "id"]).execute();
        await db.schema
          .createIndex("accounts_created")
          .on("accounts")
          .columns(["tenant_id", "created_at", "id"])
          .execute();
        await db.schema.createIndex("accounts_owner").on("accounts").columns(["tenant_id", "owner_id"]).execute();
      },
    },
    {
      // Adds the hierarchy, size and addresses. parent_id has no foreign key: SQLite cannot add
      // a (tenant_id, parent_id) constraint to an existing table, so the entity checks it instead.
      name: "010_accounts_full",
      async up(db: Kysely<any>) {
        for (const [column, type] of [
          ["parent_id", "text"],
          ["employee_count", "integer"],
          ["billing_address", "text"],
          ["shipping_address", "text"],
        ] as const) {
          await db.schema.alterTable("accounts").addColumn(column, type).execute();
        }
        await db.schema
          .createIndex("accounts_parent")
          .on("accounts")
          .columns(["tenant_id", "parent_id", "id"])
          .execute();
      },
    },
  ],
  entities: [accountEntity],
  permissions: {
    entities: { account: CRUD_ACTIONS },
    roles: {
      sales_manager: { "account:*": "all" },
      sales_rep: { "account:read": "all", "account:create": "own", "account:update": "own", "account:archive": "own" },
      service_agent: { ...readAll, "account:update": "all" },
      dispatcher: readAll,
      marketer: { ...readAll, "account:create": "own", "account:update": "own" },
      analyst: readAll,
      read_only: readAll,
    },
  },
  events: {
    "account.created": eventOf<RecordEventData>(),
    "account.updated": eventOf<RecordUpdatedData>(),
    "account.archived": eventOf<RecordUpdatedData>(),
  },
});
