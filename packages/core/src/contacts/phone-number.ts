import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/min";

/** What a phone number normalises to: E.164 and the country it belongs to, each `null` when unknown. */
export interface NormalisedPhone {
  readonly e164: string | null;
  readonly country: string | null;
}

/**
 * Reads a phone number as people write it (`030-0074321`, `+1 (415) 555-2671 ext. 12`,
 * `0049 30 1234567`) and returns it in E.164 (`+49300074321`) when it is a valid number.
 * A national number needs `country` (ISO 3166-1 alpha-2) to be read; an international one
 * (`+…` or `00…`) does not. Extensions are dropped from the E.164 form.
 *
 * Uses libphonenumber-js because national numbers cannot be read without per-country
 * rules (trunk prefixes, lengths, Italy's kept leading zero).
 *
 * @example
 * ```ts
 * normalisePhone("030-0074321", "DE"); // { e164: "+49300074321", country: "DE" }
 * normalisePhone("555-0100", null);    // { e164: null, country: null }
 * ```
 */
export function normalisePhone(value: string, country: string | null): NormalisedPhone {
  const region: CountryCode | undefined = country !== null && isSupportedCountry(country) ? country : undefined;
  // "00" is the international call prefix in most of the world; read it as "+" when no country says otherwise.
  const text = region === undefined ? value.trim().replace(/^00(?=[1-9])/, "+") : value;
  const parsed = parsePhoneNumberFromString(text, region === undefined ? {} : { defaultCountry: region });
  if (!parsed?.isValid()) return { e164: null, country };
  return { e164: parsed.number, country: country ?? parsed.country ?? null };
}
