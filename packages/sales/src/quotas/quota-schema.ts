import { idSchema, userIdSchema, withRecordExtensions } from "@rapport/core";
import * as z from "zod";
import { periodSchema } from "./period.js";

/** What a quota counts: revenue won (in the corporate currency) or deals won. */
export const QUOTA_MEASURES = ["revenue", "count"] as const;
/** One of {@link QUOTA_MEASURES}. */
export type QuotaMeasure = (typeof QUOTA_MEASURES)[number];

/**
 * Input of `quotas.create`: a target for one user or one team over a month, quarter or
 * year. A revenue target is in minor units of the tenant's corporate currency. A second
 * quota of the same measure for the same user or team in an overlapping period is refused.
 *
 * @example
 * ```ts
 * await manager.sales.quotas.create({ userId: "alice", period: { type: "quarter", start: "2026-04-01" }, measure: "revenue", target: 50_000_000 });
 * ```
 */
export const createQuotaSchema = withRecordExtensions(
  z
    .object({
      userId: userIdSchema.optional(),
      teamId: idSchema("team").optional(),
      period: periodSchema,
      measure: z.enum(QUOTA_MEASURES),
      /** Minor units for revenue, deals for count. */
      target: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    })
    .strict()
    .superRefine((value, ctx) => {
      if ((value.userId === undefined) === (value.teamId === undefined)) {
        ctx.addIssue({ code: "custom", path: ["userId"], message: "A quota is for one user or one team" });
      }
    }),
);
/** What `quotas.create` accepts. */
export type CreateQuotaInput = z.input<typeof createQuotaSchema>;

/** Input of `quotas.update`: the target (and custom fields, tags); the subject and period are fixed. */
export const updateQuotaSchema = withRecordExtensions(
  z
    .object({
      target: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    })
    .partial()
    .strict(),
);
/** What `quotas.update` accepts. */
export type UpdateQuotaInput = z.input<typeof updateQuotaSchema>;
