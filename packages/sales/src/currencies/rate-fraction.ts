import { ValidationError } from "@rapport/core";
import { minorDigits } from "./currency-units.js";

/** The largest `numerator × denominator` a rate may have, so the SQL conversion stays inside 64-bit integers. */
export const MAX_RATE_PRODUCT = 2n ** 61n;

function gcd(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/**
 * A rate (`1 from = rate to`, a decimal string) as the exact fraction that turns minor units
 * of `from` into minor units of `to`, in lowest terms. `"1.0842"` USD→EUR is `5421/5000`;
 * `"0.0067"` JPY→USD is `67/100` (a yen is 0.67 cents).
 */
export function rateFraction(rate: string, from: string, to: string): { numerator: bigint; denominator: bigint } {
  const [whole = "0", fraction = ""] = rate.split(".");
  const digits = BigInt(`${whole}${fraction}`);
  let numerator = digits * 10n ** BigInt(minorDigits(to));
  let denominator = 10n ** BigInt(fraction.length + minorDigits(from));
  const divisor = gcd(numerator, denominator);
  numerator /= divisor;
  denominator /= divisor;
  if (numerator * denominator > MAX_RATE_PRODUCT) {
    throw ValidationError.forField(["rate"], "The rate has too many significant digits to convert exactly");
  }
  return { numerator, denominator };
}

/**
 * `amount × numerator / denominator`, rounded half up to a whole minor unit — the same
 * arithmetic the SQL roll-ups run ({@link convertedAmountSql}).
 */
export function convertExact(amount: number, numerator: bigint, denominator: bigint): number {
  const value = BigInt(amount);
  const whole = (value / denominator) * numerator;
  const rest = ((value % denominator) * numerator * 2n + denominator) / (2n * denominator);
  return Number(whole + rest);
}
