import { CrmError, type OperationContext, QUANTITY_DECIMALS, ValidationError } from "@rapport/core";
import { toStoredPercent } from "../documents/percent.js";
import { coreClient } from "../internal/bound-context.js";
import type { PriceSource } from "./line-input-schema.js";

/** A line's product and price, resolved and in stored units. */
export interface PricedLine {
  readonly productId: string;
  readonly sku: string;
  readonly productName: string;
  readonly description: string | null;
  readonly priceBookId: string | null;
  /** The book's list price, or `null` when the line has no book. */
  readonly listPrice: number | null;
  readonly unitPrice: number;
  readonly priceSource: PriceSource;
  /** Quantity × 10⁴. */
  readonly quantity: number;
  /** Percent × 10³. */
  readonly discount: number;
}

/** What {@link priceLine} needs of a line. */
export interface LineRequest {
  readonly productId: string;
  readonly quantity: number;
  readonly priceBookId?: string | undefined;
  readonly unitPrice?: number | undefined;
  readonly discountPercent?: number | undefined;
  readonly description?: string | null | undefined;
}

/** Quantity × 10⁴, the stored form. */
export function toStoredQuantity(quantity: number): number {
  return Math.round(quantity * 10 ** QUANTITY_DECIMALS);
}

/** A stored quantity back as a number of units. */
export function fromStoredQuantity(stored: number | string): number {
  return Number(stored) / 10 ** QUANTITY_DECIMALS;
}

function asInvalid(error: unknown, path: readonly PropertyKey[]): unknown {
  // A missing or inactive book or entry is bad input on this line, not a missing document.
  if (error instanceof CrmError && (error.code === "NOT_FOUND" || error.code === "INVALID_TRANSITION")) {
    return ValidationError.forField(path, error.message, { refusedWith: error.code });
  }
  return error;
}

/**
 * Resolves a line: the product must exist and be active, the quantity whole unless the
 * product allows fractions, and the unit price come from the price book (whose currency
 * must be the document's) unless given. Every refusal is a `ValidationError` at
 * `path` + the offending field.
 */
export async function priceLine(
  op: OperationContext,
  line: LineRequest,
  document: { readonly currency: string; readonly priceBookId: string | null },
  path: readonly PropertyKey[] = [],
): Promise<PricedLine> {
  const core = coreClient(op);
  const product = await core.products.get(line.productId).catch((error: unknown) => {
    throw asInvalid(error, [...path, "productId"]);
  });
  if (!product.active || product.archivedAt !== null) {
    throw ValidationError.forField([...path, "productId"], `Product ${product.id} is inactive`, {
      productId: product.id,
    });
  }
  if (!Number.isInteger(line.quantity) && !product.allowFractionalQuantity) {
    throw ValidationError.forField([...path, "quantity"], `Product ${product.id} is sold in whole units`, {
      quantity: line.quantity,
    });
  }
  const priceBookId = line.priceBookId ?? document.priceBookId;
  let listPrice: number | null = null;
  let bookPrice: number | null = null;
  if (priceBookId !== null) {
    const price = await core.priceBooks
      .priceOf({ priceBookId, productId: product.id, quantity: line.quantity })
      .catch((error: unknown) => {
        throw asInvalid(error, [...path, "priceBookId"]);
      });
    if (price.currency !== document.currency) {
      throw ValidationError.forField(
        [...path, "priceBookId"],
        `Price book ${priceBookId} is in ${price.currency}; the document is in ${document.currency}`,
        { bookCurrency: price.currency, currency: document.currency },
      );
    }
    listPrice = price.listPrice;
    bookPrice = price.unitPrice;
  }
  const unitPrice = line.unitPrice ?? bookPrice;
  if (unitPrice === null) {
    throw ValidationError.forField([...path, "unitPrice"], "Give a unit price, or a price book to take it from");
  }
  return {
    productId: product.id,
    sku: product.sku,
    productName: product.name,
    description: line.description ?? null,
    priceBookId,
    listPrice,
    unitPrice,
    priceSource: line.unitPrice === undefined ? "price_book" : "manual",
    quantity: toStoredQuantity(line.quantity),
    discount: toStoredPercent(line.discountPercent ?? 0),
  };
}
