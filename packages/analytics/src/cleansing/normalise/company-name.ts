import { foldWords, present } from "./text.js";

/**
 * Legal-form suffixes (and prefixes) dropped from company names, folded and with
 * punctuation removed (`S.A.` → `s a`), longest first so `co ltd` goes before `ltd`.
 */
const LEGAL_FORMS = [
  "public limited company",
  "limited liability company",
  "private limited",
  "pty ltd",
  "pty limited",
  "co ltd",
  "co limited",
  "s a r l",
  "s a s",
  "s p a",
  "s r l",
  "s a",
  "gmbh co kg",
  "gmbh",
  "ag",
  "kg",
  "ohg",
  "ug",
  "e k",
  "e v",
  "ltd",
  "limited",
  "llc",
  "l l c",
  "llp",
  "lp",
  "plc",
  "inc",
  "incorporated",
  "corp",
  "corporation",
  "company",
  "co",
  "sarl",
  "sas",
  "sa",
  "spa",
  "srl",
  "bv",
  "b v",
  "nv",
  "n v",
  "ab",
  "as",
  "a s",
  "oy",
  "oyj",
  "aps",
  "kk",
  "k k",
  "pte",
  "sdn bhd",
  "bhd",
  "tbk",
  "pt",
  "sl",
  "s l",
  "kft",
  "zrt",
  "sp z o o",
  "s c",
];
const LEGAL_FORM_PATTERNS = LEGAL_FORMS.map((form) => new RegExp(`(^| )${form.replace(/ /g, " ")}$`));
/** CJK legal forms, matched on the end of the unspaced name. */
const CJK_LEGAL_FORMS = [
  "股份有限公司",
  "有限责任公司",
  "有限責任公司",
  "有限公司",
  "株式会社",
  "有限会社",
  "合同会社",
  "주식회사",
  "公司",
];

/** A company name, normalised for matching. */
export interface NormalisedCompanyName {
  /** The name folded, `&` read as `and`, punctuation and legal forms removed; `null` when nothing is left. */
  readonly name: string | null;
  /** The legal forms removed, as found (folded): `["gmbh"]`, `["有限公司"]`. */
  readonly legalForms: readonly string[];
}

/**
 * Normalises a company name: NFKC, case, diacritics, punctuation and white space as in
 * `foldWords`, `&` read as `and`, leading `the` dropped, and legal-form suffixes removed
 * (Ltd, GmbH, Inc, S.A., LLC, AG, Pty Ltd, 有限公司, 股份有限公司, 株式会社…), repeatedly, so
 * `Acme GmbH & Co. KG` → `acme`.
 *
 * @example
 * ```ts
 * normaliseCompanyName("The ACME Corp., Inc.").name      // "acme"
 * normaliseCompanyName("华为技术有限公司").name            // "华为技术"
 * ```
 */
export function normaliseCompanyName(value: string | null | undefined): NormalisedCompanyName {
  const text = present(value);
  if (text === null) return { name: null, legalForms: [] };
  let name = foldWords(text.replace(/&/g, " and ")).replace(/^the /, "");
  const legalForms: string[] = [];
  for (let changed = true; changed; ) {
    changed = false;
    for (const form of CJK_LEGAL_FORMS) {
      if (name.endsWith(form) && name.length > form.length) {
        name = name.slice(0, -form.length).trim();
        legalForms.unshift(form);
        changed = true;
      }
    }
    for (const [index, pattern] of LEGAL_FORM_PATTERNS.entries()) {
      const match = pattern.exec(name);
      if (match && match.index > 0) {
        name = name.slice(0, match.index).replace(/ and$/, "").trim();
        legalForms.unshift(LEGAL_FORMS[index] as string);
        changed = true;
        break;
      }
    }
  }
  return { name: name === "" ? null : name, legalForms };
}
