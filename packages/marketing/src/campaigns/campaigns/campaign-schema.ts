import {
  currencySchema,
  idSchema,
  instantSchema,
  longTextSchema,
  moneyAmountSchema,
  nameSchema,
  textSchema,
  userIdSchema,
  withRecordExtensions,
} from "@rapport/core";
import * as z from "zod";

/** What kind of campaign it is. */
export const CAMPAIGN_TYPES = [
  "email",
  "event",
  "web",
  "print",
  "tv_radio",
  "telemarketing",
  "partner",
  "other",
] as const;
/** One of {@link CAMPAIGN_TYPES}. */
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];

/** A campaign's lifecycle: planned → active → completed, or aborted from planned or active. */
export const CAMPAIGN_STATUSES = ["planned", "active", "completed", "aborted"] as const;
/** One of {@link CAMPAIGN_STATUSES}. */
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

const campaignFields = {
  name: nameSchema,
  type: z.enum(CAMPAIGN_TYPES),
  ownerId: userIdSchema.nullable(),
  /** The planned spend, in minor units of `currency`. */
  budget: moneyAmountSchema.nullable(),
  currency: currencySchema,
  /** The revenue the campaign is expected to bring, in minor units of `currency`. */
  expectedRevenue: moneyAmountSchema.nullable(),
  startsAt: instantSchema,
  endsAt: instantSchema,
  /** The campaign this one is part of (a programme and its campaigns). */
  parentId: idSchema("cmp").nullable(),
  description: longTextSchema.nullable(),
};

/** A campaign must end after it starts. */
function endsAfterStart(value: { startsAt?: string | undefined; endsAt?: string | undefined }, ctx: z.RefinementCtx) {
  if (value.startsAt !== undefined && value.endsAt !== undefined && value.endsAt <= value.startsAt)
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: "A campaign must end after it starts" });
}

/**
 * Input of `marketing.campaigns.create`. Money is integer minor units of `currency`.
 *
 * @example
 * ```ts
 * await marketer.marketing.campaigns.create({ name: "Spring launch", type: "email", currency: "EUR", budget: 500000, startsAt: "2026-04-01T00:00:00Z", endsAt: "2026-06-30T00:00:00Z" });
 * ```
 */
export const createCampaignSchema = withRecordExtensions(
  z
    .object({
      ...campaignFields,
      ownerId: campaignFields.ownerId.optional(),
      budget: campaignFields.budget.optional(),
      expectedRevenue: campaignFields.expectedRevenue.optional(),
      parentId: campaignFields.parentId.optional(),
      description: campaignFields.description.optional(),
    })
    .strict()
    .superRefine(endsAfterStart),
);
/** Input of `marketing.campaigns.create`. */
export type CreateCampaignInput = z.input<typeof createCampaignSchema>;

/** Input of `marketing.campaigns.update`: the status moves through its own verbs, the currency stays. */
export const updateCampaignSchema = withRecordExtensions(
  z
    .object({
      name: campaignFields.name,
      type: campaignFields.type,
      ownerId: campaignFields.ownerId,
      budget: campaignFields.budget,
      expectedRevenue: campaignFields.expectedRevenue,
      startsAt: campaignFields.startsAt,
      endsAt: campaignFields.endsAt,
      parentId: campaignFields.parentId,
      description: campaignFields.description,
    })
    .partial()
    .strict()
    .superRefine(endsAfterStart),
);
/** Input of `marketing.campaigns.update`. */
export type UpdateCampaignInput = z.input<typeof updateCampaignSchema>;

/** A calendar date, `YYYY-MM-DD`. */
export const dateSchema = z.iso.date();

/** Input of `marketing.campaigns.addCost`: one line of actual cost, in the campaign's currency. */
export const addCostSchema = z
  .object({
    incurredOn: dateSchema,
    description: textSchema().trim().min(1).max(500),
    amount: moneyAmountSchema,
  })
  .strict();
/** Input of `marketing.campaigns.addCost`. */
export type AddCostInput = z.input<typeof addCostSchema>;
