import { idSchema, longTextSchema, nameSchema, textSchema } from "@rapport/core";
import * as z from "zod";
import { CALL_DIRECTIONS, CALL_DISPOSITIONS, phoneNumberSchema } from "../calls/call-schema.js";
import { languageSchema, subjectSchema } from "../cases/case-schema.js";
import { instantSchema } from "../shared/time-schemas.js";
import { CASE_PRIORITIES, CASE_TYPES } from "../shared/vocabulary.js";

const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email("Not a valid email address"));

/** Who sent the request, when they are not (yet) a known contact: used for a sales lead. */
export const intakeCustomerSchema = z
  .object({
    name: nameSchema.optional(),
    email: emailSchema.optional(),
    phone: phoneNumberSchema.optional(),
    company: nameSchema.optional(),
  })
  .strict();

const common = {
  /** The type the request declares (a form's "type" field); routing rules may match on it. */
  type: z.enum(CASE_TYPES).optional(),
  priority: z.enum(CASE_PRIORITIES).optional(),
  accountId: idSchema("acc").optional(),
  /** A known contact; without it an email sender is looked up by address. */
  contactId: idSchema("con").optional(),
  productId: idSchema("prd").optional(),
  language: languageSchema.optional(),
  customer: intakeCustomerSchema.optional(),
  /** The same key again returns the first result instead of routing twice (a different payload: `IdempotencyKeyError`). */
  idempotencyKey: textSchema().trim().min(1).max(255).optional(),
};

/** A phone call that came in (or went out) through the contact center. */
export const callIntakeSchema = z
  .object({
    kind: z.literal("call"),
    direction: z.enum(CALL_DIRECTIONS).default("inbound"),
    from: phoneNumberSchema,
    to: phoneNumberSchema,
    startedAt: instantSchema,
    durationSeconds: z
      .number()
      .int()
      .min(0, "A call's duration cannot be negative")
      .max(7 * 86_400),
    disposition: z.enum(CALL_DISPOSITIONS).optional(),
    recordingRef: textSchema().trim().min(1).max(2_000).optional(),
    subject: subjectSchema.optional(),
    /** What the caller wanted, as the agent or the IVR noted it. */
    notes: longTextSchema.optional(),
    ...common,
  })
  .strict();

/** An email to a support address. */
export const emailIntakeSchema = z
  .object({
    kind: z.literal("email"),
    from: emailSchema,
    to: emailSchema.optional(),
    subject: subjectSchema,
    body: longTextSchema,
    messageId: textSchema().trim().min(1).max(998).optional(),
    ...common,
  })
  .strict();

/** A web form submission. `fields` are the form's other fields, kept in the description. */
export const webFormIntakeSchema = z
  .object({
    kind: z.literal("web_form"),
    subject: subjectSchema,
    message: longTextSchema,
    fields: z.record(textSchema().min(1).max(100), textSchema().max(10_000)).optional(),
    ...common,
  })
  .strict();

/** A finished chat: its transcript, line by line. */
export const chatIntakeSchema = z
  .object({
    kind: z.literal("chat"),
    subject: subjectSchema.optional(),
    transcript: z
      .array(
        z
          .object({
            from: z.enum(["customer", "agent", "bot"]),
            text: textSchema().max(20_000),
            at: instantSchema.optional(),
          })
          .strict(),
      )
      .min(1)
      .max(5_000),
    ...common,
  })
  .strict();

/**
 * Input of `service.intake`: every inbound request — a call, an email, a web form or a chat
 * transcript — as one discriminated union on `kind`.
 *
 * @example
 * ```ts
 * await crm.system("acme").service.intake({ kind: "email", from: "ada@example.com", subject: "Refund please", body: "…" });
 * ```
 */
export const intakeRequestSchema = z.discriminatedUnion("kind", [
  callIntakeSchema,
  emailIntakeSchema,
  webFormIntakeSchema,
  chatIntakeSchema,
]);
export type IntakeRequest = z.input<typeof intakeRequestSchema>;
export type ParsedIntake = z.output<typeof intakeRequestSchema>;
