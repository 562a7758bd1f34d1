import { idSchema, nameSchema, withRecordExtensions } from "@rapport/core";
import * as z from "zod";
import { COMPLAINT_SEVERITIES } from "../shared/vocabulary.js";

/**
 * When an escalation rule acts on a complaint: as it is `created`, once it is `aged`
 * `afterMinutes` (wall-clock minutes since it was received) while unresolved, or when an
 * SLA clock of it is `sla_breached`.
 */
export const ESCALATION_TRIGGERS = ["created", "aged", "sla_breached"] as const;
export type EscalationTrigger = (typeof ESCALATION_TRIGGERS)[number];

const ruleFields = {
  name: nameSchema,
  trigger: z.enum(ESCALATION_TRIGGERS),
  /** Complaint severities it applies to; empty = all. */
  severities: z.array(z.enum(COMPLAINT_SEVERITIES)).max(COMPLAINT_SEVERITIES.length),
  /** Required for `aged`: minutes since the complaint was received. */
  afterMinutes: z.number().int().min(1).max(525_600).nullable(),
  /** The level it raises the complaint to; a complaint already there or higher is left alone. */
  toLevel: z.enum(["supervisor", "manager"]),
  /** Moves the complaint to this queue (its agents take it by the queue's rule). */
  queueId: idSchema("que").nullable(),
  active: z.boolean(),
};

function checkAge(
  value: { trigger?: string | undefined; afterMinutes?: number | null | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.trigger === "aged" && value.afterMinutes == null)
    ctx.addIssue({ code: "custom", path: ["afterMinutes"], message: "An aged rule needs afterMinutes" });
  if (value.trigger !== undefined && value.trigger !== "aged" && value.afterMinutes != null) {
    ctx.addIssue({ code: "custom", path: ["afterMinutes"], message: "afterMinutes is only for aged rules" });
  }
}

/**
 * Input of `service.complaints.rules.create`.
 *
 * @example
 * ```ts
 * await admin.service.complaints.rules.create({ name: "Critical to manager", trigger: "created", severities: ["critical"], toLevel: "manager" });
 * ```
 */
export const createEscalationRuleSchema = withRecordExtensions(
  z
    .object({
      ...ruleFields,
      severities: ruleFields.severities.default([]),
      afterMinutes: ruleFields.afterMinutes.optional(),
      queueId: ruleFields.queueId.optional(),
      active: ruleFields.active.default(true),
    })
    .strict()
    .superRefine(checkAge)
    .transform((value) => ({ ...value, afterMinutes: value.afterMinutes ?? null, queueId: value.queueId ?? null })),
);
export type CreateEscalationRuleInput = z.input<typeof createEscalationRuleSchema>;

/** Input of `service.complaints.rules.update`. */
export const updateEscalationRuleSchema = withRecordExtensions(
  z.object(ruleFields).partial().strict().superRefine(checkAge),
);
export type UpdateEscalationRuleInput = z.input<typeof updateEscalationRuleSchema>;
