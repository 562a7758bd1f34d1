import { idSchema, instantSchema, moneyAmountSchema, nameSchema, withRecordExtensions } from "@rapport/core";
import * as z from "zod";

/**
 * What a phase goal measures, over the phase's dates:
 * - `responses`: responses recorded; `leads`: distinct leads they brought;
 * - `qualified_leads`: those leads now qualified; `opportunities`: opportunities the campaign touched;
 * - `pipeline`: the amount of those opportunities still open or won; `won_revenue`: of those won;
 * - `cost_per_lead`: the phase's cost lines ÷ leads (lower is better);
 * - `roi`: (won revenue − cost) ÷ cost, in percent.
 * Money is in minor units of the campaign's currency.
 */
export const GOAL_METRICS = [
  "responses",
  "leads",
  "qualified_leads",
  "opportunities",
  "pipeline",
  "won_revenue",
  "cost_per_lead",
  "roi",
] as const;
/** One of {@link GOAL_METRICS}. */
export type GoalMetric = (typeof GOAL_METRICS)[number];

/** A phase goal: reach `target` of `metric` (at most `target`, for `cost_per_lead`). */
export const goalSchema = z
  .object({
    metric: z.enum(GOAL_METRICS),
    /** A count, minor units of money, or percent for `roi` (which may be negative). */
    target: z.number().finite(),
  })
  .strict()
  .superRefine((goal, ctx) => {
    if (goal.metric !== "roi" && goal.target < 0)
      ctx.addIssue({ code: "custom", path: ["target"], message: `A ${goal.metric} target cannot be negative` });
    if (goal.metric !== "roi" && !Number.isInteger(goal.target))
      ctx.addIssue({ code: "custom", path: ["target"], message: `A ${goal.metric} target is a whole number` });
  });
/** A phase goal. */
export type Goal = z.output<typeof goalSchema>;

const goalsSchema = z
  .array(goalSchema)
  .max(GOAL_METRICS.length)
  .superRefine((goals, ctx) => {
    const seen = new Set<string>();
    for (const [i, goal] of goals.entries()) {
      if (seen.has(goal.metric))
        ctx.addIssue({ code: "custom", path: [i, "metric"], message: `Goal ${goal.metric} is set twice` });
      seen.add(goal.metric);
    }
  });

function endsAfterStart(value: { startsAt?: string | undefined; endsAt?: string | undefined }, ctx: z.RefinementCtx) {
  if (value.startsAt !== undefined && value.endsAt !== undefined && value.endsAt <= value.startsAt)
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: "A phase must end after it starts" });
}

const phaseFields = {
  name: nameSchema,
  startsAt: instantSchema,
  endsAt: instantSchema,
  /** The phase's share of the budget, in minor units of the campaign's currency. */
  budget: moneyAmountSchema.nullable(),
  goals: goalsSchema,
  /** The segment whose members are snapshotted when the phase starts (its audience). */
  segmentId: idSchema("seg").nullable(),
};

/**
 * Input of `marketing.campaigns.phases.add`: a phase within the campaign's dates that
 * overlaps no other phase of it.
 *
 * @example
 * ```ts
 * await m.marketing.campaigns.phases.add(campaign.id, { name: "Teaser", startsAt: "2026-04-01T00:00:00Z", endsAt: "2026-04-15T00:00:00Z", goals: [{ metric: "leads", target: 50 }] });
 * ```
 */
export const addPhaseSchema = withRecordExtensions(
  z
    .object({
      ...phaseFields,
      budget: phaseFields.budget.optional(),
      goals: phaseFields.goals.default([]),
      segmentId: phaseFields.segmentId.optional(),
    })
    .strict()
    .superRefine(endsAfterStart),
);
/** Input of `marketing.campaigns.phases.add`. */
export type AddPhaseInput = z.input<typeof addPhaseSchema>;

/** Input of `marketing.campaigns.phases.update` (a phase that has started keeps its start and audience). */
export const updatePhaseSchema = withRecordExtensions(
  z.object(phaseFields).partial().strict().superRefine(endsAfterStart),
);
/** Input of `marketing.campaigns.phases.update`. */
export type UpdatePhaseInput = z.input<typeof updatePhaseSchema>;
