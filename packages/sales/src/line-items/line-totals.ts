import { QUANTITY_DECIMALS, ValidationError } from "@rapport/core";
import { PERCENT_SCALE } from "../documents/percent.js";

const QUANTITY_SCALE = 10n ** BigInt(QUANTITY_DECIMALS);
const HUNDRED = BigInt(PERCENT_SCALE);
const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** A line's inputs in stored units: minor units, ten-thousandths of a unit, thousandths of a percent. */
export interface LineFigures {
  readonly unitPrice: number;
  /** Quantity × 10⁴. */
  readonly quantity: number;
  /** The line's discount, percent × 10³. */
  readonly discount: number;
  /** The document's header discount, percent × 10³. @default 0 */
  readonly headerDiscount?: number;
  /** The line's tax rate, percent × 10³. @default 0 */
  readonly taxRate?: number;
}

/** A line's amounts in minor units. */
export interface LineAmounts {
  /** `unitPrice × quantity`, rounded. */
  readonly gross: number;
  /** `gross − net`: what the line and header discounts take off. */
  readonly discount: number;
  /** The line after both discounts, rounded. */
  readonly net: number;
  /** `net × taxRate`, rounded. */
  readonly tax: number;
  /** `net + tax`. */
  readonly total: number;
}

/** A document's totals: the sums of its lines' amounts. */
export interface DocumentTotals {
  readonly subtotal: number;
  readonly discountTotal: number;
  readonly netTotal: number;
  readonly taxTotal: number;
  readonly grandTotal: number;
}

/** `numerator / denominator` rounded half up (both non-negative): 832.5 → 833. */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

function safe(value: bigint): number {
  if (value > MAX) throw ValidationError.forField(["lines"], "The amount is too large to represent exactly");
  return Number(value);
}

/**
 * The amounts of one line under the module's single rounding rule — **half up, per line,
 * then summed**:
 *
 * - `gross = round(unitPrice × quantity)`
 * - `net = round(unitPrice × quantity × (1 − lineDiscount) × (1 − headerDiscount))`,
 *   computed exactly and rounded once (so a header discount is spread over the lines)
 * - `tax = round(net × taxRate)`
 * - `discount = gross − net`, `total = net + tax`
 *
 * where `round` is half up to a whole minor unit. Document totals are the sums of the
 * rounded line amounts ({@link sumLines}), so they always add up on the printed quote.
 */
export function lineAmounts(figures: LineFigures): LineAmounts {
  const extended = BigInt(figures.unitPrice) * BigInt(figures.quantity);
  const keep = (HUNDRED - BigInt(figures.discount)) * (HUNDRED - BigInt(figures.headerDiscount ?? 0));
  const gross = roundHalfUp(extended, QUANTITY_SCALE);
  const net = roundHalfUp(extended * keep, QUANTITY_SCALE * HUNDRED * HUNDRED);
  const tax = roundHalfUp(net * BigInt(figures.taxRate ?? 0), HUNDRED);
  return { gross: safe(gross), discount: safe(gross - net), net: safe(net), tax: safe(tax), total: safe(net + tax) };
}

/** Sums line amounts into document totals. */
export function sumLines(lines: readonly LineAmounts[]): DocumentTotals {
  let subtotal = 0n;
  let discountTotal = 0n;
  let netTotal = 0n;
  let taxTotal = 0n;
  for (const line of lines) {
    subtotal += BigInt(line.gross);
    discountTotal += BigInt(line.discount);
    netTotal += BigInt(line.net);
    taxTotal += BigInt(line.tax);
  }
  return {
    subtotal: safe(subtotal),
    discountTotal: safe(discountTotal),
    netTotal: safe(netTotal),
    taxTotal: safe(taxTotal),
    grandTotal: safe(netTotal + taxTotal),
  };
}

/**
 * The line's combined discount (line and header), percent × 10³, rounded up so a limit
 * check never lets an approval-worthy discount through: `1 − (1 − line) × (1 − header)`.
 */
export function combinedDiscount(discount: number, headerDiscount: number): number {
  const keep = (HUNDRED - BigInt(discount)) * (HUNDRED - BigInt(headerDiscount));
  const off = HUNDRED * HUNDRED - keep;
  return Number((off + HUNDRED - 1n) / HUNDRED);
}
