import * as z from "zod";
import { instantSchema } from "../calendar/instant-schema.js";
import { withRecordExtensions } from "../entities/record-input.js";
import { longTextSchema, textSchema, userIdSchema } from "../schemas/common-schemas.js";

/** What kind of contact an activity records. */
export const ACTIVITY_KINDS = ["call", "email", "meeting", "note", "task"] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/**
 * A link to a record of any module: `{ type: "account", id: "acc_…" }`. The type must be
 * registered by some module (core, sales, service, a plugin) and the record must exist in
 * the actor's tenant.
 */
export const relatedToSchema = z
  .object({
    type: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "A record type is lowercase letters, digits and _"),
    id: z.string().min(1).max(64),
  })
  .strict();
export type RelatedTo = z.output<typeof relatedToSchema>;

const activityInput = {
  kind: z.enum(ACTIVITY_KINDS),
  relatedTo: relatedToSchema,
  /** A one-line summary. */
  subject: textSchema().trim().min(1).max(500).nullable(),
  body: longTextSchema.nullable(),
  /** The responsible user; defaults to the creating user. */
  ownerId: userIdSchema.nullable(),
  /** When the contact happened (or is planned). Orders the timeline. @default now */
  occurredAt: instantSchema,
  /** When a task (or a planned call) is due. */
  dueAt: instantSchema.nullable(),
  /** When it was done; `null` while open. */
  doneAt: instantSchema.nullable(),
  /** How it went: `"left voicemail"`, `"meeting booked"`. */
  outcome: textSchema().trim().min(1).max(500).nullable(),
  /** Length in whole minutes, 0 or more. */
  durationMinutes: z.number().int().min(0).max(1_000_000).nullable(),
};

/** Moves `relatedTo` into the two columns that store it. */
function flattenRelatedTo<T extends { relatedTo?: RelatedTo | undefined }>(input: T) {
  const { relatedTo, ...rest } = input;
  return relatedTo === undefined ? rest : { ...rest, relatedType: relatedTo.type, relatedId: relatedTo.id };
}

/**
 * Input of `activities.create`: a call, email, meeting, note or task on any record.
 * Needs a `subject` or a `body`. Unknown keys are rejected.
 *
 * @example
 * ```ts
 * await client.activities.create({ kind: "call", relatedTo: { type: "account", id: acct.id }, subject: "Intro call", durationMinutes: 20 });
 * ```
 */
export const createActivitySchema = withRecordExtensions(
  z
    .object({
      kind: activityInput.kind,
      relatedTo: activityInput.relatedTo,
      subject: activityInput.subject.optional(),
      body: activityInput.body.optional(),
      ownerId: activityInput.ownerId.optional(),
      occurredAt: activityInput.occurredAt.optional(),
      dueAt: activityInput.dueAt.optional(),
      doneAt: activityInput.doneAt.optional(),
      outcome: activityInput.outcome.optional(),
      durationMinutes: activityInput.durationMinutes.optional(),
    })
    .strict()
    .refine((input) => (input.subject ?? null) !== null || (input.body ?? null) !== null, {
      path: ["subject"],
      message: "An activity needs a subject or a body",
    })
    .transform(flattenRelatedTo),
);
export type CreateActivityInput = z.input<typeof createActivitySchema>;

/** Input of `activities.update`: any subset of the fields; `relatedTo` moves the activity to another record. */
export const updateActivitySchema = withRecordExtensions(
  z.object(activityInput).partial().strict().transform(flattenRelatedTo),
);
export type UpdateActivityInput = z.input<typeof updateActivitySchema>;

/** Options of `activities.complete`. */
export const completeActivitySchema = z
  .object({
    outcome: activityInput.outcome.optional(),
    durationMinutes: activityInput.durationMinutes.optional(),
    expectedVersion: z.number().int().positive().optional(),
  })
  .strict();
export type CompleteActivityOptions = z.input<typeof completeActivitySchema>;

/** Options of `activities.timeline`. */
export const timelineOptionsSchema = z
  .object({
    /** Page size, 1–200. @default 50 */
    limit: z.number().int().min(1).max(200).optional(),
    /** `nextCursor` of the previous page. */
    cursor: z.string().max(4_096).optional(),
    /** Only these kinds. */
    kinds: z.array(z.enum(ACTIVITY_KINDS)).min(1).max(ACTIVITY_KINDS.length).optional(),
    /** Include activities of child records (an account's contacts). @default true */
    includeChildren: z.boolean().optional(),
  })
  .strict();
export type TimelineOptions = z.input<typeof timelineOptionsSchema>;
