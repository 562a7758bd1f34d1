import {
  damerauLevenshtein,
  dateAgreement,
  jaroWinkler,
  numericCloseness,
  phoneticCode,
  tokenSetSimilarity,
} from "./comparators.js";

/** How a field's values are compared; each kind has its own agreement levels and default m/u probabilities. */
export const COMPARISON_KINDS = [
  "name",
  "company",
  "text",
  "email",
  "phone",
  "date",
  "identifier",
  "postcode",
  "number",
  "code",
] as const;
/** One of {@link COMPARISON_KINDS}. */
export type ComparisonKind = (typeof COMPARISON_KINDS)[number];

/** Agreement levels, weakest first; a level's index is its number in m/u tables. */
export const AGREEMENT_LEVELS = ["different", "similar", "close", "exact"] as const;
/** One of {@link AGREEMENT_LEVELS}. */
export type AgreementLevel = (typeof AGREEMENT_LEVELS)[number];

/** A normalised field value in a match profile: one string or number, several strings (emails, phones), or nothing. */
export type ProfileValue = string | number | readonly string[] | null;

/** The result of comparing one field of two records: its agreement level's index and a similarity 0–1. */
export interface FieldAgreement {
  readonly level: 0 | 1 | 2 | 3;
  readonly similarity: number;
}

const EXACT: FieldAgreement = { level: 3, similarity: 1 };
const agreement = (level: 0 | 1 | 2 | 3, similarity: number): FieldAgreement => ({ level, similarity });

/**
 * Compares two normalised values of one field with its kind's comparator, or returns `null`
 * when either is missing (a missing value is neither evidence for nor against a match).
 * Several values (emails, phones) agree as well as their best-agreeing pair.
 *
 * Levels per kind (`exact` / `close` / `similar`, else `different`):
 * - `name`: equal / Jaro–Winkler ≥ 0.92 / JW ≥ 0.80 or same Double Metaphone code
 * - `company`, `text`: equal / token-set ≥ 0.90 or JW ≥ 0.94 / token-set ≥ 0.60
 * - `email`: same mailbox / same local part or JW ≥ 0.92 / —
 * - `phone`: same E.164 or digits / same last 7 digits / one edit apart
 * - `date`: same day / one of year, month, day differs, or day and month swapped / within a year
 * - `identifier`: equal / one edit / two edits (8 characters or more)
 * - `postcode`: equal / one edit / same first three characters
 * - `number`: equal / within 5% / one digit edit
 * - `code`: equal / — / —
 */
export function compareField(kind: ComparisonKind, a: ProfileValue, b: ProfileValue): FieldAgreement | null {
  if (a === null || b === null) return null;
  if (Array.isArray(a) || Array.isArray(b)) {
    const left = (Array.isArray(a) ? a : [String(a)]) as readonly string[];
    const right = (Array.isArray(b) ? b : [String(b)]) as readonly string[];
    if (left.length === 0 || right.length === 0) return null;
    let best: FieldAgreement | null = null;
    for (const x of left) {
      for (const y of right) {
        const result = compareOne(kind, x, y);
        if (
          best === null ||
          result.level > best.level ||
          (result.level === best.level && result.similarity > best.similarity)
        )
          best = result;
        if (best.level === 3) return best;
      }
    }
    return best;
  }
  return compareOne(kind, a as string | number, b as string | number);
}

function compareOne(kind: ComparisonKind, a: string | number, b: string | number): FieldAgreement {
  if (a === b) return EXACT;
  switch (kind) {
    case "name": {
      const x = String(a);
      const y = String(b);
      const similarity = jaroWinkler(x, y);
      if (similarity >= 0.92) return agreement(2, similarity);
      if (similarity >= 0.8 || phoneticCode(x) === phoneticCode(y)) return agreement(1, similarity);
      return agreement(0, similarity);
    }
    case "company":
    case "text": {
      const x = String(a);
      const y = String(b);
      const tokens = tokenSetSimilarity(x, y);
      const similarity = Math.max(tokens, jaroWinkler(x, y));
      if (tokens >= 0.9 || similarity >= 0.94) return agreement(2, similarity);
      if (tokens >= 0.6) return agreement(1, similarity);
      return agreement(0, similarity);
    }
    case "email": {
      const x = String(a);
      const y = String(b);
      const similarity = jaroWinkler(x, y);
      if (x.slice(0, x.indexOf("@")) === y.slice(0, y.indexOf("@")) || similarity >= 0.92)
        return agreement(2, similarity);
      return agreement(0, similarity);
    }
    case "phone": {
      const x = String(a).replace(/\D/g, "");
      const y = String(b).replace(/\D/g, "");
      if (x === y) return EXACT;
      const similarity = 1 - damerauLevenshtein(x, y) / Math.max(x.length, y.length, 1);
      if (x.length >= 7 && y.length >= 7 && x.slice(-7) === y.slice(-7)) return agreement(2, similarity);
      if (damerauLevenshtein(x.slice(-10), y.slice(-10), 1) <= 1) return agreement(1, similarity);
      return agreement(0, similarity);
    }
    case "date": {
      const found = dateAgreement(String(a), String(b));
      if (found === "same") return EXACT;
      if (found === "one_part" || found === "swapped") return agreement(2, 0.8);
      if (found === "within_year") return agreement(1, 0.5);
      return agreement(0, 0);
    }
    case "identifier":
    case "postcode": {
      const x = String(a);
      const y = String(b);
      const distance = damerauLevenshtein(x, y, 2);
      const similarity = Math.max(0, 1 - distance / Math.max(x.length, y.length, 1));
      if (distance <= 1) return agreement(2, similarity);
      if (
        kind === "identifier" ? distance <= 2 && Math.min(x.length, y.length) >= 8 : x.slice(0, 3) === y.slice(0, 3)
      ) {
        return agreement(1, similarity);
      }
      return agreement(0, similarity);
    }
    case "number": {
      const x = Number(a);
      const y = Number(b);
      const similarity = numericCloseness(x, y, 0.1);
      if (similarity >= 0.5) return agreement(2, similarity);
      if (damerauLevenshtein(String(a), String(b), 1) <= 1) return agreement(1, similarity);
      return agreement(0, similarity);
    }
    case "code":
      return agreement(0, 0);
  }
}
