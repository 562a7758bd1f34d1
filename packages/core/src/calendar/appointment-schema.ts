import * as z from "zod";
import { type RelatedTo, relatedToSchema } from "../activities/activity-schema.js";
import { withRecordExtensions } from "../entities/record-input.js";
import { longTextSchema, textSchema, userIdSchema } from "../schemas/common-schemas.js";
import { instantSchema } from "./instant-schema.js";

/** Who can attend an appointment: a user of the tenant (by the host's user id) or a contact. */
export const ATTENDEE_TYPES = ["user", "contact"] as const;
export type AttendeeType = (typeof ATTENDEE_TYPES)[number];

/** One attendee: `{ type: "user", id: "alice" }` or `{ type: "contact", id: "con_…" }`. */
export const attendeeSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("user"), id: userIdSchema }).strict(),
  z.object({ type: z.literal("contact"), id: z.string().min(1).max(64) }).strict(),
]);
export type Attendee = z.output<typeof attendeeSchema>;

/** The longest reminder lead time: one year, in minutes. */
const MAX_MINUTES_BEFORE = 366 * 24 * 60;

/**
 * A reminder: a number of minutes before the start, or an absolute time. It MUST NOT lie
 * in the past when it is set (`ValidationError`).
 */
export const reminderSchema = z.union([
  z.object({ minutesBefore: z.number().int().min(0).max(MAX_MINUTES_BEFORE) }).strict(),
  z.object({ at: instantSchema }).strict(),
]);
export type ReminderInput = z.input<typeof reminderSchema>;

/** Attendees without repeats, in the order given. */
function unique(attendees: readonly Attendee[]): Attendee[] {
  const seen = new Set<string>();
  return attendees.filter((a) => {
    const key = `${a.type}:${a.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const appointmentInput = {
  subject: textSchema().trim().min(1).max(500),
  description: longTextSchema.nullable(),
  location: textSchema().trim().min(1).max(500).nullable(),
  startsAt: instantSchema,
  /** MUST be after `startsAt`. */
  endsAt: instantSchema,
  /** The organiser; defaults to the creating user. The organiser always counts as attending. */
  ownerId: userIdSchema.nullable(),
  /** The record the appointment is about (an opportunity, a case), if any. */
  relatedTo: relatedToSchema.nullable(),
  attendees: z.array(attendeeSchema).max(200).transform(unique),
  /** Replaces the reminders that have not fired yet. At most 10. */
  reminders: z.array(reminderSchema).max(10),
};

/** Moves `relatedTo` into the two columns that store it. */
function flattenRelatedTo<T extends { relatedTo?: RelatedTo | null | undefined }>(input: T) {
  const { relatedTo, ...rest } = input;
  if (relatedTo === undefined) return rest;
  return { ...rest, relatedType: relatedTo?.type ?? null, relatedId: relatedTo?.id ?? null };
}

function endAfterStart(value: { startsAt?: string | undefined; endsAt?: string | undefined }, ctx: z.RefinementCtx) {
  if (value.startsAt !== undefined && value.endsAt !== undefined && value.endsAt <= value.startsAt) {
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: "An appointment must end after it starts" });
  }
}

/**
 * Input of `calendar.create`. Unknown keys are rejected; `endsAt` must be after `startsAt`.
 *
 * @example
 * ```ts
 * await client.calendar.create({
 *   subject: "Demo at Globex",
 *   startsAt: "2026-03-04T14:00:00Z",
 *   endsAt: "2026-03-04T15:00:00Z",
 *   attendees: [{ type: "user", id: "bob" }, { type: "contact", id: contact.id }],
 *   reminders: [{ minutesBefore: 30 }],
 * }, { rejectDoubleBooking: true });
 * ```
 */
export const createAppointmentSchema = withRecordExtensions(
  z
    .object({
      subject: appointmentInput.subject,
      description: appointmentInput.description.optional(),
      location: appointmentInput.location.optional(),
      startsAt: appointmentInput.startsAt,
      endsAt: appointmentInput.endsAt,
      ownerId: appointmentInput.ownerId.optional(),
      relatedTo: appointmentInput.relatedTo.optional(),
      attendees: appointmentInput.attendees.default([]),
      reminders: appointmentInput.reminders.default([]),
    })
    .strict()
    .superRefine(endAfterStart)
    .transform(flattenRelatedTo),
);
export type CreateAppointmentInput = z.input<typeof createAppointmentSchema>;

/** Input of `calendar.update`: any subset of the fields; `attendees` and `reminders` replace the lists. */
export const updateAppointmentSchema = withRecordExtensions(
  z.object(appointmentInput).partial().strict().superRefine(endAfterStart).transform(flattenRelatedTo),
);
export type UpdateAppointmentInput = z.input<typeof updateAppointmentSchema>;

/** Options of `calendar.create`. */
export const bookingOptionsSchema = z
  .object({
    /**
     * Refuse the appointment with a `DoubleBookingError` (listing the clashes) when the
     * organiser or a user attendee already has an overlapping appointment. @default false
     */
    rejectDoubleBooking: z.boolean().optional(),
  })
  .strict();
export type BookingOptions = z.input<typeof bookingOptionsSchema>;

/** Options of `calendar.update`. */
export const rescheduleOptionsSchema = bookingOptionsSchema
  .extend({ expectedVersion: z.number().int().positive().optional() })
  .strict();
export type RescheduleOptions = z.input<typeof rescheduleOptionsSchema>;

/** Input of `calendar.agenda`: one user's appointments overlapping `[from, to)`. */
export const agendaQuerySchema = z
  .object({
    userId: userIdSchema,
    from: instantSchema,
    to: instantSchema,
    /** Page size, 1–500. @default 100 */
    limit: z.number().int().min(1).max(500).optional(),
    cursor: z.string().max(4_096).optional(),
  })
  .strict()
  .refine((q) => q.to > q.from, { path: ["to"], message: "`to` must be after `from`" });
export type AgendaQuery = z.input<typeof agendaQuerySchema>;

/** Input of `calendar.clashes`: which of these users are busy at some point in `[startsAt, endsAt)`. */
export const clashQuerySchema = z
  .object({
    userIds: z.array(userIdSchema).min(1).max(200),
    startsAt: instantSchema,
    endsAt: instantSchema,
    /** Leave this appointment out (the one being moved). */
    excludeAppointmentId: z.string().min(1).max(64).optional(),
  })
  .strict()
  .superRefine(endAfterStart);
export type ClashQuery = z.input<typeof clashQuerySchema>;
