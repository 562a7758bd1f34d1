import type { OperationContext } from "@rapport/core";
import type { QuoteLineRow } from "../database.js";
import { fromStoredPercent } from "../documents/percent.js";
import { type PricedLineView, pricedLineView } from "../line-items/line-rows.js";
import { type QuoteRecord, quoteEntity } from "./quote-entity.js";

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

/**
 * A stored quote as the public {@link Quote}. A field the actor's roles hide is absent
 * from a redacted record, and so is what is derived from it.
 */
export function toQuote(record: QuoteRecord): Quote {
  const { headerDiscount, maxDiscount, ...rest } = record;
  const has = (key: keyof QuoteRecord) => Object.hasOwn(record, key);
  return {
    ...rest,
    ...(has("number") && has("revision") ? { displayNumber: quoteDisplayNumber(record.number, record.revision) } : {}),
    ...(has("headerDiscount") ? { headerDiscountPercent: fromStoredPercent(headerDiscount) } : {}),
    ...(has("maxDiscount") ? { maxDiscountPercent: fromStoredPercent(maxDiscount) } : {}),
  } as Quote;
}

/** What a verb returns: the quote without the fields the actor's roles hide. */
export async function shownQuote(op: OperationContext, record: QuoteRecord): Promise<Quote> {
  return toQuote(await op.records(quoteEntity).shown(record));
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
