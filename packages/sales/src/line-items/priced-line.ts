import {
  type CoreClient,
  CrmError,
  extendedTotal,
  InvalidTransitionError,
  NotFoundError,
  type OperationContext,
  type PriceTier,
  QUANTITY_DECIMALS,
  unitPriceFor,
  ValidationError,
} from "@rapport/core";
import { toStoredPercent } from "../documents/percent.js";
import { type CatalogPrices, type CatalogProduct, catalogPrices, entryKey } from "./catalog-prices.js";
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

/** What {@link priceLine} and {@link priceLines} need of a line. */
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

/** The currency and default price book of the document a line is on. */
export interface LineDocument {
  readonly currency: string;
  readonly priceBookId: string | null;
}

function asInvalid(error: unknown, path: readonly PropertyKey[]): unknown {
  // A missing or inactive book or entry is bad input on this line, not a missing document.
  if (error instanceof CrmError && (error.code === "NOT_FOUND" || error.code === "INVALID_TRANSITION")) {
    return ValidationError.forField(path, error.message, { refusedWith: error.code });
  }
  return error;
}

/** How a line's product is read: from the catalog row, or (under field rules) through `products.get`. */
type ProductReader = (productId: string) => Promise<CatalogProduct>;

/**
 * The product as `products.get` gives it to this actor: a missing product is `NotFoundError`,
 * one the actor may not read `ForbiddenError`. Field rules on products can hide fields, so
 * an actor under them reads through the service, which redacts.
 */
async function productReader(op: OperationContext, catalog: CatalogPrices): Promise<ProductReader> {
  if ((await op.policy()).hasFieldRules(op.actor, "product")) {
    const products = (op.client() as CoreClient).products;
    return (productId) => products.get(productId);
  }
  return async (productId) => {
    const product = catalog.products.get(productId);
    if (!product) throw new NotFoundError("product", productId);
    await op.authorize("product:read", { ownerId: null, createdBy: product.createdBy, id: product.id });
    return product;
  };
}

/**
 * A book's unit and list price for `quantity` units of a product, with the refusals of
 * `priceBooks.priceOf` in its order: missing book, read permission, missing entry,
 * inactive book or product, fractional quantity, a total too large.
 */
async function bookPrice(
  op: OperationContext,
  catalog: CatalogPrices,
  priceBookId: string,
  productId: string,
  quantity: number,
): Promise<{ currency: string; listPrice: number; unitPrice: number }> {
  const book = catalog.books.get(priceBookId);
  if (!book) throw new NotFoundError("price_book", priceBookId);
  await op.authorize("price_book:read", { ownerId: null, createdBy: book.createdBy });
  const entry = catalog.entries.get(entryKey(priceBookId, productId));
  if (!entry) {
    throw new NotFoundError("price_book_entry", `${priceBookId}/${productId}`, {
      details: { priceBookId, productId },
    });
  }
  if (!book.active || book.archivedAt !== null) {
    throw new InvalidTransitionError(`price_book ${priceBookId} is inactive`, { details: { priceBookId } });
  }
  const product = catalog.products.get(productId) as CatalogProduct;
  if (!product.active || product.archivedAt !== null) {
    throw new InvalidTransitionError(`product ${productId} is inactive`, { details: { productId } });
  }
  if (!Number.isInteger(quantity) && !product.allowFractionalQuantity) {
    throw ValidationError.forField(["quantity"], `Product ${productId} is sold in whole units`, { quantity });
  }
  const { unitPrice } = unitPriceFor(entry.listPrice, JSON.parse(entry.tiers) as PriceTier[], quantity);
  extendedTotal(unitPrice, quantity); // refuses a total too large to represent, as priceOf does
  return { currency: book.currency, listPrice: entry.listPrice, unitPrice };
}

/** Resolves one line against the catalog; see {@link priceLine} for the rules. */
async function resolveLine(
  op: OperationContext,
  catalog: CatalogPrices,
  readProduct: ProductReader,
  line: LineRequest,
  document: LineDocument,
  path: readonly PropertyKey[],
): Promise<PricedLine> {
  const product = await readProduct(line.productId).catch((error: unknown) => {
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
  let bookUnitPrice: number | null = null;
  if (priceBookId !== null) {
    const price = await bookPrice(op, catalog, priceBookId, product.id, line.quantity).catch((error: unknown) => {
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
    bookUnitPrice = price.unitPrice;
  }
  const unitPrice = line.unitPrice ?? bookUnitPrice;
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

/** Prices lines in order, reading their products, books and entries in one query; the first bad line refuses. */
async function priceEach(
  op: OperationContext,
  lines: readonly LineRequest[],
  document: LineDocument,
  pathOf: (index: number) => readonly PropertyKey[],
): Promise<PricedLine[]> {
  if (lines.length === 0) return [];
  const productIds = [...new Set(lines.map((line) => line.productId))];
  const bookIds = new Set<string>();
  for (const line of lines) {
    const bookId = line.priceBookId ?? document.priceBookId;
    if (bookId !== null) bookIds.add(bookId);
  }
  const catalog = await catalogPrices(op, productIds, [...bookIds]);
  const readProduct = await productReader(op, catalog);
  const priced: PricedLine[] = [];
  for (const [index, line] of lines.entries()) {
    priced.push(await resolveLine(op, catalog, readProduct, line, document, pathOf(index)));
  }
  return priced;
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
  document: LineDocument,
  path: readonly PropertyKey[] = [],
): Promise<PricedLine> {
  const [priced] = await priceEach(op, [line], document, () => path);
  return priced as PricedLine;
}

/**
 * {@link priceLine} for every line of a document, with one query for all of them. Lines
 * are checked in order and the first bad one refuses, at `[...path, index, field]` — what
 * pricing them one by one reports.
 */
export function priceLines(
  op: OperationContext,
  lines: readonly LineRequest[],
  document: LineDocument,
  path: readonly PropertyKey[] = [],
): Promise<PricedLine[]> {
  return priceEach(op, lines, document, (index) => [...path, index]);
}
