import {
  currencySchema,
  externalIdsSchema,
  idSchema,
  quantitySchema,
  textSchema,
  userIdSchema,
  withRecordExtensions,
  writeOptionsSchema,
} from "@rapport/core";
import * as z from "zod";
import { percentSchema } from "../documents/percent.js";
import { taxedLineInputSchema } from "../line-items/line-input-schema.js";
import { dateSchema } from "../opportunities/opportunity-schema.js";
import { MAX_DOCUMENT_LINES } from "../quotes/quote-schema.js";

/** Where an order stands: `draft` → `confirmed` → (`partially_fulfilled` →) `fulfilled`, or `cancelled` before any fulfilment. */
export const ORDER_STATUSES = ["draft", "confirmed", "partially_fulfilled", "fulfilled", "cancelled"] as const;
/** One of {@link ORDER_STATUSES}. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** How a deal reached the customer: sold directly, through a partner, online… */
export const SALES_CHANNELS = ["direct", "partner", "online", "marketplace", "referral"] as const;
/** One of {@link SALES_CHANNELS}. */
export type SalesChannel = (typeof SALES_CHANNELS)[number];

const orderFields = {
  /** The day the order was placed. @default today */
  orderDate: dateSchema,
  notes: textSchema().trim().min(1).max(5_000),
};

/**
 * Input of `orders.create`: an order placed directly, without a quote. Its lines are priced
 * (from the price book unless a unit price is given) and then frozen.
 *
 * @example
 * ```ts
 * await rep.sales.orders.create({ accountId: acct.id, currency: "USD", priceBookId: book.id, lines: [{ productId: seat.id, quantity: 10 }] });
 * ```
 */
export const createOrderSchema = withRecordExtensions(
  z
    .object({
      accountId: idSchema("acc"),
      opportunityId: idSchema("opp").optional(),
      contactId: idSchema("con").optional(),
      currency: currencySchema,
      priceBookId: idSchema("pbk").optional(),
      headerDiscountPercent: percentSchema.optional(),
      lines: z.array(taxedLineInputSchema).min(1, "An order has at least one line").max(MAX_DOCUMENT_LINES),
      /** @default "direct" */
      channel: z.enum(SALES_CHANNELS).optional(),
      ownerId: userIdSchema.nullable().optional(),
      orderDate: orderFields.orderDate.optional(),
      notes: orderFields.notes.optional(),
    })
    .strict(),
);
/** What `orders.create` accepts. */
export type CreateOrderInput = z.input<typeof createOrderSchema>;

/** Options of `orders.createFromQuote`. */
export const fromQuoteSchema = z
  .object({
    orderDate: orderFields.orderDate.optional(),
    notes: orderFields.notes.optional(),
    externalIds: externalIdsSchema.optional(),
  })
  .strict();
/** What `orders.createFromQuote` accepts. */
export type FromQuoteOptions = z.input<typeof fromQuoteSchema>;

/**
 * Input of `orders.fulfil`: how much of which lines shipped. Without `lines`, everything
 * still open is fulfilled.
 */
export const fulfilOrderSchema = z
  .object({
    lines: z
      .array(z.object({ lineId: idSchema("orl"), quantity: quantitySchema }).strict())
      .min(1)
      .max(MAX_DOCUMENT_LINES)
      .optional(),
    expectedVersion: writeOptionsSchema.shape.expectedVersion,
  })
  .strict();
/** What `orders.fulfil` accepts. */
export type FulfilOrderInput = z.input<typeof fulfilOrderSchema>;

/** Options of `orders.cancel`. */
export const cancelOrderSchema = z
  .object({
    reason: textSchema().trim().min(1).max(2_000).optional(),
    expectedVersion: writeOptionsSchema.shape.expectedVersion,
  })
  .strict();
/** What `orders.cancel` accepts. */
export type CancelOrderOptions = z.input<typeof cancelOrderSchema>;
