/**
 * The quote arithmetic of the raw side, restated by hand from Rapport's documented rules
 * (not imported: the raw side must not call Rapport): stored units, volume tiers, line
 * amounts rounded half up once per amount on exact integers, the combined discount that
 * decides approval, and calendar dates.
 */

const DAY_MS = 86_400_000;
// Stored units, as Rapport keeps them: quantities × 10⁴, percentages × 10³ (100 % is 100,000).
const QUANTITY_SCALE = 10_000n;
const HUNDRED_PERCENT = 100_000n;

/**
 * A quantity as stored: ten-thousandths of a unit (`2.25` → `22_500`).
 *
 * @param {number} quantity
 */
export function storedQuantity(quantity) {
  return Math.round(quantity * 10_000);
}

/**
 * The unit price of `quantity` units: the volume tier with the highest `minQuantity` not
 * above it, else the list price.
 *
 * @param {number} listPrice
 * @param {string} tiersJson the entry's tiers, sorted by `minQuantity`
 * @param {number} quantity
 */
export function tierPrice(listPrice, tiersJson, quantity) {
  let price = listPrice;
  for (const tier of /** @type {{ minQuantity: number, unitPrice: number }[]} */ (JSON.parse(tiersJson)))
    if (tier.minQuantity <= quantity) price = tier.unitPrice;
  return price;
}

/**
 * A line's amounts in minor units, exactly on integers and rounded half up once per
 * amount: gross = price × quantity; net = gross × (1 − line discount) × (1 − header
 * discount); tax = net × rate; discount = gross − net; total = net + tax.
 *
 * @param {number} unitPrice minor units
 * @param {number} quantity × 10⁴
 * @param {number} discount percent × 10³
 * @param {number} headerDiscount percent × 10³
 * @param {number} taxRate percent × 10³
 */
export function lineAmounts(unitPrice, quantity, discount, headerDiscount, taxRate) {
  const extended = BigInt(unitPrice) * BigInt(quantity);
  const kept = (HUNDRED_PERCENT - BigInt(discount)) * (HUNDRED_PERCENT - BigInt(headerDiscount));
  const gross = roundHalfUp(extended, QUANTITY_SCALE);
  const net = roundHalfUp(extended * kept, QUANTITY_SCALE * HUNDRED_PERCENT * HUNDRED_PERCENT);
  const tax = roundHalfUp(net * BigInt(taxRate), HUNDRED_PERCENT);
  return {
    gross: Number(gross),
    discount: Number(gross - net),
    net: Number(net),
    tax: Number(tax),
    total: Number(net + tax),
  };
}

/**
 * `numerator / denominator`, both non-negative, rounded half up.
 *
 * @param {bigint} numerator
 * @param {bigint} denominator
 */
function roundHalfUp(numerator, denominator) {
  return (2n * numerator + denominator) / (2n * denominator);
}

/**
 * A line's line and header discounts combined, percent × 10³, rounded up (so the approval
 * check never lets a discount over the limit through): 1 − (1 − line) × (1 − header).
 *
 * @param {number} discount
 * @param {number} headerDiscount
 */
export function combinedDiscount(discount, headerDiscount) {
  const kept = (HUNDRED_PERCENT - BigInt(discount)) * (HUNDRED_PERCENT - BigInt(headerDiscount));
  return Number((HUNDRED_PERCENT * HUNDRED_PERCENT - kept + HUNDRED_PERCENT - 1n) / HUNDRED_PERCENT);
}

/**
 * A percentage as stored: thousandths of a percent (`8.875` → `8_875`).
 *
 * @param {number} percent
 */
export function storedPercent(percent) {
  return Math.round(percent * 1_000);
}

/**
 * `date` (`YYYY-MM-DD`) plus `days`.
 *
 * @param {string} date
 * @param {number} days
 */
export function addDays(date, days) {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
