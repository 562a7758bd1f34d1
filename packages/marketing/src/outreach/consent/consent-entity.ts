import { defineEntity, type EntityRecord, field } from "@rapport/core";
import * as z from "zod";
import {
  CONSENT_CHANNELS,
  type ConsentChannel,
  type ConsentStatus,
  LAWFUL_BASES,
  type LawfulBasis,
  SUPPRESSION_REASONS,
  type SuppressionReason,
} from "./consent-schema.js";

const consentFields = {
  subjectType: field.text<"contact" | "lead">(),
  subjectId: field.text(),
  channel: field.text<ConsentChannel>(),
  status: field.text<ConsentStatus>({ computed: true }),
  lawfulBasis: field.text<LawfulBasis>(),
  source: field.nullableText(),
  /** When the status last changed, by the injected clock. */
  changedAt: field.timestamp({ computed: true }),
  /** SHA-256 of the pending double opt-in token; the token itself is never stored. */
  optInTokenHash: field.nullableText({ filterable: false, sortable: false }),
  optInExpiresAt: field.nullableTimestamp(),
};

/**
 * A subject's consent on one channel: one record per contact (or lead) and channel, changed
 * through the record layer, so its audit trail is the consent's history.
 */
export const consentEntity = defineEntity({
  type: "consent",
  table: "marketing_consents",
  idPrefix: "cns",
  fields: consentFields,
  // Written only by the consent verbs (record, withdraw, requestOptIn, confirmOptIn).
  createSchema: z
    .object({
      subjectType: z.enum(["contact", "lead"]),
      subjectId: z.string(),
      channel: z.enum(CONSENT_CHANNELS),
      lawfulBasis: z.enum(LAWFUL_BASES),
      source: z.string().nullable(),
    })
    .strict(),
  patchSchema: z.object({}).strict(),
});

/** A consent record as stored (with the opt-in token's hash). */
export type StoredConsent = EntityRecord<typeof consentFields>;

/** A consent record as returned: the opt-in token's hash left out. */
export type Consent = Omit<StoredConsent, "optInTokenHash">;

/** A consent as callers see it. */
export function consentView(record: StoredConsent): Consent {
  const { optInTokenHash: _hash, ...rest } = record;
  return rest;
}

const suppressionFields = {
  /** Lower case. */
  address: field.text(),
  reason: field.text<SuppressionReason>(),
  source: field.nullableText(),
};

/** An address no marketing email goes to (after a hard bounce, a complaint, by hand); lifted by archiving. */
export const suppressionEntity = defineEntity({
  type: "email_suppression",
  table: "marketing_email_suppressions",
  idPrefix: "esup",
  fields: suppressionFields,
  createSchema: z
    .object({ address: z.string(), reason: z.enum(SUPPRESSION_REASONS), source: z.string().nullable() })
    .strict(),
  patchSchema: z.object({}).strict(),
});

/** A suppressed address. */
export type Suppression = EntityRecord<typeof suppressionFields>;
