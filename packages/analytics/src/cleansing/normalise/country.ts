import countries from "i18n-iso-countries";
import { damerauLevenshtein } from "../matching/comparators.js";
import { foldWords, present } from "./text.js";

/** Languages whose country names are read (i18n-iso-countries' lists). */
const NAME_LANGUAGES = ["en", "de", "fr", "es", "it", "pt", "nl", "sv", "pl", "ru", "zh", "ja", "ko", "ar", "tr"];

/**
 * Names people write that the ISO lists do not hold: short forms, old names, usual typos.
 * Keys are folded (see `foldWords`).
 */
const ALIASES: Readonly<Record<string, string>> = {
  usa: "US",
  "u s a": "US",
  "u s": "US",
  america: "US",
  "united states of america": "US",
  "the united states": "US",
  uk: "GB",
  "u k": "GB",
  england: "GB",
  scotland: "GB",
  wales: "GB",
  britain: "GB",
  "great britain": "GB",
  "northern ireland": "GB",
  korea: "KR",
  "south korea": "KR",
  "republic of korea": "KR",
  "north korea": "KP",
  philipines: "PH",
  phillipines: "PH",
  phillippines: "PH",
  philippines: "PH",
  deutschland: "DE",
  holland: "NL",
  "the netherlands": "NL",
  russia: "RU",
  "czech republic": "CZ",
  czechia: "CZ",
  vietnam: "VN",
  "viet nam": "VN",
  uae: "AE",
  emirates: "AE",
  "ivory coast": "CI",
  turkey: "TR",
  turkiye: "TR",
  swaziland: "SZ",
  burma: "MM",
  "hong kong": "HK",
  macau: "MO",
  taiwan: "TW",
  prc: "CN",
  "mainland china": "CN",
  中国: "CN",
  中國: "CN",
  日本: "JP",
  한국: "KR",
  대한민국: "KR",
  台湾: "TW",
  香港: "HK",
  brasil: "BR",
  espana: "ES",
  italia: "IT",
  schweiz: "CH",
  suisse: "CH",
  osterreich: "AT",
  nippon: "JP",
  bolivia: "BO",
  venezuela: "VE",
  iran: "IR",
  syria: "SY",
  laos: "LA",
  moldova: "MD",
  tanzania: "TZ",
  "cape verde": "CV",
  "east timor": "TL",
};

/** Folded name → alpha-2, built once from the ISO lists in every language above and the aliases. */
let namesToCodes: Map<string, string> | null = null;
function nameIndex(): Map<string, string> {
  if (namesToCodes !== null) return namesToCodes;
  const index = new Map<string, string>();
  for (const language of NAME_LANGUAGES) {
    for (const [code, names] of Object.entries(countries.getNames(language, { select: "all" }))) {
      for (const name of names) index.set(foldWords(name), code);
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) index.set(alias, code);
  namesToCodes = index;
  return index;
}

/**
 * Reads a country as people write it and returns its ISO 3166-1 alpha-2 code, or `null`:
 * alpha-2 (`de`), alpha-3 (`DEU`) and numeric (`276`) codes, names in fifteen languages
 * (`Germany`, `Allemagne`, `Deutschland`, `ドイツ`), short forms (`USA`, `UK`, `Korea`) and
 * typos within one edit of a known name of six letters or more (`Philipines`, `Germnay`).
 * Country names come from i18n-iso-countries, kept current with ISO 3166.
 *
 * @example
 * ```ts
 * normaliseCountry("Philipines") // "PH"
 * normaliseCountry("Korea")      // "KR"
 * normaliseCountry("Atlantis")   // null
 * ```
 */
export function normaliseCountry(value: string | null | undefined): string | null {
  const text = present(value);
  if (text === null) return null;
  const folded = foldWords(text);
  if (folded === "") return null;
  const upper = folded.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && countries.isValid(upper)) return upper;
  if (/^[A-Z]{3}$/.test(upper)) {
    const code = countries.alpha3ToAlpha2(upper);
    if (code !== undefined) return code;
  }
  if (/^\d{1,3}$/.test(folded)) return countries.numericToAlpha2(folded.padStart(3, "0")) ?? null;
  const index = nameIndex();
  const exact = index.get(folded);
  if (exact !== undefined) return exact;
  if (folded.length < 6) return null;
  // One typo in a long name: unambiguous only when every name within one edit means the same country.
  let found: string | null = null;
  for (const [name, code] of index) {
    if (Math.abs(name.length - folded.length) > 1 || damerauLevenshtein(name, folded, 1) > 1) continue;
    if (found !== null && found !== code) return null;
    found = code;
  }
  return found;
}
