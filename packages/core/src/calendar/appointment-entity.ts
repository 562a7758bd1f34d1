import { resolveRelatedTo } from "../activities/activity-entity.js";
import type { RelatedTo } from "../activities/activity-schema.js";
import { defineEntity, type EntityRecord } from "../entities/entity-definition.js";
import { field } from "../entities/fields.js";
import { NotFoundError, ValidationError } from "../kernel/errors.js";
import type { OperationContext } from "../kernel/operation-context.js";
import { existingUserIds } from "../users/user-store.js";
import { type Attendee, createAppointmentSchema, updateAppointmentSchema } from "./appointment-schema.js";

const appointmentFields = {
  subject: field.text(),
  description: field.nullableText({ filterable: false, sortable: false }),
  location: field.nullableText(),
  startsAt: field.timestamp(),
  endsAt: field.timestamp(),
  ownerId: field.nullableText(),
  relatedType: field.nullableText(),
  relatedId: field.nullableText(),
  attendees: field.json<Attendee[]>(),
};

/** Checks that attendees new to the appointment exist: users as profiles, contacts as records of the tenant. */
async function checkAttendees(
  op: OperationContext,
  attendees: readonly Attendee[],
  before: readonly Attendee[],
): Promise<void> {
  const known = new Set(before.map((a) => `${a.type}:${a.id}`));
  const added = attendees
    .map((attendee, index) => ({ attendee, index }))
    .filter(({ attendee }) => !known.has(`${attendee.type}:${attendee.id}`));
  const users = added.filter(({ attendee }) => attendee.type === "user");
  const existing = await existingUserIds(
    op,
    users.map(({ attendee }) => attendee.id),
  );
  for (const { attendee } of users) {
    if (!existing.has(attendee.id)) throw new NotFoundError("user", attendee.id, { details: { field: "attendees" } });
  }
  for (const { attendee, index } of added) {
    if (attendee.type === "contact")
      await resolveRelatedTo(op, { type: "contact", id: attendee.id }, ["attendees", index]);
  }
}

/** Appointments: meetings in the calendar, with attendees and reminders. */
export const appointmentEntity = defineEntity({
  type: "appointment",
  table: "appointments",
  idPrefix: "appt",
  fields: appointmentFields,
  createSchema: createAppointmentSchema,
  patchSchema: updateAppointmentSchema,
  ownerField: "ownerId",
  validate: async (next, before, op) => {
    // A patch may move one end only; the rule holds for the record as it will be.
    if (next.endsAt <= next.startsAt)
      throw ValidationError.forField(["endsAt"], "An appointment must end after it starts");
    if ((next.relatedType === null) !== (next.relatedId === null))
      throw ValidationError.forField(["relatedTo"], "relatedTo needs a type and an id");
    const linkChanged =
      before === null || before.relatedType !== next.relatedType || before.relatedId !== next.relatedId;
    if (linkChanged && next.relatedType !== null && next.relatedId !== null) {
      await resolveRelatedTo(op, { type: next.relatedType, id: next.relatedId });
    }
    await checkAttendees(op, next.attendees, before?.attendees ?? []);
  },
});

/** An appointment row as the generic entity service sees it. */
export type AppointmentRow = EntityRecord<typeof appointmentFields>;

/** A reminder of an appointment. */
export interface Reminder {
  readonly id: string;
  /** Set for reminders relative to the start; they move with the appointment. */
  readonly minutesBefore: number | null;
  /** When it fires (ISO-8601 UTC). */
  readonly remindAt: string;
  /** When `crm.jobs.runDue()` fired it; `null` until then. */
  readonly firedAt: string | null;
}

/** An appointment as returned: the link as `relatedTo`, with its reminders. */
export type Appointment = Omit<AppointmentRow, "relatedType" | "relatedId"> & {
  readonly relatedTo: RelatedTo | null;
  /** Ordered by `remindAt`. */
  readonly reminders: readonly Reminder[];
};

/** The public shape of a stored appointment. */
export function toAppointment(row: AppointmentRow, reminders: readonly Reminder[]): Appointment {
  const { relatedType, relatedId, ...rest } = row;
  return {
    ...rest,
    relatedTo: relatedType !== null && relatedId !== null ? { type: relatedType, id: relatedId } : null,
    reminders,
  };
}
