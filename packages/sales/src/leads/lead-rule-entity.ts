import {
  customValuesSchema,
  defineEntity,
  type EntityRecord,
  externalIdsSchema,
  field,
  idSchema,
  nameSchema,
  textSchema,
  userIdSchema,
} from "@rapport/core";
import * as z from "zod";
import { countrySchema } from "./contact-normalise.js";
import { LEAD_SOURCES, type LeadSource } from "./lead-schema.js";

/**
 * How a rule picks a lead's owner: one named user, round-robin over its users (each next
 * lead to the next user), or the user with the fewest open leads (`new` or `working`).
 * `none` leaves the owner unset (the rule may still convert).
 */
export const ASSIGNMENT_STRATEGIES = ["user", "round_robin", "least_loaded", "none"] as const;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];

/** Which leads a rule applies to. Every list given must contain the lead's value; an empty match applies to every lead. */
export interface LeadRuleMatch {
  readonly sources?: readonly LeadSource[];
  readonly countries?: readonly string[];
  readonly territoryIds?: readonly string[];
  /** Matches when the lead is interested in any of these (compared case-insensitively). */
  readonly productInterests?: readonly string[];
}

const matchSchema = z
  .object({
    sources: z.array(z.enum(LEAD_SOURCES)).min(1).max(LEAD_SOURCES.length),
    countries: z.array(countrySchema).min(1).max(300),
    territoryIds: z.array(idSchema("terr")).min(1).max(100),
    productInterests: z.array(textSchema().trim().min(1).max(100)).min(1).max(100),
  })
  .partial()
  .strict();

const ruleInput = {
  name: nameSchema,
  /** Rules are tried by ascending priority; the first match decides. */
  priority: z.number().int().min(0).max(1_000_000),
  active: z.boolean(),
  match: matchSchema,
  strategy: z.enum(ASSIGNMENT_STRATEGIES),
  /** The users the strategy picks from; empty means the members of the matched territory. */
  userIds: z.array(userIdSchema).max(500),
  /** Convert matching web-to-lead captures straight into an opportunity, without a person. */
  autoConvert: z.boolean(),
  /** The pipeline auto-converted opportunities go to. @default the default pipeline */
  convertPipelineId: idSchema("pipe").nullable(),
  custom: customValuesSchema,
  externalIds: externalIdsSchema,
};

function consistent(
  value: { strategy?: AssignmentStrategy | undefined; userIds?: readonly string[] | undefined },
  ctx: z.RefinementCtx,
) {
  if (value.strategy === "user" && value.userIds !== undefined && value.userIds.length !== 1) {
    ctx.addIssue({ code: "custom", path: ["userIds"], message: 'The "user" strategy names exactly one user' });
  }
}

/**
 * Input of `leadRules.create`.
 *
 * @example
 * ```ts
 * await manager.sales.leadRules.create({ name: "DACH web leads", priority: 10, match: { sources: ["web_form"], countries: ["DE", "AT", "CH"] }, strategy: "round_robin", userIds: ["jonas", "lea"] });
 * ```
 */
export const createLeadRuleSchema = z
  .object({
    ...ruleInput,
    priority: ruleInput.priority.default(100),
    active: ruleInput.active.default(true),
    match: ruleInput.match.default({}),
    userIds: ruleInput.userIds.default([]),
    autoConvert: ruleInput.autoConvert.default(false),
    convertPipelineId: ruleInput.convertPipelineId.optional(),
    custom: ruleInput.custom.optional(),
    externalIds: ruleInput.externalIds.optional(),
  })
  .strict()
  .superRefine(consistent);
export type CreateLeadRuleInput = z.input<typeof createLeadRuleSchema>;

/** Input of `leadRules.update`. */
export const updateLeadRuleSchema = z.object(ruleInput).partial().strict().superRefine(consistent);
export type UpdateLeadRuleInput = z.input<typeof updateLeadRuleSchema>;

const leadRuleFields = {
  name: field.text(),
  priority: field.integer(),
  active: field.boolean(),
  match: field.json<LeadRuleMatch>(),
  strategy: field.text<AssignmentStrategy>({ values: ASSIGNMENT_STRATEGIES }),
  userIds: field.json<string[]>(),
  autoConvert: field.boolean(),
  convertPipelineId: field.nullableText(),
};

/** Lead rules: route new leads to owners (and optionally convert web-to-lead captures) by source, territory, country and product interest. */
export const leadRuleEntity = defineEntity({
  type: "lead_rule",
  table: "sales_lead_rules",
  idPrefix: "lrule",
  fields: leadRuleFields,
  createSchema: createLeadRuleSchema,
  patchSchema: updateLeadRuleSchema,
});

/** A lead rule as stored and returned. */
export type LeadRule = EntityRecord<typeof leadRuleFields>;
