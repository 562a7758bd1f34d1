import {
  boundContext,
  createEntityService,
  idSchema,
  NotFoundError,
  type OperationContext,
  parseInput,
  type WriteOptions,
  writeOptionsSchema,
} from "@rapport/core";
import { type QuoteLineRow, salesDb } from "../database.js";
import { fromStoredPercent, toStoredPercent } from "../documents/percent.js";
import { assertDocumentState, invalidTransition } from "../errors.js";
import { taxedLineInputSchema } from "../line-items/line-input-schema.js";
import { fromStoredQuantity, priceLine } from "../line-items/priced-line.js";
import { type QuoteRecord, quoteEntity } from "./quote-entity.js";
import { currentFigures, quoteIdSchema } from "./quote-lifecycle.js";
import { insertQuoteLines, quoteLineRow, withTaxRate } from "./quote-lines.js";
import { MAX_DOCUMENT_LINES, updateQuoteLineSchema, updateQuoteSchema } from "./quote-schema.js";
import { type QuoteLine, toQuoteLine } from "./quote-view.js";

const lineIdSchema = idSchema("qli");

/** Loads a draft quote the actor may change (`quote:update`). */
async function draftFor(op: OperationContext, id: string, expectedVersion?: number): Promise<QuoteRecord> {
  const quotes = op.records(quoteEntity);
  const quote = await quotes.loadForChange(parseInput(quoteIdSchema, id), { expectedVersion, authorize: "update" });
  assertDocumentState(quotes, quote, "change", ["draft"]);
  return quote;
}

/**
 * Writes the draft's figures after a line change, auditing the line under `lines` (`null`
 * on the side where it does not exist): one version per change that changed something.
 */
async function refresh(
  op: OperationContext,
  quote: QuoteRecord,
  action: string,
  line: { readonly before: QuoteLineRow | null; readonly after: QuoteLineRow | null },
): Promise<void> {
  // Compared as public views: a stored row's numbers may come back as strings.
  const view = (row: QuoteLineRow | null) => (row === null ? null : toQuoteLine(row));
  await op.records(quoteEntity).change(quote, await currentFigures(op, quote), {
    action,
    extra: [{ field: "lines", before: view(line.before), after: view(line.after) }],
  });
}

async function lineOf(op: OperationContext, quote: QuoteRecord, lineId: string): Promise<QuoteLineRow> {
  const id = parseInput(lineIdSchema, lineId);
  const row = await salesDb(op)
    .selectFrom("sales_quote_lines")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("quote_id", "=", quote.id)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("quote_line", id, { details: { quoteId: quote.id } });
  return row;
}

/** `quotes.update`: changes a draft's header; a new header discount re-prices every line. */
export async function updateQuote(
  op: OperationContext,
  id: string,
  patch: unknown,
  options: WriteOptions,
): Promise<QuoteRecord> {
  const parsed = parseInput(updateQuoteSchema, patch);
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const before = await draftFor(op, id, expectedVersion);
  const { headerDiscountPercent, ...fields } = parsed;
  const headerDiscount =
    headerDiscountPercent === undefined ? before.headerDiscount : toStoredPercent(headerDiscountPercent);
  const figures = await currentFigures(op, before, headerDiscount);
  return createEntityService(boundContext(op), quoteEntity).update(
    before.id,
    { ...fields, headerDiscount, ...figures },
    { expectedVersion: before.version },
  );
}

/** `quotes.addLine`: prices a line (the quote's price book unless the line names one) and appends it to a draft. */
export async function addQuoteLine(op: OperationContext, quoteId: string, input: unknown): Promise<QuoteLine> {
  const parsed = parseInput(taxedLineInputSchema, input);
  const quote = await draftFor(op, quoteId);
  const last = await salesDb(op)
    .selectFrom("sales_quote_lines")
    .select((eb) => [eb.fn.max("position").as("position"), eb.fn.countAll<number | string>().as("count")])
    .where("tenant_id", "=", op.tenantId)
    .where("quote_id", "=", quote.id)
    .executeTakeFirstOrThrow();
  if (Number(last.count) >= MAX_DOCUMENT_LINES) {
    throw invalidTransition(
      `Quote ${quote.id} has ${MAX_DOCUMENT_LINES} lines, the most a quote takes`,
      "document_status",
    );
  }
  const priced = await priceLine(op, parsed, quote);
  const [row] = await insertQuoteLines(
    op,
    quote.id,
    [withTaxRate(priced, parsed.taxRatePercent)],
    quote.headerDiscount,
    Number(last.position ?? 0),
  );
  await refresh(op, quote, "add_line", { before: null, after: row as QuoteLineRow });
  return toQuoteLine(row as QuoteLineRow);
}

/** `quotes.updateLine`: re-prices a draft's line with the changes. */
export async function updateQuoteLine(
  op: OperationContext,
  quoteId: string,
  lineId: string,
  patch: unknown,
): Promise<QuoteLine> {
  const parsed = parseInput(updateQuoteLineSchema, patch);
  const quote = await draftFor(op, quoteId);
  const before = await lineOf(op, quote, lineId);
  const keepManual = before.price_source === "manual" && parsed.unitPrice === undefined;
  const unitPrice =
    parsed.unitPrice === null ? undefined : (parsed.unitPrice ?? (keepManual ? Number(before.unit_price) : undefined));
  const priced = await priceLine(
    op,
    {
      productId: before.product_id,
      quantity: parsed.quantity ?? fromStoredQuantity(before.quantity),
      priceBookId: before.price_book_id ?? undefined,
      unitPrice,
      discountPercent: parsed.discountPercent ?? fromStoredPercent(before.discount),
      description: parsed.description === undefined ? before.description : parsed.description,
    },
    { currency: quote.currency, priceBookId: null },
  );
  const taxRate = parsed.taxRatePercent ?? fromStoredPercent(before.tax_rate);
  const row = quoteLineRow(
    op.tenantId,
    quote.id,
    before.id,
    before.position,
    withTaxRate(priced, taxRate),
    quote.headerDiscount,
  );
  const { tenant_id: _t, id: _i, quote_id: _q, position: _p, ...changes } = row;
  await salesDb(op)
    .updateTable("sales_quote_lines")
    .set(changes)
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", before.id)
    .execute();
  await refresh(op, quote, "update_line", { before, after: row });
  return toQuoteLine(row);
}

/** `quotes.removeLine`: removes a line from a draft. */
export async function removeQuoteLine(op: OperationContext, quoteId: string, lineId: string): Promise<void> {
  const quote = await draftFor(op, quoteId);
  const line = await lineOf(op, quote, lineId);
  await salesDb(op)
    .deleteFrom("sales_quote_lines")
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", line.id)
    .execute();
  await refresh(op, quote, "remove_line", { before: line, after: null });
}
