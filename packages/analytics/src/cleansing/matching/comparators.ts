import { doubleMetaphone } from "double-metaphone";

/**
 * Jaro–Winkler similarity of two strings, 0 (nothing in common) to 1 (equal), with the usual
 * prefix scale 0.1 over at most four characters. Compares UTF-16 code units.
 *
 * @example
 * ```ts
 * jaroWinkler("martha", "marhta") // ≈ 0.961
 * ```
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const matchedB = new Uint8Array(lb);
  const matchedA = new Uint8Array(la);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] === 0 && a.charCodeAt(i) === b.charCodeAt(j)) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * Optimal-string-alignment Damerau–Levenshtein distance (insertions, deletions, substitutions
 * and adjacent transpositions each cost 1). With `max`, stops early and returns `max + 1` once
 * the distance must exceed it.
 *
 * @example
 * ```ts
 * damerauLevenshtein("4011", "4101") // 1
 * ```
 */
export function damerauLevenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  let previous2 = new Array<number>(lb + 1).fill(0);
  let previous = Array.from({ length: lb + 1 }, (_, j) => j);
  let current = new Array<number>(lb + 1).fill(0);
  for (let i = 1; i <= la; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= lb; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        value = Math.min(value, (previous2[j - 2] as number) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [previous2, previous, current] = [previous, current, previous2];
  }
  return previous[lb] as number;
}

/**
 * Token-set similarity: the words of both strings (split on spaces) compared as sets, each
 * word of the smaller set counting as found when the other set holds it or a word within
 * Jaro–Winkler 0.9 of it (a typo); the result is found words over the smaller set's size,
 * scaled down by how many words the larger set has beyond it. 1 for the same words in any order.
 *
 * @example
 * ```ts
 * tokenSetSimilarity("st lucy school", "school st lucy") // 1
 * ```
 */
export function tokenSetSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const wordsA = [...new Set(a.split(" ").filter((w) => w !== ""))];
  const wordsB = [...new Set(b.split(" ").filter((w) => w !== ""))];
  if (wordsA.length === 0 || wordsB.length === 0) return 0;
  const [small, large] = wordsA.length <= wordsB.length ? [wordsA, wordsB] : [wordsB, wordsA];
  const largeSet = new Set(large);
  let found = 0;
  for (const word of small) {
    if (largeSet.has(word)) found += 1;
    else if (large.some((other) => jaroWinkler(word, other) >= 0.9)) found += 0.8;
  }
  const containment = found / small.length;
  const extra = (large.length - found) / large.length;
  return containment * (1 - 0.5 * Math.max(0, extra));
}

/**
 * The primary Double Metaphone code of a word (`smith` and `smyth` → `SM0`): how it sounds in
 * English, so spelling variants block together. Empty for a word with no Latin letters.
 */
export function phoneticCode(word: string): string {
  return doubleMetaphone(word)[0];
}

/**
 * How close two numbers are, 0 to 1: 1 when equal, falling linearly to 0 at a relative
 * difference of `tolerance` (of the larger magnitude).
 *
 * @example
 * ```ts
 * numericCloseness(100, 95, 0.1) // 0.5
 * ```
 */
export function numericCloseness(a: number, b: number, tolerance = 0.1): number {
  if (a === b) return 1;
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return Math.max(0, 1 - Math.abs(a - b) / scale / tolerance);
}

/** How two dates compare, from the closest to the furthest (see {@link dateAgreement}). */
export type DateAgreement = "same" | "one_part" | "swapped" | "within_year" | "different";

/**
 * Compares two dates written as `YYYYMMDD`, `YYYY-MM-DD` or ISO timestamps: the same day; one
 * of year, month and day differing (a typing error); day and month swapped; within 365 days of
 * each other; or different. Unreadable dates compare as `different`.
 */
export function dateAgreement(a: string, b: string): DateAgreement {
  const da = datePartsOf(a);
  const db = datePartsOf(b);
  if (da === null || db === null) return a === b ? "same" : "different";
  if (da.y === db.y && da.m === db.m && da.d === db.d) return "same";
  const differing = Number(da.y !== db.y) + Number(da.m !== db.m) + Number(da.d !== db.d);
  if (differing === 1) return "one_part";
  if (da.y === db.y && da.m === db.d && da.d === db.m) return "swapped";
  const days = Math.abs(Date.UTC(da.y, da.m - 1, da.d) - Date.UTC(db.y, db.m - 1, db.d)) / 86_400_000;
  return days <= 365 ? "within_year" : "different";
}

function datePartsOf(value: string): { y: number; m: number; d: number } | null {
  const digits = value.slice(0, 10).replace(/-/g, "");
  if (!/^\d{8}$/.test(digits)) return null;
  return { y: Number(digits.slice(0, 4)), m: Number(digits.slice(4, 6)), d: Number(digits.slice(6, 8)) };
}
