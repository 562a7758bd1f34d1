import { idSchema, type OperationContext, parseInput, ValidationError } from "@rapport/core";
import { type OrderLineRow, type QuoteLineRow, salesDb } from "../database.js";
import { dateOf } from "../documents/dates.js";
import { nextNumber } from "../documents/document-number.js";
import { toStoredPercent } from "../documents/percent.js";
import { invalidTransition } from "../errors.js";
import { priceLines } from "../line-items/priced-line.js";
import { opportunityEntity } from "../opportunities/opportunity-entity.js";
import { quoteEntity } from "../quotes/quote-entity.js";
import { quoteFigures, quoteLineRow, quoteLineRows, withTaxRate } from "../quotes/quote-lines.js";
import { type OrderRecord, orderEntity } from "./order-entity.js";
import { createOrderSchema, fromQuoteSchema } from "./order-schema.js";

/** A quote line's frozen columns as an order line. */
function toOrderLineRow(row: QuoteLineRow, orderId: string, id: string): OrderLineRow {
  const { quote_id: _q, ...columns } = row;
  return { ...columns, id, order_id: orderId, fulfilled_quantity: 0 };
}

/** Writes a new draft order, numbered, with its lines; `order.create` hooks see the values first. */
async function insertOrder(
  op: OperationContext,
  values: Record<string, unknown>,
  lines: readonly QuoteLineRow[],
): Promise<OrderRecord> {
  const number = await nextNumber(op, "order");
  const [order] = (await op
    .records(orderEntity)
    .insert([await op.before("order.create", { ...values, number, status: "draft" })])) as [OrderRecord];
  const rows = lines.map((line) => toOrderLineRow(line, order.id, op.newId("orl")));
  await salesDb(op).insertInto("sales_order_lines").values(rows).execute();
  return order;
}

/** The channel and partner an opportunity is attributed to (`direct` when none). */
async function attributionOf(op: OperationContext, opportunityId: string | null) {
  if (opportunityId === null) return { channel: "direct", partnerId: null };
  const row = await salesDb(op)
    .selectFrom("sales_opportunities")
    .select(["channel", "partner_id"])
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", opportunityId)
    .executeTakeFirst();
  return { channel: row?.channel ?? "direct", partnerId: row?.partner_id ?? null };
}

/**
 * `orders.createFromQuote`: an order from an accepted quote, its lines and totals copied
 * exactly as quoted, and the opportunity's channel attribution. A quote is ordered once
 * (unless that order was cancelled).
 */
export async function createOrderFromQuote(
  op: OperationContext,
  quoteId: string,
  options: unknown,
): Promise<OrderRecord> {
  const parsed = parseInput(fromQuoteSchema, options);
  await op.authorize("order:create");
  const quote = await op.records(quoteEntity).get(parseInput(idSchema(quoteEntity.idPrefix), quoteId));
  if (quote.status !== "accepted") {
    throw invalidTransition(
      `Quote ${quote.id} is ${quote.status}; only an accepted quote becomes an order`,
      "document_status",
      {
        id: quote.id,
        status: quote.status,
      },
    );
  }
  // Serialises orders of one quote, so two concurrent calls cannot both order it.
  await op.lock(`order_of:${quote.id}`);
  const existing = await salesDb(op)
    .selectFrom("sales_orders")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("quote_id", "=", quote.id)
    .where("status", "!=", "cancelled")
    .executeTakeFirst();
  if (existing) {
    throw invalidTransition(`Quote ${quote.id} is already ordered as ${existing.id}`, "document_status", {
      id: quote.id,
      orderId: existing.id,
    });
  }
  return insertOrder(
    op,
    {
      accountId: quote.accountId,
      contactId: quote.contactId,
      opportunityId: quote.opportunityId,
      quoteId: quote.id,
      ownerId: quote.ownerId,
      currency: quote.currency,
      orderDate: parsed.orderDate ?? dateOf(op.timestamp),
      headerDiscount: quote.headerDiscount,
      subtotal: quote.subtotal,
      discountTotal: quote.discountTotal,
      netTotal: quote.netTotal,
      taxTotal: quote.taxTotal,
      grandTotal: quote.grandTotal,
      ...(await attributionOf(op, quote.opportunityId)),
      notes: parsed.notes ?? null,
      externalIds: parsed.externalIds,
    },
    await quoteLineRows(op, quote.id),
  );
}

/** `orders.create`: an order placed directly; its lines are priced now and frozen. */
export async function createOrder(op: OperationContext, input: unknown): Promise<OrderRecord> {
  const parsed = parseInput(createOrderSchema, input);
  await op.authorize("order:create");
  await op.records(orderEntity).assertWritable(parsed, { create: true });
  if (parsed.opportunityId !== undefined) {
    const opportunity = await op.records(opportunityEntity).get(parsed.opportunityId);
    if (opportunity.currency !== null && opportunity.currency !== parsed.currency) {
      throw ValidationError.forField(["currency"], `Opportunity ${opportunity.id} is in ${opportunity.currency}`);
    }
  }
  const document = { currency: parsed.currency, priceBookId: parsed.priceBookId ?? null };
  const priced = await priceLines(op, parsed.lines, document, ["lines"]);
  const lines = priced.map((line, index) => withTaxRate(line, parsed.lines[index]?.taxRatePercent));
  const headerDiscount = toStoredPercent(parsed.headerDiscountPercent ?? 0);
  const { maxDiscount: _m, requiresApproval: _r, ...totals } = quoteFigures(lines, headerDiscount, 0);
  // The priced rows, computed once under the same rule as quotes and copied onto the order.
  const rows = lines.map((line, index) => quoteLineRow(op.tenantId, "", "", index + 1, line, headerDiscount));
  const attribution = await attributionOf(op, parsed.opportunityId ?? null);
  return insertOrder(
    op,
    {
      accountId: parsed.accountId,
      contactId: parsed.contactId ?? null,
      opportunityId: parsed.opportunityId ?? null,
      quoteId: null,
      ownerId: parsed.ownerId,
      currency: parsed.currency,
      orderDate: parsed.orderDate ?? dateOf(op.timestamp),
      headerDiscount,
      ...totals,
      channel: parsed.channel ?? attribution.channel,
      partnerId: (parsed.channel ?? attribution.channel) === attribution.channel ? attribution.partnerId : null,
      notes: parsed.notes ?? null,
      custom: parsed.custom,
      externalIds: parsed.externalIds,
      tags: parsed.tags,
    },
    rows,
  );
}
