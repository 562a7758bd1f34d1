import { idSchema, instantSchema, longTextSchema, textSchema, withRecordExtensions } from "@rapport/core";
import * as z from "zod";

/** A tenant's member status key: lower-case letters, digits and `_`. */
export const statusKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,49}$/, "Use lower-case letters, digits and _ (up to 50), starting with a letter");

/**
 * Input of `marketing.campaigns.memberStatuses.create`: a status campaign members can have.
 * `responded` marks the statuses that count as a response.
 */
export const createMemberStatusSchema = withRecordExtensions(
  z
    .object({
      key: statusKeySchema,
      label: textSchema().trim().min(1).max(100),
      responded: z.boolean().default(false),
      position: z.number().int().min(0).max(10_000).default(100),
    })
    .strict(),
);
/** Input of `memberStatuses.create`. */
export type CreateMemberStatusInput = z.input<typeof createMemberStatusSchema>;

/** Input of `memberStatuses.update`: the key stays. */
export const updateMemberStatusSchema = withRecordExtensions(
  z
    .object({
      label: textSchema().trim().min(1).max(100),
      responded: z.boolean(),
      position: z.number().int().min(0).max(10_000),
    })
    .partial()
    .strict(),
);
/** Input of `memberStatuses.update`. */
export type UpdateMemberStatusInput = z.input<typeof updateMemberStatusSchema>;

/** Input of `marketing.campaigns.members.add`: contacts, leads, or the contacts or leads of a segment. */
export const addMembersSchema = z
  .object({
    contactIds: z.array(idSchema("con")).max(1_000).optional(),
    leadIds: z.array(idSchema("lead")).max(1_000).optional(),
    /** A contact or lead segment, evaluated now under the caller's scopes. */
    segmentId: idSchema("seg").optional(),
    /** The new members' status, a key of the tenant's list. @default none */
    status: statusKeySchema.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (!value.contactIds?.length && !value.leadIds?.length && value.segmentId === undefined)
      ctx.addIssue({ code: "custom", path: [], message: "Name contactIds, leadIds or a segmentId" });
  });
/** Input of `members.add`. */
export type AddMembersInput = z.input<typeof addMembersSchema>;

/** The lead details of a response from someone not yet known: passed to `sales.leads.capture`. */
const responseLeadSchema = z.record(z.string(), z.unknown());

/**
 * Input of `marketing.campaigns.recordResponse`: who responded — a contact, a lead, a member,
 * or new lead details (`lead`, needs the sales module) — when, with which status, and the
 * opportunity it bears on, if any.
 *
 * @example
 * ```ts
 * await m.marketing.campaigns.recordResponse({ campaignId, lead: { email: "ana@example.com", company: "Globex" } });
 * ```
 */
export const recordResponseSchema = z
  .object({
    campaignId: idSchema("cmp"),
    contactId: idSchema("con").optional(),
    leadId: idSchema("lead").optional(),
    /** Captured as a lead through `sales.leads.capture` (source `campaign`). */
    lead: responseLeadSchema.optional(),
    /** An opportunity the response bears on: the campaign is recorded as influencing it. */
    opportunityId: idSchema("opp").optional(),
    /** A status marked `responded`. @default the first such status */
    status: statusKeySchema.optional(),
    /** @default now */
    respondedAt: instantSchema.optional(),
    note: longTextSchema.optional(),
    /** Makes the lead capture idempotent (a form's request id). */
    idempotencyKey: textSchema().trim().min(1).max(255).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const who = [value.contactId, value.leadId, value.lead].filter((x) => x !== undefined).length;
    if (who !== 1)
      ctx.addIssue({ code: "custom", path: ["contactId"], message: "Name exactly one of contactId, leadId or lead" });
  });
/** Input of `recordResponse`. */
export type RecordResponseInput = z.input<typeof recordResponseSchema>;

/** Input of `marketing.campaigns.influence`: the campaign touched the opportunity at `touchedAt`. */
export const influenceSchema = z
  .object({
    campaignId: idSchema("cmp"),
    opportunityId: idSchema("opp"),
    /** @default now */
    touchedAt: instantSchema.optional(),
  })
  .strict();
/** Input of `influence`. */
export type InfluenceInput = z.input<typeof influenceSchema>;
