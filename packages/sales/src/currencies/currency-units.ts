const cache = new Map<string, number>();

/**
 * How many decimals a currency's minor unit has (USD 2, JPY 0, BHD 3), from the ISO 4217
 * data the runtime carries.
 */
export function minorDigits(currency: string): number {
  let digits = cache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    cache.set(currency, digits);
  }
  return digits;
}
