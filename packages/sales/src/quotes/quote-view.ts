import type { QuoteLineRow } from "../database.js";
import { fromStoredPercent } from "../documents/percent.js";
import { type PricedLineView, pricedLineView } from "../line-items/line-rows.js";
import type { QuoteRecord } from "./quote-entity.js";

/** A quote: header, totals in minor units of `currency`, and where it is in its lifecycle. */
export interface Quote extends Omit<QuoteRecord, "headerDiscount" | "maxDiscount"> {
  /** `Q-00042`, with `-R2` from the second revision on. */
  readonly displayNumber: string;
  readonly headerDiscountPercent: number;
  /** The largest discount of a line (line and header combined), in percent. */
  readonly maxDiscountPercent: number;
}

/** A line of a quote: priced, discounted (line and header discount) and taxed. */
export interface QuoteLine extends PricedLineView {
  readonly quoteId: string;
  readonly taxRatePercent: number;
  readonly taxAmount: number;
  /** `netAmount + taxAmount`. */
  readonly totalAmount: number;
}

/** `Q-00042` or `Q-00042-R2`. */
export function quoteDisplayNumber(number: number, revision: number): string {
  const base = `Q-${String(number).padStart(5, "0")}`;
  return revision > 1 ? `${base}-R${revision}` : base;
}

/** A stored quote as the public {@link Quote}. */
export function toQuote(record: QuoteRecord): Quote {
  const { headerDiscount, maxDiscount, ...rest } = record;
  return {
    ...rest,
    displayNumber: quoteDisplayNumber(record.number, record.revision),
    headerDiscountPercent: fromStoredPercent(headerDiscount),
    maxDiscountPercent: fromStoredPercent(maxDiscount),
  };
}

/** A stored quote line as the public {@link QuoteLine}. */
export function toQuoteLine(row: QuoteLineRow): QuoteLine {
  return {
    ...pricedLineView(row),
    quoteId: row.quote_id,
    taxRatePercent: fromStoredPercent(row.tax_rate),
    taxAmount: Number(row.tax_amount),
    totalAmount: Number(row.total_amount),
  };
}
