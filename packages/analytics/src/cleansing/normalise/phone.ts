import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/min";
import { present } from "./text.js";

/** A phone number, normalised for matching. */
export interface NormalisedPhone {
  /** The number in E.164 (`+4930123456`) when it is a valid number, else `null`. */
  readonly e164: string | null;
  /** True when libphonenumber-js reads it as a valid number. */
  readonly valid: boolean;
  /** Its digits only, as written (`3865286`), or `null` when it has none: compared when a number cannot be read. */
  readonly digits: string | null;
  /** The country it belongs to (ISO alpha-2), or `null`. */
  readonly country: string | null;
}

/**
 * Normalises a phone number to E.164 with libphonenumber-js (per-country trunk prefixes and
 * lengths cannot be done with a regular expression). A national number is read in
 * `defaultCountry` — the tenant's default country, or the record's own; `00…` is read as `+…`.
 * Extensions are dropped.
 *
 * @example
 * ```ts
 * normalisePhone("030 1234567", "DE") // { e164: "+49301234567", valid: true, digits: "0301234567", country: "DE" }
 * normalisePhone("555-0100", null)    // { e164: null, valid: false, digits: "5550100", country: null }
 * ```
 */
export function normalisePhone(
  value: string | null | undefined,
  defaultCountry: string | null = null,
): NormalisedPhone {
  const text = present(value);
  if (text === null) return { e164: null, valid: false, digits: null, country: null };
  const withoutExtension = text.replace(/\s*(ext\.?|x|#)\s*\d+\s*$/i, "");
  const digits = withoutExtension.replace(/\D/g, "") || null;
  const region: CountryCode | undefined =
    defaultCountry !== null && isSupportedCountry(defaultCountry) ? defaultCountry : undefined;
  const international = withoutExtension.trim().replace(/^00(?=[1-9])/, "+");
  const parsed = parsePhoneNumberFromString(international, region === undefined ? {} : { defaultCountry: region });
  if (!parsed?.isValid()) return { e164: null, valid: false, digits, country: null };
  return { e164: parsed.number, valid: true, digits, country: parsed.country ?? null };
}
