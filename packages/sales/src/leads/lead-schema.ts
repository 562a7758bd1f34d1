import {
  idSchema,
  longTextSchema,
  textSchema,
  userIdSchema,
  withRecordExtensions,
  writeOptionsSchema,
} from "@rapport/core";
import * as z from "zod";
import { countrySchema, emailSchema, phoneTextSchema } from "./contact-normalise.js";

/** Where a lead came from. */
export const LEAD_SOURCES = [
  "web_form",
  "event",
  "referral",
  "campaign",
  "partner",
  "import",
  "phone",
  "email",
  "other",
] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

/**
 * A lead's status: `new` → `working` → `qualified` or `disqualified` (with a reason). A
 * disqualified lead can be reopened to `working`; a qualified one is converted, and is then
 * `converted` for good (its `converted*Id` fields link to what it became).
 */
export const LEAD_STATUSES = ["new", "working", "qualified", "disqualified", "converted"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

const personName = textSchema().trim().min(1).max(100).nullable();

/** The person and company fields shared by leads and web-to-lead captures. */
export const leadPersonFields = {
  firstName: personName,
  lastName: personName,
  company: textSchema().trim().min(1).max(200).nullable(),
  title: textSchema().trim().min(1).max(200).nullable(),
  /** Lower-cased; a lead is matched to open leads and contacts by it. */
  email: emailSchema.nullable(),
  /** Stored in E.164, read with `country` when it is a national number. */
  phone: phoneTextSchema.nullable(),
  country: countrySchema.nullable(),
  /** What the lead asked about: product names, SKUs or families. */
  productInterests: z.array(textSchema().trim().min(1).max(100)).max(20),
  /** The message the lead left. */
  message: longTextSchema.max(20_000).nullable(),
};

const leadFields = {
  ...leadPersonFields,
  source: z.enum(LEAD_SOURCES),
  /** The campaign, event, referrer or form behind `source`. */
  sourceDetail: textSchema().trim().min(1).max(200).nullable(),
  /** The territory; derived from `country` when not given. */
  territoryId: idSchema("terr").nullable(),
};

/** A lead needs something to reach or recognise it by. */
function identifiable(
  value: {
    email?: string | null | undefined;
    phone?: string | null | undefined;
    lastName?: string | null | undefined;
    company?: string | null | undefined;
  },
  ctx: z.RefinementCtx,
) {
  if (value.email == null && value.phone == null && value.lastName == null && value.company == null) {
    ctx.addIssue({
      code: "custom",
      path: ["email"],
      message: "A lead needs an email, a phone, a last name or a company",
    });
  }
}

/**
 * Input of `leads.create`. The owner defaults to the creating user (leads created by the
 * system actor are routed by the lead rules); the status starts at `new`.
 *
 * @example
 * ```ts
 * await rep.sales.leads.create({ firstName: "Ada", lastName: "Byron", company: "Analytical Ltd", email: "ada@example.com", source: "event" });
 * ```
 */
export const createLeadSchema = withRecordExtensions(
  z
    .object({
      firstName: leadFields.firstName.optional(),
      lastName: leadFields.lastName.optional(),
      company: leadFields.company.optional(),
      title: leadFields.title.optional(),
      email: leadFields.email.optional(),
      phone: leadFields.phone.optional(),
      country: leadFields.country.optional(),
      productInterests: leadFields.productInterests.default([]),
      message: leadFields.message.optional(),
      source: leadFields.source.default("other"),
      sourceDetail: leadFields.sourceDetail.optional(),
      territoryId: leadFields.territoryId.optional(),
      ownerId: userIdSchema.nullable().optional(),
    })
    .strict()
    .superRefine(identifiable),
);
export type CreateLeadInput = z.input<typeof createLeadSchema>;

/** Input of `leads.update`. Status and owner change through `qualify`/`disqualify`/`assign`. */
export const updateLeadSchema = withRecordExtensions(z.object(leadFields).partial().strict());
export type UpdateLeadInput = z.input<typeof updateLeadSchema>;

/** Options of `leads.disqualify`. */
export const disqualifyLeadSchema = z
  .object({
    /** Why the lead is not worth pursuing. */
    reason: textSchema().trim().min(1).max(500),
    expectedVersion: writeOptionsSchema.shape.expectedVersion,
  })
  .strict();
export type DisqualifyLeadOptions = z.input<typeof disqualifyLeadSchema>;

/** Options of `leads.assign`: a user, or omit `userId` to route the lead by the lead rules. */
export const assignLeadSchema = z
  .object({
    userId: userIdSchema.optional(),
    expectedVersion: writeOptionsSchema.shape.expectedVersion,
  })
  .strict();
export type AssignLeadOptions = z.input<typeof assignLeadSchema>;
