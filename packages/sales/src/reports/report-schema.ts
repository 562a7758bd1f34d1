import { currencySchema, idSchema } from "@rapport/core";
import * as z from "zod";

const instant = z.iso.datetime({ offset: true });

/** Options of `reports.pipelineByStage`: one pipeline (default: the tenant's default) in one currency. */
export const pipelineByStageSchema = z
  .object({
    currency: currencySchema,
    pipelineId: idSchema("pipe").optional(),
  })
  .strict();
export type PipelineByStageOptions = z.input<typeof pipelineByStageSchema>;

/** Options of `reports.winRates`: opportunities closed in `[from, to)`, amounts in `currency`. */
export const winRatesSchema = z
  .object({
    currency: currencySchema,
    from: instant,
    to: instant,
  })
  .strict()
  .refine((o) => new Date(o.from) < new Date(o.to), { path: ["to"], message: "to must be after from" });
export type WinRatesOptions = z.input<typeof winRatesSchema>;

/** Options of `reports.accountPareto`: won revenue per account in `currency`, optionally closed in `[from, to)`. */
export const accountParetoSchema = z
  .object({
    currency: currencySchema,
    from: instant.optional(),
    to: instant.optional(),
    /** How many accounts to return, best first. @default 100 */
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();
export type AccountParetoOptions = z.input<typeof accountParetoSchema>;
