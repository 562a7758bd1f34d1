import { minorDigits } from "../currencies/currency-units.js";

const grouping = new Intl.NumberFormat("en-US", { useGrouping: true, maximumFractionDigits: 0 });

/**
 * An amount in minor units written exactly for people: `USD 1,234.50`, `JPY 1,200`. No
 * float ever touches the amount (the whole part is grouped as a BigInt).
 */
export function formatMoney(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  const value = BigInt(amount);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const scale = 10n ** BigInt(digits);
  const whole = grouping.format(magnitude / scale);
  const fraction = digits > 0 ? `.${(magnitude % scale).toString().padStart(digits, "0")}` : "";
  return `${negative ? "-" : ""}${currency} ${whole}${fraction}`;
}
