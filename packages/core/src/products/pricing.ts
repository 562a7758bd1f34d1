import { ValidationError } from "../kernel/errors.js";
import { type PriceTier, QUANTITY_DECIMALS } from "./price-book-schema.js";

const SCALE = 10n ** BigInt(QUANTITY_DECIMALS);

/** The unit price for `quantity`: the tier with the highest `minQuantity` not above it, else the list price. */
export function unitPriceFor(
  listPrice: number,
  tiers: readonly PriceTier[],
  quantity: number,
): { unitPrice: number; tier: PriceTier | null } {
  let tier: PriceTier | null = null;
  for (const candidate of tiers) if (candidate.minQuantity <= quantity) tier = candidate;
  return { unitPrice: tier?.unitPrice ?? listPrice, tier };
}

/**
 * `unitPrice × quantity` in minor units, computed exactly on integers and rounded half up
 * (2.5 hours at 333 → 832.5 → 833). Fails when the total passes `Number.MAX_SAFE_INTEGER`.
 */
export function extendedTotal(unitPrice: number, quantity: number): number {
  const scaledQuantity = BigInt(Math.round(quantity * Number(SCALE)));
  const total = (BigInt(unitPrice) * scaledQuantity + SCALE / 2n) / SCALE;
  if (total > BigInt(Number.MAX_SAFE_INTEGER))
    throw ValidationError.forField(["quantity"], "The total is too large to represent exactly");
  return Number(total);
}
