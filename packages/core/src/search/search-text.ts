/**
 * Chinese, Japanese and Korean text has no spaces between words, and neither FTS5's
 * `unicode61` tokenizer nor PostgreSQL's parser splits it: a run of CJK characters would
 * be one token, found only by the whole run. Rapport separates every CJK character with a
 * thin space (a separator to both) in the text it indexes and in the query, so a query of
 * two characters is a two-character phrase and finds every text holding them side by side.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** A CJK character followed by any character but a space, or any character followed by a CJK one. */
const CJK_JOINT =
  /(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])(?=\S)|(?<=\S)(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])/gu;

/** The separator put between CJK characters: U+2009 THIN SPACE, a word break to FTS5 and PostgreSQL alike. */
export const CJK_SEPARATOR = "\u2009";

/** The text as it is indexed: every CJK character stands apart (see the module comment). */
export function indexedText(text: string): string {
  return CJK.test(text) ? text.replace(CJK_JOINT, CJK_SEPARATOR) : text;
}

/** The text as it was written, from its indexed form (what {@link indexedText} inserted is taken out). */
export function writtenText(text: string): string {
  return text.includes(CJK_SEPARATOR) ? text.replaceAll(CJK_SEPARATOR, "") : text;
}

/** True for a Chinese, Japanese or Korean character. */
export function isCjk(character: string): boolean {
  return CJK.test(character);
}
