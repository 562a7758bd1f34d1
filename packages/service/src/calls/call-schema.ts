import { idSchema, longTextSchema, textSchema, userIdSchema, withRecordExtensions } from "@rapport/core";
import * as z from "zod";
import { instantSchema } from "../shared/time-schemas.js";

/** Which way a call went. */
export const CALL_DIRECTIONS = ["inbound", "outbound"] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/** How a call ended. */
export const CALL_DISPOSITIONS = [
  "answered",
  "no_answer",
  "busy",
  "voicemail",
  "failed",
  "callback_requested",
  "transferred",
] as const;
export type CallDisposition = (typeof CALL_DISPOSITIONS)[number];

/** A phone number or extension as the telephony system gave it. */
export const phoneNumberSchema = textSchema().trim().min(1).max(64);

const callFields = {
  direction: z.enum(CALL_DIRECTIONS),
  from: phoneNumberSchema,
  to: phoneNumberSchema,
  startedAt: instantSchema,
  /** Whole seconds, 0 or more (0 for an unanswered call). */
  durationSeconds: z
    .number()
    .int()
    .min(0, "A call's duration cannot be negative")
    .max(7 * 86_400),
  disposition: z.enum(CALL_DISPOSITIONS).nullable(),
  /** Where the telephony system keeps the recording (URL or id). */
  recordingRef: textSchema().trim().min(1).max(2_000).nullable(),
  notes: longTextSchema.nullable(),
  accountId: idSchema("acc").nullable(),
  contactId: idSchema("con").nullable(),
  caseId: idSchema("case").nullable(),
  /** A sales lead (needs the sales module). */
  leadId: idSchema("lead").nullable(),
  /** The agent on the call; defaults to the user logging it. */
  ownerId: userIdSchema.nullable(),
};

/**
 * Input of `service.calls.create`: one call log entry, linked to a contact, case or lead.
 *
 * @example
 * ```ts
 * await agent.service.calls.create({ direction: "inbound", from: "+4930123456", to: "200", startedAt: "2026-03-02T09:15:00Z", durationSeconds: 340, disposition: "answered", caseId: c.id });
 * ```
 */
export const createCallSchema = withRecordExtensions(
  z
    .object({
      ...callFields,
      disposition: callFields.disposition.optional(),
      recordingRef: callFields.recordingRef.optional(),
      notes: callFields.notes.optional(),
      accountId: callFields.accountId.optional(),
      contactId: callFields.contactId.optional(),
      caseId: callFields.caseId.optional(),
      leadId: callFields.leadId.optional(),
      ownerId: callFields.ownerId.optional(),
    })
    .strict(),
);
export type CreateCallInput = z.input<typeof createCallSchema>;

/** Input of `service.calls.update`: what is known after the call. */
export const updateCallSchema = withRecordExtensions(
  z
    .object({
      durationSeconds: callFields.durationSeconds,
      disposition: callFields.disposition,
      recordingRef: callFields.recordingRef,
      notes: callFields.notes,
    })
    .partial()
    .strict(),
);
export type UpdateCallInput = z.input<typeof updateCallSchema>;
