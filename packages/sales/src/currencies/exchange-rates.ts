import type { OperationContext } from "@rapport/core";
import { type ExchangeRateRow, salesDb } from "../database.js";
import { noExchangeRate } from "../errors.js";
import type { ExchangeRate } from "./exchange-rate-schema.js";
import { convertExact } from "./rate-fraction.js";

/** A stored rate row as the public {@link ExchangeRate}. */
export function toExchangeRate(row: ExchangeRateRow): ExchangeRate {
  return {
    from: row.from_currency,
    to: row.to_currency,
    effectiveOn: row.effective_on,
    rate: row.rate,
    numerator: Number(row.numerator),
    denominator: Number(row.denominator),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/** The rate from `from` to `to` in force on `date` (the latest on or before it), or `null`. */
export async function rateOn(
  op: OperationContext,
  from: string,
  to: string,
  date: string,
): Promise<ExchangeRate | null> {
  const row = await salesDb(op)
    .selectFrom("sales_exchange_rates")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("from_currency", "=", from)
    .where("to_currency", "=", to)
    .where("effective_on", "<=", date)
    .orderBy("effective_on", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? toExchangeRate(row) : null;
}

/**
 * Converts `amount` minor units of `from` into `to` at the rate in force on `date`, rounded
 * half up. Throws a `ValidationError` (reason `no_exchange_rate`, at `path`) when there is none.
 */
export async function convertOn(
  op: OperationContext,
  amount: number,
  from: string,
  to: string,
  date: string,
  path: readonly PropertyKey[] = ["currency"],
): Promise<{ amount: number; rate: ExchangeRate | null }> {
  if (from === to) return { amount, rate: null };
  const rate = await rateOn(op, from, to, date);
  if (rate === null) throw noExchangeRate(path, from, to, date);
  return { amount: convertExact(amount, BigInt(rate.numerator), BigInt(rate.denominator)), rate };
}
