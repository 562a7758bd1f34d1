import { emailAddressSchema, idSchema, textSchema } from "@rapport/core";
import * as z from "zod";

/** The channels consent is kept for. */
export const CONSENT_CHANNELS = ["email", "phone", "sms", "post"] as const;
/** A channel consent is kept for. */
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** Where a subject stands on a channel: only `granted` lets a message through. */
export const CONSENT_STATUSES = ["granted", "withdrawn", "pending"] as const;
/** A consent status. */
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** The lawful bases of processing (GDPR art. 6) a consent record can name. */
export const LAWFUL_BASES = [
  "consent",
  "contract",
  "legal_obligation",
  "vital_interests",
  "public_task",
  "legitimate_interest",
] as const;
/** A lawful basis. */
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

/** Who a consent belongs to: a contact, or a lead (needs the sales module). */
export const consentSubjectSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("contact"), id: idSchema("con") }).strict(),
  z.object({ type: z.literal("lead"), id: idSchema("lead") }).strict(),
]);
/** A consent's subject. */
export type ConsentSubject = z.output<typeof consentSubjectSchema>;

/** Where a consent came from: a form, an import, a call, a link in an email. */
const sourceSchema = textSchema().trim().min(1, "Must not be empty").max(200);

/**
 * Input of `marketing.consents.record`: a subject's consent on a channel, as given now.
 *
 * @example
 * ```ts
 * await marketer.marketing.consents.record({ subject: { type: "contact", id }, channel: "email", status: "granted", source: "signup-form" });
 * ```
 */
export const recordConsentSchema = z
  .object({
    subject: consentSubjectSchema,
    channel: z.enum(CONSENT_CHANNELS),
    status: z.enum(["granted", "withdrawn"]),
    /** @default "consent" */
    lawfulBasis: z.enum(LAWFUL_BASES).default("consent"),
    source: sourceSchema,
  })
  .strict();
/** Input of `marketing.consents.record`. */
export type RecordConsentInput = z.input<typeof recordConsentSchema>;

/** Input of `marketing.consents.withdraw` and `requestOptIn`: subject, channel and source. */
export const consentRequestSchema = z
  .object({ subject: consentSubjectSchema, channel: z.enum(CONSENT_CHANNELS), source: sourceSchema })
  .strict();
/** Input of `marketing.consents.withdraw` and `requestOptIn`. */
export type ConsentRequestInput = z.input<typeof consentRequestSchema>;

/** Input of `marketing.consents.get` and `check`: a subject and a channel. */
export const consentQuerySchema = z
  .object({ subject: consentSubjectSchema, channel: z.enum(CONSENT_CHANNELS) })
  .strict();
/** Input of `marketing.consents.get` and `check`. */
export type ConsentQuery = z.input<typeof consentQuerySchema>;

/** A double opt-in token as handed out: 43 base64url characters. */
export const optInTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "Not an opt-in token");

/** Why an address is suppressed. */
export const SUPPRESSION_REASONS = ["hard_bounce", "complaint", "unsubscribe", "manual"] as const;
/** A suppression reason. */
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** Input of `marketing.suppressions.add`. */
export const addSuppressionSchema = z
  .object({ address: emailAddressSchema, reason: z.enum(SUPPRESSION_REASONS), source: sourceSchema.optional() })
  .strict();
/** Input of `marketing.suppressions.add`. */
export type AddSuppressionInput = z.input<typeof addSuppressionSchema>;
