import { idSchema, nameSchema, textSchema, withRecordExtensions } from "@rapport/core";
import * as z from "zod";
import { languageSchema } from "../cases/case-schema.js";
import { CASE_CHANNELS, CASE_PRIORITIES, CASE_TYPES, COMPLAINT_SEVERITIES } from "../shared/vocabulary.js";

/**
 * When a rule matches an inbound request. Every condition given must hold; a rule with no
 * conditions matches everything.
 */
export const routingConditionsSchema = z
  .object({
    /** The channel it came in on (`phone` for calls, `email`, `web` for forms, `chat`). */
    channels: z.array(z.enum(CASE_CHANNELS)).min(1).optional(),
    /** The type the request declares (a form's "type" field). */
    types: z.array(z.enum(CASE_TYPES)).min(1).optional(),
    /** Any of these words or phrases appears in the subject or text (case-insensitive). */
    keywords: z.array(textSchema().trim().min(1).max(100)).min(1).max(200).optional(),
    /** The account's support tier (its active service contract's tier, else its custom field `tier`). */
    accountTiers: z.array(textSchema().trim().min(1).max(50)).min(1).optional(),
    /** The request's language; `de` also matches `de-AT`. */
    languages: z.array(languageSchema).min(1).optional(),
    /** Whether it arrives inside (`open`) or outside (`closed`) the rule set's business calendar. */
    businessHours: z.enum(["open", "closed"]).optional(),
  })
  .strict();
export type RoutingConditions = z.output<typeof routingConditionsSchema>;

/**
 * What a matching rule does: a case in a queue; a complaint case for a complaint handler's
 * queue; a sales lead (when the sales module is installed — otherwise a case in
 * `fallbackQueueId`); or evaluation continues in another rule set.
 */
export const routingActionSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("queue"),
      queueId: idSchema("que"),
      type: z.enum(CASE_TYPES).optional(),
      priority: z.enum(CASE_PRIORITIES).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("complaint"),
      queueId: idSchema("que"),
      severity: z.enum(COMPLAINT_SEVERITIES).optional(),
      priority: z.enum(CASE_PRIORITIES).optional(),
    })
    .strict(),
  z.object({ kind: z.literal("sales_lead"), fallbackQueueId: idSchema("que") }).strict(),
  z.object({ kind: z.literal("rule_set"), ruleSetId: idSchema("rrs") }).strict(),
]);
export type RoutingAction = z.output<typeof routingActionSchema>;

/** One rule: a name, conditions and an action. Rules are tried in order; the first match wins. */
export const routingRuleSchema = z
  .object({
    name: nameSchema,
    when: routingConditionsSchema.default({}),
    action: routingActionSchema,
  })
  .strict();
export type RoutingRule = z.output<typeof routingRuleSchema>;

const rulesSchema = z
  .array(routingRuleSchema)
  .max(500)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      if (seen.has(rule.name))
        ctx.addIssue({
          code: "custom",
          path: [index, "name"],
          message: `Another rule is already named "${rule.name}"`,
        });
      seen.add(rule.name);
    });
  });

const ruleSetFields = {
  name: nameSchema,
  /** The calendar `businessHours` conditions are checked against. */
  calendarId: idSchema("bcal").nullable(),
  rules: rulesSchema,
  /** What happens when no rule matches. */
  fallback: routingActionSchema,
};

function needsCalendar(
  value: { calendarId?: string | null | undefined; rules?: readonly RoutingRule[] | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.rules === undefined || (value.calendarId !== null && value.calendarId !== undefined)) return;
  value.rules.forEach((rule, index) => {
    if (rule.when.businessHours !== undefined && value.calendarId === null) {
      ctx.addIssue({
        code: "custom",
        path: ["rules", index, "when", "businessHours"],
        message: "A businessHours condition needs the rule set's calendarId",
      });
    }
  });
}

/**
 * Input of `service.routing.ruleSets.create`. A rule set that can reach itself through
 * `rule_set` actions is refused with a `ValidationError`, as is a reference to an unknown queue.
 *
 * @example
 * ```ts
 * await admin.service.routing.ruleSets.create({
 *   name: "Email",
 *   rules: [{ name: "Complaints", when: { keywords: ["complaint", "refund"] }, action: { kind: "complaint", queueId: complaints.id } }],
 *   fallback: { kind: "queue", queueId: general.id },
 * });
 * ```
 */
export const createRuleSetSchema = withRecordExtensions(
  z
    .object({
      ...ruleSetFields,
      calendarId: ruleSetFields.calendarId.default(null),
      rules: ruleSetFields.rules.default([]),
    })
    .strict()
    .superRefine(needsCalendar)
    .transform((value) => ({ ...value, isEntry: false })),
);
export type CreateRuleSetInput = z.input<typeof createRuleSetSchema>;

/** Input of `service.routing.ruleSets.update`: `rules` replaces the whole list. */
export const updateRuleSetSchema = withRecordExtensions(z.object(ruleSetFields).partial().strict());
export type UpdateRuleSetInput = z.input<typeof updateRuleSetSchema>;
