import { foldWords, present } from "./text.js";

/** Street words written in full and their usual abbreviations, folded: all read as the abbreviation. */
const STREET_WORDS: Readonly<Record<string, string>> = {
  street: "st",
  str: "st",
  strasse: "st",
  road: "rd",
  avenue: "ave",
  av: "ave",
  boulevard: "blvd",
  drive: "dr",
  lane: "ln",
  place: "pl",
  court: "ct",
  crescent: "cres",
  terrace: "tce",
  highway: "hwy",
  parkway: "pkwy",
  square: "sq",
  circuit: "cct",
  close: "cl",
  grove: "gr",
  mount: "mt",
  saint: "st",
  apartment: "apt",
  suite: "ste",
  floor: "fl",
  building: "bldg",
  north: "n",
  south: "s",
  east: "e",
  west: "w",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
  first: "1st",
  second: "2nd",
  third: "3rd",
  fourth: "4th",
  fifth: "5th",
  rue: "r",
  chemin: "ch",
  calle: "c",
  via: "v",
  platz: "pl",
  weg: "wg",
  allee: "al",
};

/**
 * Reads a street line for matching: folded (see `foldWords`), `Straße`/`strasse` suffixes split
 * off (`Hauptstraße` → `haupt st`), and street words, directions and ordinals abbreviated one
 * way (`Street`/`St.` → `st`, `North` → `n`, `Avenue` → `ave`).
 *
 * @example
 * ```ts
 * normaliseStreet("221 E. Fifty-First Street") // "221 e fifty first st"
 * normaliseStreet("Hauptstraße 5")             // "haupt st 5"
 * ```
 */
export function normaliseStreet(value: string | null | undefined): string | null {
  const text = present(value);
  if (text === null) return null;
  const words = foldWords(text)
    .replace(/(\p{L}{3,})(strasse|str)\b/gu, "$1 $2")
    .split(" ")
    .filter((word) => word !== "")
    .map((word) => STREET_WORDS[word] ?? word);
  return words.length === 0 ? null : words.join(" ");
}

/** The house number of a street line (its first number, `221` of `221B Baker St`), or `null`. */
export function houseNumberOf(street: string | null): number | null {
  const match = street === null ? null : /\d+/.exec(street);
  return match === null ? null : Number(match[0]);
}

/** Postcode shapes by country: the pattern of a valid code once spaces and dashes are gone, and how it is written. */
const POSTCODES: Readonly<Record<string, { readonly pattern: RegExp; readonly format: (code: string) => string }>> = {
  US: { pattern: /^\d{5}(\d{4})?$/, format: (code) => code.slice(0, 5) },
  DE: { pattern: /^\d{5}$/, format: (code) => code },
  FR: { pattern: /^\d{5}$/, format: (code) => code },
  ES: { pattern: /^\d{5}$/, format: (code) => code },
  IT: { pattern: /^\d{5}$/, format: (code) => code },
  AU: { pattern: /^\d{4}$/, format: (code) => code },
  AT: { pattern: /^\d{4}$/, format: (code) => code },
  CH: { pattern: /^\d{4}$/, format: (code) => code },
  CN: { pattern: /^\d{6}$/, format: (code) => code },
  IN: { pattern: /^\d{6}$/, format: (code) => code },
  JP: { pattern: /^\d{7}$/, format: (code) => `${code.slice(0, 3)}-${code.slice(3)}` },
  NL: { pattern: /^\d{4}[A-Z]{2}$/, format: (code) => `${code.slice(0, 4)} ${code.slice(4)}` },
  CA: { pattern: /^[A-Z]\d[A-Z]\d[A-Z]\d$/, format: (code) => `${code.slice(0, 3)} ${code.slice(3)}` },
  GB: {
    pattern: /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/,
    format: (code) => `${code.slice(0, -3)} ${code.slice(-3)}`,
  },
};

/** A postcode, normalised for matching. */
export interface NormalisedPostcode {
  /** The code in the country's usual form (`SW1A 1AA`, `1234 AB`, US ZIP+4 cut to five digits), or the cleaned input for other countries. */
  readonly code: string | null;
  /** `true` or `false` when the country's shape is known, `null` when it is not (no country, or one without a rule). */
  readonly valid: boolean | null;
}

/**
 * Normalises a postcode with the basics of its country: upper case, spaces and dashes dropped,
 * checked against the country's shape (US, CA, GB, DE, FR, NL, AU, JP, CN…) and written in its
 * usual form.
 *
 * @example
 * ```ts
 * normalisePostcode("sw1a1aa", "GB")   // { code: "SW1A 1AA", valid: true }
 * normalisePostcode("60615-1234", "US") // { code: "60615", valid: true }
 * ```
 */
export function normalisePostcode(value: string | null | undefined, country: string | null = null): NormalisedPostcode {
  const text = present(value);
  if (text === null) return { code: null, valid: null };
  const compact = text
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s-]+/g, "");
  const rule = country === null ? undefined : POSTCODES[country];
  if (rule === undefined) return { code: compact === "" ? null : compact, valid: null };
  if (!rule.pattern.test(compact)) return { code: compact, valid: false };
  return { code: rule.format(compact), valid: true };
}

/** An address, normalised for matching (see {@link normaliseAddress}). */
export interface NormalisedAddress {
  readonly street: string | null;
  readonly houseNumber: number | null;
  readonly city: string | null;
  readonly region: string | null;
  readonly postcode: string | null;
  readonly postcodeValid: boolean | null;
  readonly country: string | null;
}

/**
 * Normalises an address's parts: street lines joined and read by {@link normaliseStreet}, the
 * house number taken out, city and region folded, the postcode by {@link normalisePostcode}
 * in the address's country (or `defaultCountry`).
 *
 * @example
 * ```ts
 * normaliseAddress({ line1: "10 Downing Street", city: "LONDON", postalCode: "sw1a2aa", country: "GB" })
 * // { street: "10 downing st", houseNumber: 10, city: "london", region: null, postcode: "SW1A 2AA", postcodeValid: true, country: "GB" }
 * ```
 */
export function normaliseAddress(
  address: {
    readonly line1?: string | null | undefined;
    readonly line2?: string | null | undefined;
    readonly city?: string | null | undefined;
    readonly region?: string | null | undefined;
    readonly postalCode?: string | null | undefined;
    readonly country?: string | null | undefined;
  },
  defaultCountry: string | null = null,
): NormalisedAddress {
  const country = present(address.country)?.toUpperCase() ?? defaultCountry;
  const lines = [present(address.line1), present(address.line2)].filter((line): line is string => line !== null);
  const street = normaliseStreet(lines.join(" "));
  const postcode = normalisePostcode(address.postalCode, country);
  const fold = (value: string | null | undefined) => {
    const text = present(value);
    return text === null ? null : foldWords(text) || null;
  };
  return {
    street,
    houseNumber: houseNumberOf(street),
    city: fold(address.city),
    region: fold(address.region),
    postcode: postcode.code,
    postcodeValid: postcode.valid,
    country,
  };
}
