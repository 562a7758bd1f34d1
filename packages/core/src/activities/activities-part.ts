import type { Kysely } from "kysely";
import { eventOf } from "../events/event-types.js";
import type { RecordEventData, RecordUpdatedData } from "../events/record-events.js";
import { defineCorePart } from "../kernel/core-part.js";
import type { OperationContext } from "../kernel/operation-context.js";
import { CRUD_ACTIONS } from "../permissions/permission-catalog.js";
import { withRecordColumns } from "../storage/record-table.js";
import { activityEntity } from "./activity-entity.js";
import type { ActivityKind, RelatedTo } from "./activity-schema.js";

/** Payload of `activity.completed`. */
export interface ActivityCompletedData extends RecordEventData {
  readonly kind: ActivityKind;
  readonly relatedTo: RelatedTo;
  readonly outcome: string | null;
}

/** Everyone who works with customers logs their own activities and reads everyone's. */
const logOwn = {
  "activity:read": "all",
  "activity:create": "own",
  "activity:update": "own",
  "activity:archive": "own",
} as const;

/** Activities: table, default grants, events, and the hook that dates new activities. */
export const activitiesPart = defineCorePart({
  migrations: [
    {
      name: "021_activities",
      async up(db: Kysely<any>) {
        await withRecordColumns(db.schema.createTable("activities"), "activities")
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("subject", "text")
          .addColumn("body", "text")
          .addColumn("related_type", "text", (c) => c.notNull())
          .addColumn("related_id", "text", (c) => c.notNull())
          .addColumn("owner_id", "text")
          .addColumn("occurred_at", "text", (c) => c.notNull())
          .addColumn("due_at", "text")
          .addColumn("done_at", "text")
          .addColumn("outcome", "text")
          .addColumn("duration_minutes", "integer")
          .execute();
        // The timeline: one record's activities, newest first.
        await db.schema
          .createIndex("activities_related")
          .on("activities")
          .columns(["tenant_id", "related_type", "related_id", "occurred_at", "id"])
          .execute();
        // Task lists: a user's open work by due date.
        await db.schema
          .createIndex("activities_owner_due")
          .on("activities")
          .columns(["tenant_id", "owner_id", "due_at"])
          .execute();
        await db.schema
          .createIndex("activities_created")
          .on("activities")
          .columns(["tenant_id", "created_at", "id"])
          .execute();
      },
    },
  ],
  entities: [activityEntity],
  permissions: {
    entities: { activity: CRUD_ACTIONS },
    roles: {
      sales_manager: { "activity:*": "all" },
      sales_rep: logOwn,
      service_agent: logOwn,
      dispatcher: logOwn,
      marketer: logOwn,
      analyst: { "activity:read": "all" },
      read_only: { "activity:read": "all" },
    },
  },
  hooks: {
    // occurredAt defaults to the operation's time, which the input schema cannot know.
    "activity.create": (values: { occurredAt?: string }, op: OperationContext) =>
      values.occurredAt === undefined ? { ...values, occurredAt: op.timestamp } : undefined,
  },
  events: {
    "activity.created": eventOf<RecordEventData>(),
    "activity.updated": eventOf<RecordUpdatedData>(),
    "activity.archived": eventOf<RecordUpdatedData>(),
    "activity.completed": eventOf<ActivityCompletedData>(),
  },
});
