import { idSchema, userIdSchema } from "@rapport/core";
import * as z from "zod";
import { periodSchema } from "../quotas/period.js";

/**
 * How a rep forecasts an open opportunity: `pipeline` (the default), `best_case`,
 * `commit`, or `omitted` (left out of the forecast).
 */
export const FORECAST_CATEGORIES = ["pipeline", "best_case", "commit", "omitted"] as const;
/** One of {@link FORECAST_CATEGORIES}. */
export type ForecastCategory = (typeof FORECAST_CATEGORIES)[number];

/** The category to set; `null` returns to the default (`pipeline`). */
export const forecastCategorySchema = z.enum(FORECAST_CATEGORIES).nullable();

/**
 * Input of `forecasts.forecast`: a month, quarter or year, for one user or one team.
 *
 * @example
 * ```ts
 * await manager.sales.forecasts.forecast({ period: { type: "quarter", start: "2026-04-01" }, teamId: team.id });
 * ```
 */
export const forecastQuerySchema = z
  .object({ period: periodSchema, userId: userIdSchema.optional(), teamId: idSchema("team").optional() })
  .strict()
  .superRefine((value, ctx) => {
    if ((value.userId === undefined) === (value.teamId === undefined)) {
      ctx.addIssue({ code: "custom", path: ["userId"], message: "A forecast is for one user or one team" });
    }
  });
/** What `forecasts.forecast` accepts. */
export type ForecastQuery = z.input<typeof forecastQuerySchema>;
