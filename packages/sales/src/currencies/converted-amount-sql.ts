import type { OperationContext } from "@rapport/core";
import { type RawBuilder, sql } from "kysely";

/** Column references (`"o.amount"`) naming a record's amount, currency and date inside a roll-up query. */
export interface ConvertedColumns {
  readonly amount: string;
  readonly currency: string;
  /** A column reference, or an expression (`coalesce(o.close_date, '2026-12-08')`). */
  readonly date: string | RawBuilder<unknown>;
}

/**
 * An SQL expression: the record's amount in `to`, converted at the latest rate on or before
 * the record's date, as an integer number of minor units. The rounding rule is the one of
 * {@link convertExact}: `amount × numerator / denominator`, rounded half up per record, so a
 * roll-up sums converted records. The same currency passes through unchanged; a record with
 * no amount, or with no rate on or before its date, gives `NULL` (see {@link unconvertedSql}).
 * The multiplication is split into quotient and remainder so it stays inside 64-bit integers.
 */
export function convertedAmountSql(op: OperationContext, to: string, columns: ConvertedColumns): RawBuilder<unknown> {
  const amount = sql.ref(columns.amount);
  const currency = sql.ref(columns.currency);
  const date = typeof columns.date === "string" ? sql.ref(columns.date) : columns.date;
  return sql`(case when ${amount} is null then null when ${currency} = ${to} then ${amount} else (
    select (${amount} / xr.denominator) * xr.numerator
      + ((${amount} % xr.denominator) * xr.numerator * 2 + xr.denominator) / (2 * xr.denominator)
    from sales_exchange_rates xr
    where xr.tenant_id = ${op.tenantId} and xr.from_currency = ${currency} and xr.to_currency = ${to}
      and xr.effective_on <= ${date}
    order by xr.effective_on desc
    limit 1
  ) end)`;
}

/** An SQL expression: 1 when the record has an amount that {@link convertedAmountSql} could not convert, else 0. */
export function unconvertedSql(op: OperationContext, to: string, columns: ConvertedColumns): RawBuilder<unknown> {
  return sql`(case when ${sql.ref(columns.amount)} is not null and ${convertedAmountSql(op, to, columns)} is null then 1 else 0 end)`;
}
