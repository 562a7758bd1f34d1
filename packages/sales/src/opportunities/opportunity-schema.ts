import {
  currencySchema,
  idSchema,
  longTextSchema,
  moneyAmountSchema,
  nameSchema,
  textSchema,
  userIdSchema,
  withRecordExtensions,
  writeOptionsSchema,
} from "@rapport/core";
import { plainExtensionRules, plainFields, plainInput } from "@rapport/core/internals";
import * as z from "zod";
import { STAGE_KEY_PATTERN, stageKeySchema } from "../pipelines/stage-schema.js";

/** Where an opportunity stands: still being worked, or closed as won or lost. */
export const OPPORTUNITY_STATUSES = ["open", "won", "lost"] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

/** Whether the probability follows the stage or was set by hand. */
export const PROBABILITY_SOURCES = ["stage", "manual"] as const;
export type ProbabilitySource = (typeof PROBABILITY_SOURCES)[number];

/** A calendar date, `YYYY-MM-DD`. */
export const dateSchema = z.iso.date();

/** The fields an opportunity input may carry, with their rules. */
export const opportunityFields = {
  name: nameSchema,
  accountId: idSchema("acc"),
  /** The main person at the account; must be one of its contacts. */
  primaryContactId: idSchema("con").nullable(),
  ownerId: userIdSchema.nullable(),
  /** Total value in minor units of `currency`. */
  amount: moneyAmountSchema.nullable(),
  currency: currencySchema.nullable(),
  /** Monthly recurring revenue of a subscription deal, in minor units of `currency`. */
  recurringAmount: moneyAmountSchema.nullable(),
  /** Subscription term in months. */
  termMonths: z.number().int().min(1).max(1_200).nullable(),
  /** The expected (then actual) close date. */
  closeDate: dateSchema.nullable(),
  /** Win probability in percent; `null` on update goes back to the stage's. */
  probability: z.number().int().min(0).max(100).nullable(),
  /** Where the deal came from (`web_form`, `referral`, a campaign name). */
  source: textSchema().trim().min(1).max(100).nullable(),
  /** The next agreed step (`"Security review on Tuesday"`). */
  nextStep: textSchema().trim().min(1).max(500).nullable(),
  description: longTextSchema.max(100_000).nullable(),
};

/** An amount needs a currency. */
export function moneyNeedsCurrency(
  value: {
    amount?: number | null | undefined;
    recurringAmount?: number | null | undefined;
    currency?: string | null | undefined;
  },
  ctx: z.RefinementCtx,
) {
  if ((value.amount != null || value.recurringAmount != null) && value.currency == null) {
    ctx.addIssue({
      code: "custom",
      path: ["currency"],
      message: "A currency is required with amount or recurringAmount",
    });
  }
}

/**
 * Input of `opportunities.create`. The pipeline defaults to the tenant's default pipeline,
 * the stage to its first open stage, the probability to the stage's, the owner to the
 * creating user. When `amount` is omitted but `recurringAmount` and `termMonths` are
 * given, the amount is their product.
 *
 * @example
 * ```ts
 * await rep.sales.opportunities.create({ accountId: acct.id, name: "Globex renewal", amount: 1_200_000, currency: "USD" });
 * ```
 */
export const createOpportunitySchema = withRecordExtensions(
  z
    .object({
      name: opportunityFields.name,
      accountId: opportunityFields.accountId,
      primaryContactId: opportunityFields.primaryContactId.optional(),
      ownerId: opportunityFields.ownerId.optional(),
      pipelineId: idSchema("pipe").optional(),
      stageKey: stageKeySchema.optional(),
      amount: opportunityFields.amount.optional(),
      currency: opportunityFields.currency.optional(),
      recurringAmount: opportunityFields.recurringAmount.optional(),
      termMonths: opportunityFields.termMonths.optional(),
      closeDate: opportunityFields.closeDate.optional(),
      probability: opportunityFields.probability.optional(),
      source: opportunityFields.source.optional(),
      /** The lead the opportunity came from. */
      leadId: idSchema("lead").nullable().optional(),
      nextStep: opportunityFields.nextStep.optional(),
      description: opportunityFields.description.optional(),
    })
    .strict()
    .superRefine(moneyNeedsCurrency),
);
export type CreateOpportunityInput = z.input<typeof createOpportunitySchema>;

const { bySchema, integer, recordId, strictObject, text } = plainInput;

/**
 * {@link createOpportunitySchema} for plain inputs (see core's `plainInput`): what its
 * parse returns, or `UNSURE` to let it decide. Keys in the schema's order.
 */
export const plainCreateOpportunity = strictObject<z.output<typeof createOpportunitySchema>>(
  {
    name: { read: plainFields.name, required: true },
    accountId: { read: recordId("acc"), required: true },
    primaryContactId: { read: recordId("con"), nullable: true },
    ownerId: { read: plainFields.userId, nullable: true },
    pipelineId: { read: recordId("pipe") },
    stageKey: { read: text({ max: 40, pattern: STAGE_KEY_PATTERN }) },
    amount: { read: plainFields.moneyAmount, nullable: true },
    currency: { read: plainFields.currency, nullable: true },
    recurringAmount: { read: plainFields.moneyAmount, nullable: true },
    termMonths: { read: integer(1, 1_200), nullable: true },
    // What a calendar date is (month lengths, leap years) stays zod's rule.
    closeDate: { read: bySchema(dateSchema), nullable: true },
    probability: { read: integer(0, 100), nullable: true },
    source: { read: text({ trim: true, min: 1, max: 100 }), nullable: true },
    leadId: { read: recordId("lead"), nullable: true },
    nextStep: { read: text({ trim: true, min: 1, max: 500 }), nullable: true },
    description: { read: text({ max: 100_000 }), nullable: true },
    ...plainExtensionRules,
  },
  (o) => (o.amount == null && o.recurringAmount == null) || o.currency != null,
);

/**
 * Input of `opportunities.update`: any subset of the fields. The stage moves with
 * `moveStage`, and closes with `win`/`lose`; `probability: null` returns to the stage's.
 */
export const updateOpportunitySchema = withRecordExtensions(z.object(opportunityFields).partial().strict());
export type UpdateOpportunityInput = z.input<typeof updateOpportunitySchema>;

/** Options of `opportunities.win`. */
export const winOptionsSchema = z
  .object({
    /** The day the deal was won (its `closeDate` from then on). @default today (UTC) — an expected close date is replaced */
    closeDate: dateSchema.optional(),
    expectedVersion: writeOptionsSchema.shape.expectedVersion,
  })
  .strict();
export type WinOptions = z.input<typeof winOptionsSchema>;

/** Options of `opportunities.lose`: why, and to whom. */
export const loseOptionsSchema = z
  .object({
    /** One of the tenant's lost reasons (`lostReasons.list()`). */
    reasonId: idSchema("lrsn"),
    /** The competitor account the deal went to (an account of type `competitor`). */
    competitorId: idSchema("acc").optional(),
    note: textSchema().trim().min(1).max(2_000).optional(),
    /** The day the deal was lost (its `closeDate` from then on). @default today (UTC) — an expected close date is replaced */
    closeDate: dateSchema.optional(),
    expectedVersion: writeOptionsSchema.shape.expectedVersion,
  })
  .strict();
export type LoseOptions = z.input<typeof loseOptionsSchema>;

/** Options of `opportunities.moveStage`. */
export const moveStageOptionsSchema = writeOptionsSchema;
