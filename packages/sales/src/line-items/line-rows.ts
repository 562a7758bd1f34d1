import type { PricedLineColumns } from "../database.js";
import { fromStoredPercent } from "../documents/percent.js";
import type { PriceSource } from "./line-input-schema.js";
import type { LineAmounts } from "./line-totals.js";
import { fromStoredQuantity, type PricedLine } from "./priced-line.js";

/** The product, price and amounts every line shows (opportunity, quote and order lines). */
export interface PricedLineView {
  readonly id: string;
  /** 1, 2, 3… in the order lines were added. */
  readonly position: number;
  readonly productId: string;
  /** The product's SKU and name when the line was priced. */
  readonly sku: string;
  readonly productName: string;
  readonly description: string | null;
  readonly priceBookId: string | null;
  readonly priceSource: PriceSource;
  /** The book's list price, or `null` for a line without a book. */
  readonly listPrice: number | null;
  readonly unitPrice: number;
  readonly quantity: number;
  readonly discountPercent: number;
  /** `unitPrice × quantity`, in minor units. */
  readonly grossAmount: number;
  readonly discountAmount: number;
  /** After the line's (and the document's header) discount. */
  readonly netAmount: number;
}

/** The stored columns of a priced line. */
export function pricedLineColumns(
  tenantId: string,
  id: string,
  position: number,
  line: PricedLine,
  amounts: LineAmounts,
): PricedLineColumns {
  return {
    tenant_id: tenantId,
    id,
    position,
    product_id: line.productId,
    sku: line.sku,
    product_name: line.productName,
    description: line.description,
    price_book_id: line.priceBookId,
    price_source: line.priceSource,
    list_price: line.listPrice,
    unit_price: line.unitPrice,
    quantity: line.quantity,
    discount: line.discount,
    gross_amount: amounts.gross,
    net_amount: amounts.net,
  };
}

/** A stored line as the public view. */
export function pricedLineView(row: PricedLineColumns): PricedLineView {
  const gross = Number(row.gross_amount);
  const net = Number(row.net_amount);
  return {
    id: row.id,
    position: Number(row.position),
    productId: row.product_id,
    sku: row.sku,
    productName: row.product_name,
    description: row.description,
    priceBookId: row.price_book_id,
    priceSource: row.price_source as PriceSource,
    listPrice: row.list_price === null ? null : Number(row.list_price),
    unitPrice: Number(row.unit_price),
    quantity: fromStoredQuantity(row.quantity),
    discountPercent: fromStoredPercent(row.discount),
    grossAmount: gross,
    discountAmount: gross - net,
    netAmount: net,
  };
}

/** A stored line as the {@link PricedLine} it was priced from (to copy it onto another document). */
export function storedPricedLine(row: PricedLineColumns): PricedLine {
  return {
    productId: row.product_id,
    sku: row.sku,
    productName: row.product_name,
    description: row.description,
    priceBookId: row.price_book_id,
    listPrice: row.list_price === null ? null : Number(row.list_price),
    unitPrice: Number(row.unit_price),
    priceSource: row.price_source as PriceSource,
    quantity: Number(row.quantity),
    discount: Number(row.discount),
  };
}
