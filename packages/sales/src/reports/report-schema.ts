import { currencySchema, idSchema } from "@rapport/core";
import * as z from "zod";

/**
 * A day that bounds a report period: a date (`2026-05-01`) or an instant
 * (`2026-05-01T00:00:00Z`), taken as its calendar date in UTC. Closed deals are counted by
 * their close date, a day, so a period is whole days.
 */
const periodDay = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((value) => (value.length === 10 ? value : new Date(value).toISOString().slice(0, 10)));

/** Options of `reports.pipelineByStage`: one pipeline (default: the tenant's default), amounts converted to `currency`. */
export const pipelineByStageSchema = z
  .object({
    /** The reporting currency: every amount is converted to it at the rate of the deal's close date. */
    currency: currencySchema,
    pipelineId: idSchema("pipe").optional(),
  })
  .strict();
export type PipelineByStageOptions = z.input<typeof pipelineByStageSchema>;

/** Options of `reports.winRates`: opportunities whose close date is in `[from, to)`, amounts converted to `currency`. */
export const winRatesSchema = z
  .object({
    currency: currencySchema,
    from: periodDay,
    to: periodDay,
  })
  .strict()
  .refine((o) => o.from < o.to, { path: ["to"], message: "to must be after from" });
export type WinRatesOptions = z.input<typeof winRatesSchema>;

/** Options of `reports.accountPareto`: won revenue per account converted to `currency`, optionally closed in `[from, to)`. */
export const accountParetoSchema = z
  .object({
    currency: currencySchema,
    from: periodDay.optional(),
    to: periodDay.optional(),
    /** How many accounts to return, best first. @default 100 */
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict()
  .refine((o) => o.from === undefined || o.to === undefined || o.from < o.to, {
    path: ["to"],
    message: "to must be after from",
  });
export type AccountParetoOptions = z.input<typeof accountParetoSchema>;
