import { foldWords, hasCjk, present } from "./text.js";

/** Honorifics and titles dropped from names, folded (see `foldText`), in several languages. */
const HONORIFICS = new Set([
  "mr",
  "mrs",
  "ms",
  "miss",
  "mx",
  "dr",
  "prof",
  "professor",
  "sir",
  "dame",
  "lord",
  "lady",
  "rev",
  "fr",
  "herr",
  "frau",
  "dipl",
  "ing",
  "mag",
  "mme",
  "mlle",
  "m",
  "monsieur",
  "madame",
  "sr",
  "sra",
  "srta",
  "senor",
  "senora",
  "don",
  "dona",
  "sig",
  "sigra",
  "dhr",
  "mevr",
  "jr",
  "sr",
  "ii",
  "iii",
  "phd",
  "md",
  "先生",
  "女士",
  "小姐",
  "博士",
  "教授",
  "さん",
  "様",
  "씨",
]);

/** Chinese two-character family names; any other Chinese name's family name is its first character. */
const COMPOUND_SURNAMES = new Set([
  "欧阳",
  "司马",
  "诸葛",
  "上官",
  "东方",
  "皇甫",
  "尉迟",
  "公孙",
  "慕容",
  "长孙",
  "宇文",
  "司徒",
  "夏侯",
  "令狐",
  "轩辕",
  "端木",
  "歐陽",
  "諸葛",
  "東方",
  "長孫",
]);

/** A person's name, normalised for matching. */
export interface NormalisedPersonName {
  /** Given and family name in that order, folded, honorifics dropped; `null` when nothing is left. */
  readonly full: string | null;
  /** The given name(s), or `null`. */
  readonly given: string | null;
  /** The family name, or `null`. */
  readonly family: string | null;
  /** Honorifics that were dropped, folded (`dr`, `先生`). */
  readonly honorifics: readonly string[];
}

/**
 * Normalises a person's name: NFKC, lower case, diacritics and punctuation dropped, white space
 * collapsed, honorifics (`Mr`, `Dr.`, `Frau`, `先生`) removed. Pass `given` and `family`
 * separately when the record has them; a single `full` string is split at its last space
 * (`"Dr. Anna  Müller"` → given `anna`, family `muller`), or "Family, Given". A Chinese name
 * written without spaces (`欧阳娜娜`, `张伟`) is split after its family name, compound family
 * names included.
 *
 * @example
 * ```ts
 * normalisePersonName({ full: "Mr. JOHN   Smith" }) // { full: "john smith", given: "john", family: "smith", honorifics: ["mr"] }
 * normalisePersonName({ full: "欧阳娜娜" })          // { full: "娜娜 欧阳", given: "娜娜", family: "欧阳", … }
 * ```
 */
export function normalisePersonName(input: {
  readonly full?: string | null | undefined;
  readonly given?: string | null | undefined;
  readonly family?: string | null | undefined;
}): NormalisedPersonName {
  const honorifics: string[] = [];
  const clean = (value: string | null | undefined) => {
    const text = present(value);
    if (text === null) return null;
    const words = foldWords(text)
      .split(" ")
      .filter((word) => {
        if (!HONORIFICS.has(word) || word === "") return word !== "";
        honorifics.push(word);
        return false;
      });
    return words.length === 0 ? null : words.join(" ");
  };
  let given = clean(input.given);
  let family = clean(input.family);
  if (given === null && family === null && present(input.full) !== null) {
    const full = present(input.full) as string;
    const comma = full.indexOf(",");
    if (comma > 0) {
      family = clean(full.slice(0, comma));
      given = clean(full.slice(comma + 1));
    } else {
      const all = clean(full);
      if (all !== null && !all.includes(" ") && hasCjk(all) && all.length >= 2 && all.length <= 5) {
        const familyLength = COMPOUND_SURNAMES.has(all.slice(0, 2)) && all.length > 2 ? 2 : 1;
        family = all.slice(0, familyLength);
        given = all.slice(familyLength);
      } else if (all !== null) {
        const last = all.lastIndexOf(" ");
        family = last < 0 ? all : all.slice(last + 1);
        given = last < 0 ? null : all.slice(0, last);
      }
    }
  }
  const parts = [given, family].filter((part): part is string => part !== null);
  return { full: parts.length === 0 ? null : parts.join(" "), given, family, honorifics };
}
