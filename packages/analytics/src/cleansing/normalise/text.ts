const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Folds text for comparison: Unicode NFKC (full-width letters, ligatures and compatibility
 * forms become plain ones), lower case, Latin diacritics removed (é → e, ß → ss), every run of
 * white space one space, trimmed. CJK text is kept as it is.
 *
 * @example
 * ```ts
 * foldText("  ＡＣＭＥ   Müller ") // "acme muller"
 * ```
 */
export function foldText(value: string): string {
  // Printable ASCII needs no Unicode normalisation: the common case, kept cheap for bulk runs.
  if (PRINTABLE_ASCII.test(value)) return value.toLowerCase().replace(/\s+/g, " ").trim();
  return value
    .normalize("NFKC")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .normalize("NFC")
    .replace(/\s+/gu, " ")
    .trim();
}

/** {@link foldText}, then every character that is not a letter, a digit or a space dropped (punctuation joins nothing). */
export function foldWords(value: string): string {
  const folded = foldText(value);
  if (PRINTABLE_ASCII.test(folded))
    return folded
      .replace(/[^a-z0-9 ]+/g, " ")
      .replace(/ +/g, " ")
      .trim();
  return folded
    .replace(/[^\p{L}\p{N} ]+/gu, " ")
    .replace(/ +/g, " ")
    .trim();
}

/** True when `value` holds a CJK ideograph (Chinese, Japanese kanji, Korean hanja). */
export function hasCjk(value: string): boolean {
  return /\p{Script=Han}/u.test(value);
}

/** A string of at least one visible character, or `null` for `null`, `undefined`, blanks and non-strings. */
export function present(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}
