import type { OperationContext } from "@rapport/core";
import { insertRows } from "@rapport/core/internals";
import { type QuoteLineRow, salesDb } from "../database.js";
import { toStoredPercent } from "../documents/percent.js";
import { pricedLineColumns, storedPricedLine } from "../line-items/line-rows.js";
import { combinedDiscount, type DocumentTotals, lineAmounts, sumLines } from "../line-items/line-totals.js";
import type { PricedLine } from "../line-items/priced-line.js";

/** A priced line with its tax rate (thousandths of a percent). */
export interface TaxedLine extends PricedLine {
  readonly taxRate: number;
}

/** What the quote header carries about its lines. */
export interface QuoteFigures extends DocumentTotals {
  readonly maxDiscount: number;
  readonly requiresApproval: boolean;
}

/** A stored quote line as the taxed line it was priced from. */
export function storedTaxedLine(row: QuoteLineRow): TaxedLine {
  return { ...storedPricedLine(row), taxRate: Number(row.tax_rate) };
}

/** A taxed line with a tax rate given in percent. */
export function withTaxRate(line: PricedLine, taxRatePercent: number | undefined): TaxedLine {
  return { ...line, taxRate: toStoredPercent(taxRatePercent ?? 0) };
}

/** The stored columns of a quote line under `headerDiscount`. */
export function quoteLineRow(
  tenantId: string,
  quoteId: string,
  id: string,
  position: number,
  line: TaxedLine,
  headerDiscount: number,
): QuoteLineRow {
  const amounts = lineAmounts({ ...line, headerDiscount });
  return {
    ...pricedLineColumns(tenantId, id, position, line, amounts),
    quote_id: quoteId,
    tax_rate: line.taxRate,
    tax_amount: amounts.tax,
    total_amount: amounts.total,
  };
}

/** The quote's lines in position order. */
export function quoteLineRows(op: OperationContext, quoteId: string): Promise<QuoteLineRow[]> {
  return salesDb(op)
    .selectFrom("sales_quote_lines")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("quote_id", "=", quoteId)
    .orderBy("position")
    .execute();
}

/** Appends lines to a quote after its last position. */
export async function insertQuoteLines(
  op: OperationContext,
  quoteId: string,
  lines: readonly TaxedLine[],
  headerDiscount: number,
  after: number,
): Promise<QuoteLineRow[]> {
  const rows = lines.map((line, index) =>
    quoteLineRow(op.tenantId, quoteId, op.newId("qli"), after + index + 1, line, headerDiscount),
  );
  // One multi-row INSERT whose SQL is compiled once per line count.
  await insertRows(op, "sales_quote_lines", rows as unknown as readonly Readonly<Record<string, unknown>>[]);
  return rows;
}

/**
 * The header figures of a quote's lines under `headerDiscount`: totals, the largest
 * combined discount of a line, and whether it exceeds `limit` (thousandths of a percent) so
 * the quote needs approval.
 */
export function quoteFigures(lines: readonly TaxedLine[], headerDiscount: number, limit: number): QuoteFigures {
  const totals = sumLines(lines.map((line) => lineAmounts({ ...line, headerDiscount })));
  const maxDiscount = Math.max(0, ...lines.map((line) => combinedDiscount(line.discount, headerDiscount)));
  return { ...totals, maxDiscount, requiresApproval: maxDiscount > limit };
}

/**
 * Recomputes every line of the quote under `headerDiscount`, rewriting the lines whose
 * amounts moved, and returns the header's figures ({@link quoteFigures}).
 */
export async function recomputeQuoteLines(
  op: OperationContext,
  quoteId: string,
  headerDiscount: number,
  limit: number,
): Promise<QuoteFigures> {
  const rows = await quoteLineRows(op, quoteId);
  const lines = rows.map(storedTaxedLine);
  for (const [index, row] of rows.entries()) {
    const next = quoteLineRow(op.tenantId, quoteId, row.id, row.position, lines[index] as TaxedLine, headerDiscount);
    if (Number(row.net_amount) !== Number(next.net_amount) || Number(row.tax_amount) !== Number(next.tax_amount)) {
      await salesDb(op)
        .updateTable("sales_quote_lines")
        .set({ net_amount: next.net_amount, tax_amount: next.tax_amount, total_amount: next.total_amount })
        .where("tenant_id", "=", op.tenantId)
        .where("id", "=", row.id)
        .execute();
    }
  }
  return quoteFigures(lines, headerDiscount, limit);
}
