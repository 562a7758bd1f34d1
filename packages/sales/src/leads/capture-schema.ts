import { customValuesSchema, textSchema } from "@rapport/core";
import * as z from "zod";
import { LEAD_SOURCES, leadPersonFields } from "./lead-schema.js";

/** What a capture did: created a lead, or attached the submission to an open lead or an existing contact. */
export const CAPTURE_OUTCOMES = ["created", "attached_to_lead", "attached_to_contact"] as const;
export type CaptureOutcome = (typeof CAPTURE_OUTCOMES)[number];

/**
 * A web-to-lead submission. It needs an email or a phone; the email is lower-cased and the
 * phone normalised to E.164 (a national number needs `country`). Unknown keys are rejected,
 * and every text field has a length limit, so a form cannot post megabytes.
 */
export const captureLeadSchema = z
  .object({
    firstName: leadPersonFields.firstName.optional(),
    lastName: leadPersonFields.lastName.optional(),
    company: leadPersonFields.company.optional(),
    title: leadPersonFields.title.optional(),
    email: leadPersonFields.email.optional(),
    phone: leadPersonFields.phone.optional(),
    country: leadPersonFields.country.optional(),
    productInterests: leadPersonFields.productInterests.default([]),
    message: leadPersonFields.message.optional(),
    /** @default "web_form" */
    source: z.enum(LEAD_SOURCES).default("web_form"),
    /** The form, page or campaign the submission came from. */
    sourceDetail: textSchema().trim().min(1).max(200).optional(),
    custom: customValuesSchema.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.email == null && value.phone == null) {
      ctx.addIssue({ code: "custom", path: ["email"], message: "A captured lead needs an email or a phone" });
    }
  });
export type LeadCaptureInput = z.input<typeof captureLeadSchema>;

/** Options of `leads.capture`. */
export const captureOptionsSchema = z
  .object({
    /**
     * The submission's key (the form's request id): the same key again returns the first
     * result instead of capturing twice. Without a key every call captures.
     */
    idempotencyKey: textSchema().trim().min(1).max(255).optional(),
  })
  .strict();
export type CaptureOptions = z.input<typeof captureOptionsSchema>;

/** What `leads.capture` did. */
export interface CaptureResult {
  readonly captureId: string;
  readonly outcome: CaptureOutcome;
  /** The new lead, or the open lead the submission was attached to. */
  readonly leadId: string | null;
  /** The existing contact the submission matched, or the contact an auto-conversion made. */
  readonly contactId: string | null;
  /** The opportunity an auto-conversion made. */
  readonly opportunityId: string | null;
  /** True when this call repeated an earlier capture's idempotency key and wrote nothing. */
  readonly replayed: boolean;
}
