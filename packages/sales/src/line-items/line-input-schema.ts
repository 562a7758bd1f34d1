import { idSchema, moneyAmountSchema, QUANTITY_DECIMALS, quantitySchema, textSchema } from "@rapport/core";
import { plainFields, plainInput } from "@rapport/core/internals";
import * as z from "zod";
import { percentSchema, plainPercent } from "../documents/percent.js";

/** Where a line's unit price came from: its price book (follows tiers when the quantity changes), or typed in. */
export const PRICE_SOURCES = ["price_book", "manual"] as const;
/** One of {@link PRICE_SOURCES}. */
export type PriceSource = (typeof PRICE_SOURCES)[number];

const lineFields = {
  /** An active product of the tenant. */
  productId: idSchema("prd"),
  /** Above zero, at most 4 decimals; whole units unless the product allows fractions. */
  quantity: quantitySchema,
  /** The book to price from; its currency must be the document's. Defaults to the document's price book. */
  priceBookId: idSchema("pbk"),
  /** Overrides the price book's unit price (minor units of the document's currency). */
  unitPrice: moneyAmountSchema,
  /** The line's discount, 0–100 %. @default 0 */
  discountPercent: percentSchema,
  /** Shown on the document under the product name. */
  description: textSchema().trim().min(1).max(2_000),
};

/**
 * A priced line on an opportunity: a product, a quantity, the unit price from a price book
 * (or typed in) and a discount.
 *
 * @example
 * ```ts
 * await rep.sales.lineItems.add(opp.id, { productId: seat.id, quantity: 25, priceBookId: book.id, discountPercent: 10 });
 * ```
 */
export const lineInputSchema = z
  .object({
    productId: lineFields.productId,
    quantity: lineFields.quantity,
    priceBookId: lineFields.priceBookId.optional(),
    unitPrice: lineFields.unitPrice.optional(),
    discountPercent: lineFields.discountPercent.optional(),
    description: lineFields.description.optional(),
  })
  .strict();
/** What a line accepts. */
export type LineInput = z.input<typeof lineInputSchema>;

/** A line with a tax rate: quote and order lines. */
export const taxedLineInputSchema = lineInputSchema
  .extend({
    /** The line's tax rate, 0–100 % with up to 3 decimals (`8.875`). @default 0 */
    taxRatePercent: percentSchema.optional(),
  })
  .strict();
/** What a quote or order line accepts. */
export type TaxedLineInput = z.input<typeof taxedLineInputSchema>;

const QUANTITY_SCALE = 10 ** QUANTITY_DECIMALS;

/** `quantitySchema` for plain inputs: the number, or `UNSURE` to let zod decide. */
const plainQuantity: plainInput.Reader<number> = (value) =>
  typeof value === "number" &&
  value > 0 &&
  value <= 1_000_000_000 &&
  Math.abs(value * QUANTITY_SCALE - Math.round(value * QUANTITY_SCALE)) < 1e-6
    ? value
    : plainInput.UNSURE;

/** {@link taxedLineInputSchema} for plain inputs (see core's `plainInput`). Keys in the schema's order. */
export const plainTaxedLine = plainInput.strictObject({
  productId: { read: plainInput.recordId("prd"), required: true },
  quantity: { read: plainQuantity, required: true },
  priceBookId: { read: plainInput.recordId("pbk") },
  unitPrice: { read: plainFields.moneyAmount },
  discountPercent: { read: plainPercent },
  description: { read: plainInput.text({ trim: true, min: 1, max: 2_000 }) },
  taxRatePercent: { read: plainPercent },
});

/**
 * A change to an opportunity line. `unitPrice: null` returns to the price book's price;
 * changing the quantity re-prices a book-priced line (volume tiers).
 */
export const updateLineSchema = z
  .object({
    quantity: lineFields.quantity.optional(),
    unitPrice: lineFields.unitPrice.nullable().optional(),
    discountPercent: lineFields.discountPercent.optional(),
    description: lineFields.description.nullable().optional(),
  })
  .strict();
/** What `lineItems.update` accepts. */
export type UpdateLineInput = z.input<typeof updateLineSchema>;
