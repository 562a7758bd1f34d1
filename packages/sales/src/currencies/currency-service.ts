import { type ModuleContext, parseInput, ValidationError } from "@rapport/core";
import { salesDb } from "../database.js";
import { corporateCurrencyOf } from "../settings/settings-service.js";
import {
  type Conversion,
  type ConvertInput,
  convertSchema,
  type ExchangeRate,
  type ListRatesOptions,
  listRatesSchema,
  type SetRateInput,
  setRateSchema,
} from "./exchange-rate-schema.js";
import { convertOn, toExchangeRate } from "./exchange-rates.js";
import { rateFraction } from "./rate-fraction.js";

/** The most rates `listRates` returns. */
export const LIST_RATES_LIMIT = 1_000;

/**
 * Dated exchange rates. Records keep their own currency; roll-ups convert each record to
 * the corporate currency at the rate in force on the record's date (the latest rate on or
 * before it), exactly: rates are stored as fractions of minor units and each converted
 * amount is rounded half up to a whole minor unit, then summed.
 */
export interface CurrencyService {
  /**
   * Sets the rate `1 from = rate to` from `effectiveOn` (replacing one set for that day).
   * Needs `exchange_rate:create`. Emits `exchange_rate.set`.
   */
  setRate(input: SetRateInput): Promise<ExchangeRate>;
  /** Rates, newest first per pair, at most {@link LIST_RATES_LIMIT}. Needs `exchange_rate:read`. */
  listRates(options?: ListRatesOptions): Promise<ExchangeRate[]>;
  /**
   * Converts an amount at the rate in force on `date`, rounded half up. Throws
   * `ValidationError` (reason `no_exchange_rate`) when there is no such rate.
   *
   * @example
   * ```ts
   * const { amount } = await rep.sales.currencies.convert({ amount: 10_000, from: "USD", date: "2026-03-15" });
   * ```
   */
  convert(input: ConvertInput): Promise<Conversion>;
}

/** Builds the currency service of one scoped client. */
export function createCurrencyService(ctx: ModuleContext): CurrencyService {
  return {
    setRate: (input) =>
      ctx.run(async (op) => {
        const parsed = parseInput(setRateSchema, input);
        await op.authorize("exchange_rate:create");
        const to = parsed.to ?? (await corporateCurrencyOf(op));
        if (to === parsed.from) throw ValidationError.forField(["from"], `${to} is the currency rates convert to`);
        const { numerator, denominator } = rateFraction(parsed.rate, parsed.from, to);
        const row = {
          tenant_id: op.tenantId,
          from_currency: parsed.from,
          to_currency: to,
          effective_on: parsed.effectiveOn,
          rate: parsed.rate,
          numerator: numerator.toString(),
          denominator: denominator.toString(),
          created_at: op.timestamp,
          created_by: op.actor.userId,
        };
        const db = salesDb(op);
        const before = await db
          .selectFrom("sales_exchange_rates")
          .select("rate")
          .where("tenant_id", "=", op.tenantId)
          .where("from_currency", "=", parsed.from)
          .where("to_currency", "=", to)
          .where("effective_on", "=", parsed.effectiveOn)
          .executeTakeFirst();
        await db
          .insertInto("sales_exchange_rates")
          .values(row)
          .onConflict((oc) =>
            oc.columns(["tenant_id", "from_currency", "to_currency", "effective_on"]).doUpdateSet({
              rate: row.rate,
              numerator: row.numerator,
              denominator: row.denominator,
              created_at: row.created_at,
              created_by: row.created_by,
            }),
          )
          .execute();
        const rate = toExchangeRate(row);
        const entityId = `${parsed.from}:${to}:${parsed.effectiveOn}`;
        // Not a record change: a rate is an unversioned row keyed by currencies and date, outside the record layer.
        await op.audit({
          entityType: "exchange_rate",
          entityId,
          action: "set",
          before: before ? { rate: before.rate } : null,
          after: { rate: rate.rate, numerator: rate.numerator, denominator: rate.denominator },
        });
        op.emit("exchange_rate.set", { from: rate.from, to: rate.to, effectiveOn: rate.effectiveOn, rate: rate.rate });
        return rate;
      }),
    listRates: (options = {}) =>
      ctx.read(async (op) => {
        const parsed = parseInput(listRatesSchema, options);
        await op.authorize("exchange_rate:read");
        const rows = await salesDb(op)
          .selectFrom("sales_exchange_rates")
          .selectAll()
          .where("tenant_id", "=", op.tenantId)
          .$if(parsed.from !== undefined, (q) => q.where("from_currency", "=", parsed.from as string))
          .$if(parsed.to !== undefined, (q) => q.where("to_currency", "=", parsed.to as string))
          .orderBy("from_currency")
          .orderBy("to_currency")
          .orderBy("effective_on", "desc")
          .limit(LIST_RATES_LIMIT)
          .execute();
        return rows.map(toExchangeRate);
      }),
    convert: (input) =>
      ctx.read(async (op) => {
        const parsed = parseInput(convertSchema, input);
        await op.authorize("exchange_rate:read");
        const to = parsed.to ?? (await corporateCurrencyOf(op));
        const { amount, rate } = await convertOn(op, parsed.amount, parsed.from, to, parsed.date, ["from"]);
        return { amount, currency: to, rate };
      }),
  };
}
