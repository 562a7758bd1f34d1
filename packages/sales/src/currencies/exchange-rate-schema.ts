import { currencySchema } from "@rapport/core";
import * as z from "zod";
import { dateSchema } from "../opportunities/opportunity-schema.js";

/** A rate as a decimal string (`"1.0842"`): never a float, so it is kept exactly. */
export const rateSchema = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,12})?$/, 'Write the rate as a decimal string, e.g. "1.0842"')
  .refine((rate) => /[1-9]/.test(rate), "A rate is above zero");

/** An exchange rate: `1 from = rate to`, in force from `effectiveOn` until a later rate. */
export interface ExchangeRate {
  readonly from: string;
  readonly to: string;
  readonly effectiveOn: string;
  /** The rate as given. */
  readonly rate: string;
  /** Minor units of `to` per `denominator` minor units of `from`, in lowest terms. */
  readonly numerator: number;
  readonly denominator: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

/**
 * Input of `currencies.setRate`. `to` defaults to the tenant's corporate currency. Setting a
 * rate again for the same pair and day replaces it.
 *
 * @example
 * ```ts
 * await manager.sales.currencies.setRate({ from: "USD", effectiveOn: "2026-03-01", rate: "0.9234" });
 * ```
 */
export const setRateSchema = z
  .object({ from: currencySchema, to: currencySchema.optional(), effectiveOn: dateSchema, rate: rateSchema })
  .strict()
  .refine((input) => input.from !== input.to, { path: ["to"], message: "A rate converts between two currencies" });
/** What `currencies.setRate` accepts. */
export type SetRateInput = z.input<typeof setRateSchema>;

/**
 * Input of `currencies.convert`: an amount in minor units of `from` on a date. `to`
 * defaults to the corporate currency.
 */
export const convertSchema = z
  .object({
    amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    from: currencySchema,
    to: currencySchema.optional(),
    date: dateSchema,
  })
  .strict();
/** What `currencies.convert` accepts. */
export type ConvertInput = z.input<typeof convertSchema>;

/** The result of `currencies.convert`. */
export interface Conversion {
  readonly amount: number;
  readonly currency: string;
  /** The rate used, or `null` when the currencies are the same. */
  readonly rate: ExchangeRate | null;
}

/** Options of `currencies.listRates`. */
export const listRatesSchema = z.object({ from: currencySchema.optional(), to: currencySchema.optional() }).strict();
/** What `currencies.listRates` accepts. */
export type ListRatesOptions = z.input<typeof listRatesSchema>;
