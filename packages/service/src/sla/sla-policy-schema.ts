import { idSchema, nameSchema, withRecordExtensions } from "@rapport/core";
import * as z from "zod";

/** The longest target: one year of business minutes. */
const MAX_TARGET_MINUTES = 525_600;

/** Targets for one priority, in business minutes of the policy's calendar. Both MUST be at least 1. */
export const slaTargetSchema = z
  .object({
    firstResponseMinutes: z.number().int().min(1, "An SLA target must be at least one minute").max(MAX_TARGET_MINUTES),
    resolutionMinutes: z.number().int().min(1, "An SLA target must be at least one minute").max(MAX_TARGET_MINUTES),
  })
  .strict();
export type SlaTarget = z.output<typeof slaTargetSchema>;

/** Targets by case priority; a priority left out gets no SLA clock. At least one is required. */
export const slaTargetsSchema = z
  .object({ low: slaTargetSchema, normal: slaTargetSchema, high: slaTargetSchema, urgent: slaTargetSchema })
  .partial()
  .strict()
  .refine((targets) => Object.keys(targets).length > 0, "Give targets for at least one priority");
export type SlaTargets = z.output<typeof slaTargetsSchema>;

const policyFields = {
  name: nameSchema,
  /** The business calendar the clocks run on (an entitlement's support hours override it). */
  calendarId: idSchema("bcal"),
  /** When `case.sla_warning` fires, as a share of the target (80 = at 80 % of it). @default 80 */
  warningPercent: z.number().int().min(1).max(99),
  targets: slaTargetsSchema,
};

/**
 * Input of `service.slaPolicies.create`. A new policy is not the default; make it so with
 * `setDefault`. Cases covered by an entitlement that names a policy use that policy.
 *
 * @example
 * ```ts
 * await client.service.slaPolicies.create({
 *   name: "Gold", calendarId: cal.id, warningPercent: 75,
 *   targets: { urgent: { firstResponseMinutes: 30, resolutionMinutes: 240 } },
 * });
 * ```
 */
export const createSlaPolicySchema = withRecordExtensions(
  z
    .object({
      ...policyFields,
      warningPercent: policyFields.warningPercent.default(80),
    })
    .strict(),
);
export type CreateSlaPolicyInput = z.input<typeof createSlaPolicySchema>;

/** Input of `service.slaPolicies.update`; `targets` replaces all targets. Running clocks keep their targets. */
export const updateSlaPolicySchema = withRecordExtensions(z.object(policyFields).partial().strict());
export type UpdateSlaPolicyInput = z.input<typeof updateSlaPolicySchema>;
