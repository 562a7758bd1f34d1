import type { Kysely } from "kysely";
import { eventOf } from "../events/event-types.js";
import type { RecordEventData, RecordUpdatedData } from "../events/record-events.js";
import { defineCorePart } from "../kernel/core-part.js";
import { CRUD_ACTIONS } from "../permissions/permission-catalog.js";
import { withRecordColumns } from "../storage/record-table.js";
import { appointmentEntity } from "./appointment-entity.js";
import { type ReminderDueData, reminderJob } from "./reminder-job.js";

/** Payload of `appointment.rescheduled`. */
export interface AppointmentRescheduledData extends RecordEventData {
  readonly startsAt: string;
  readonly endsAt: string;
  readonly previousStartsAt: string;
  readonly previousEndsAt: string;
}

/** Book and move one's own appointments; see the team's calendars. */
const ownCalendar = {
  "appointment:read": "team",
  "appointment:create": "own",
  "appointment:update": "own",
  "appointment:archive": "own",
} as const;

/** The calendar: appointments, attendees, reminders and the job that fires them. */
export const calendarPart = defineCorePart({
  migrations: [
    {
      name: "022_calendar",
      async up(db: Kysely<any>) {
        await withRecordColumns(db.schema.createTable("appointments"), "appointments")
          .addColumn("subject", "text", (c) => c.notNull())
          .addColumn("description", "text")
          .addColumn("location", "text")
          .addColumn("starts_at", "text", (c) => c.notNull())
          .addColumn("ends_at", "text", (c) => c.notNull())
          .addColumn("owner_id", "text")
          .addColumn("related_type", "text")
          .addColumn("related_id", "text")
          .addColumn("attendees", "text", (c) => c.notNull().defaultTo("[]"))
          .execute();
        await db.schema
          .createIndex("appointments_starts")
          .on("appointments")
          .columns(["tenant_id", "starts_at", "id"])
          .execute();
        await db.schema
          .createIndex("appointments_owner")
          .on("appointments")
          .columns(["tenant_id", "owner_id", "starts_at"])
          .execute();
        await db.schema
          .createIndex("appointments_related")
          .on("appointments")
          .columns(["tenant_id", "related_type", "related_id"])
          .execute();
        await db.schema
          .createIndex("appointments_created")
          .on("appointments")
          .columns(["tenant_id", "created_at", "id"])
          .execute();

        await db.schema
          .createTable("appointment_attendees")
          .addColumn("tenant_id", "text", (c) => c.notNull())
          .addColumn("appointment_id", "text", (c) => c.notNull())
          .addColumn("attendee_type", "text", (c) => c.notNull())
          .addColumn("attendee_id", "text", (c) => c.notNull())
          .addColumn("starts_at", "text", (c) => c.notNull())
          .addColumn("ends_at", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("appointment_attendees_pk", [
            "tenant_id",
            "appointment_id",
            "attendee_type",
            "attendee_id",
          ])
          .addForeignKeyConstraint(
            "appointment_attendees_appointment",
            ["tenant_id", "appointment_id"],
            "appointments",
            ["tenant_id", "id"],
          )
          .execute();
        // Agenda and clash checks: one attendee's appointments by time.
        await db.schema
          .createIndex("appointment_attendees_by_attendee")
          .on("appointment_attendees")
          .columns(["tenant_id", "attendee_type", "attendee_id", "starts_at"])
          .execute();

        await db.schema
          .createTable("appointment_reminders")
          .addColumn("tenant_id", "text", (c) => c.notNull())
          .addColumn("id", "text", (c) => c.notNull())
          .addColumn("appointment_id", "text", (c) => c.notNull())
          .addColumn("minutes_before", "integer")
          .addColumn("remind_at", "text", (c) => c.notNull())
          .addColumn("fired_at", "text")
          .addPrimaryKeyConstraint("appointment_reminders_pk", ["tenant_id", "id"])
          .addForeignKeyConstraint(
            "appointment_reminders_appointment",
            ["tenant_id", "appointment_id"],
            "appointments",
            ["tenant_id", "id"],
          )
          .execute();
        // The reminder job: unfired reminders by time.
        await db.schema
          .createIndex("appointment_reminders_due")
          .on("appointment_reminders")
          .columns(["tenant_id", "fired_at", "remind_at"])
          .execute();
        await db.schema
          .createIndex("appointment_reminders_appointment")
          .on("appointment_reminders")
          .columns(["tenant_id", "appointment_id"])
          .execute();
      },
    },
  ],
  entities: [appointmentEntity],
  permissions: {
    entities: { appointment: CRUD_ACTIONS },
    roles: {
      sales_manager: { "appointment:*": "all" },
      sales_rep: ownCalendar,
      service_agent: ownCalendar,
      // Dispatchers plan other people's days.
      dispatcher: { "appointment:*": "all" },
      marketer: ownCalendar,
      analyst: { "appointment:read": "all" },
      read_only: { "appointment:read": "all" },
    },
  },
  jobs: [reminderJob],
  events: {
    "appointment.created": eventOf<RecordEventData>(),
    "appointment.updated": eventOf<RecordUpdatedData>(),
    "appointment.archived": eventOf<RecordUpdatedData>(),
    "appointment.rescheduled": eventOf<AppointmentRescheduledData>(),
    "reminder.due": eventOf<ReminderDueData>(),
  },
});
