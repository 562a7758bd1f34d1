import type { Kysely } from "kysely";
import { eventOf } from "../events/event-types.js";
import type { RecordEventData, RecordUpdatedData } from "../events/record-events.js";
import { defineCorePart } from "../kernel/core-part.js";
import { CRUD_ACTIONS, DEFAULT_ROLES } from "../permissions/permission-catalog.js";
import { withRecordColumns } from "../storage/record-table.js";
import { teamEntity } from "./team-entity.js";

/** Everyone may look people and teams up; changing them is for admins (and managers, for teams). */
const directoryGrants = Object.fromEntries(
  DEFAULT_ROLES.map((role) => [role, { "user:read": "all", "team:read": "all" }]),
) as Record<(typeof DEFAULT_ROLES)[number], { "user:read": "all"; "team:read": "all" }>;

/** Payload of `team.member_added`. */
export interface TeamMemberAddedData {
  readonly teamId: string;
  readonly userId: string;
  readonly role: string;
  /** The team's version after the change. */
  readonly version: number;
}

/** Users and teams: profiles keyed by host user ids, teams, membership roles, the manager line. */
export const usersPart = defineCorePart({
  migrations: [
    {
      name: "020_users_teams",
      async up(db: Kysely<any>) {
        await withRecordColumns(db.schema.createTable("rapport_users"), "rapport_users")
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("email", "text")
          .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
          .addColumn("manager_id", "text")
          .addColumn("territory", "text")
          .addColumn("title", "text")
          .execute();
        await db.schema
          .createIndex("rapport_users_manager")
          .on("rapport_users")
          .columns(["tenant_id", "manager_id"])
          .execute();
        await db.schema
          .createIndex("rapport_users_name")
          .on("rapport_users")
          .columns(["tenant_id", "name", "id"])
          .execute();

        await withRecordColumns(db.schema.createTable("rapport_teams"), "rapport_teams")
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("description", "text")
          .addColumn("owner_id", "text")
          .execute();
        await db.schema
          .createIndex("rapport_teams_name")
          .on("rapport_teams")
          .columns(["tenant_id", "name", "id"])
          .execute();

        // The kernel's membership table learns each member's role and when they joined.
        await db.schema
          .alterTable("rapport_team_members")
          .addColumn("role", "text", (c) => c.notNull().defaultTo("member"))
          .execute();
        await db.schema.alterTable("rapport_team_members").addColumn("added_at", "text").execute();
      },
    },
  ],
  entities: [teamEntity],
  permissions: {
    entities: { user: ["read", "upsert"], team: CRUD_ACTIONS },
    roles: { ...directoryGrants, sales_manager: { ...directoryGrants.sales_manager, "team:*": "all" } },
  },
  events: {
    "user.created": eventOf<RecordEventData>(),
    "user.updated": eventOf<RecordUpdatedData>(),
    "team.created": eventOf<RecordEventData>(),
    "team.updated": eventOf<RecordUpdatedData>(),
    "team.archived": eventOf<RecordUpdatedData>(),
    "team.member_added": eventOf<TeamMemberAddedData>(),
    "team.member_role_changed": eventOf<TeamMemberAddedData & { readonly previousRole: string }>(),
    "team.member_removed": eventOf<{ readonly teamId: string; readonly userId: string; readonly version: number }>(),
  },
});
