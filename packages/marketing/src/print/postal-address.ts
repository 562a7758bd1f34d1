import addressFormatter from "@fragaria/address-formatter";
import type { Address } from "@rapport/core";

/** Countries written big-to-small, where `line2` of a core address holds the district (区/县). */
const DISTRICT_IN_LINE2 = new Set(["CN"]);

/** Country names in the country's own script, where the formatter's English name would not reach a local post office. */
const LOCAL_COUNTRY_NAMES: Readonly<Record<string, string>> = { CN: "中国" };

/** Who a postal address is for: the person and their organisation. */
export interface Addressee {
  readonly name: string | null;
  readonly company: string | null;
}

/**
 * The lines of a postal address as the post of the recipient's country expects them, by
 * `@fragaria/address-formatter` (OpenCage's templates). Chinese addresses run big to small:
 * postcode and country, province, city, district, street, organisation, then the name. The
 * country is written only when it differs from `fromCountry` (the sender's; always when that is unknown).
 *
 * @example
 * ```ts
 * postalLines({ name: "Maria Anders", company: "Alfreds Futterkiste" },
 *   { line1: "Obere Str. 57", line2: null, city: "Berlin", region: null, postalCode: "12209", country: "DE" }, "DE");
 * // ["Maria Anders", "Alfreds Futterkiste", "Obere Str. 57", "12209 Berlin"]
 * ```
 */
export function postalLines(addressee: Addressee, address: Address, fromCountry: string | null): string[] {
  const country = address.country;
  const districtInLine2 = country !== null && DISTRICT_IN_LINE2.has(country);
  const street = address.line1 ?? (districtInLine2 ? null : address.line2);
  const extraLine = districtInLine2 || address.line1 === null ? null : address.line2;
  const abroad = country !== null && country !== fromCountry;
  const input = {
    ...(addressee.name ? { attention: addressee.name } : {}),
    ...(addressee.company ? { house: addressee.company } : {}),
    ...(street ? { road: street } : {}),
    ...(districtInLine2 && address.line2 ? { cityDistrict: address.line2 } : {}),
    ...(address.city ? { city: address.city } : {}),
    ...(address.region ? { state: address.region } : {}),
    ...(address.postalCode ? { postcode: address.postalCode } : {}),
    ...(country ? { countryCode: country } : {}),
    ...(abroad && LOCAL_COUNTRY_NAMES[country] ? { country: LOCAL_COUNTRY_NAMES[country] } : {}),
  };
  const lines = addressFormatter
    .format(input, {
      output: "array",
      appendCountry: abroad,
      ...(country ? {} : { fallbackCountryCode: fromCountry ?? "US" }),
    })
    .map((line) => line.trim())
    .filter((line) => line !== "");
  if (extraLine) {
    // Line 2 (suite, floor, building) follows the street wherever the template put it.
    const at = street ? lines.findIndex((line) => line.includes(street)) : -1;
    lines.splice(at === -1 ? lines.length : at + 1, 0, extraLine);
  }
  return lines.filter((line) => line !== "");
}
