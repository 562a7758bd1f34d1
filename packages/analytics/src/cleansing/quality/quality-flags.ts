import type { MatchEntityType, MatchRow } from "../matching/entity-rules.js";
import { normalisePostcode } from "../normalise/address.js";
import { normaliseEmail } from "../normalise/email.js";
import { normalisePhone } from "../normalise/phone.js";
import { foldWords } from "../normalise/text.js";

/** Quality flags a record can carry. */
export const QUALITY_FLAGS = [
  "email_invalid",
  "phone_invalid",
  "postcode_invalid",
  "email_missing",
  "phone_missing",
  "name_missing",
  "address_missing",
  "company_missing",
  "website_missing",
  "suspicious_value",
] as const;
/** One of {@link QUALITY_FLAGS}. */
export type QualityFlag = (typeof QUALITY_FLAGS)[number];

/** The entity fields each flag is read from: a flag is not shown to an actor who may not see one of them. */
export const FLAG_READS: Readonly<Record<MatchEntityType, Partial<Record<QualityFlag, readonly string[]>>>> = {
  contact: {
    email_invalid: ["emails"],
    phone_invalid: ["phones"],
    postcode_invalid: ["mailingAddress"],
    email_missing: ["emails"],
    phone_missing: ["phones"],
    name_missing: ["firstName", "lastName"],
    address_missing: ["mailingAddress"],
    suspicious_value: ["firstName", "lastName", "emails", "phones", "mailingAddress"],
  },
  lead: {
    email_invalid: ["email"],
    phone_invalid: ["phone"],
    email_missing: ["email"],
    phone_missing: ["phone"],
    name_missing: ["firstName", "lastName"],
    company_missing: ["company"],
    suspicious_value: ["firstName", "lastName", "email", "phone", "company"],
  },
  account: {
    postcode_invalid: ["billingAddress"],
    address_missing: ["billingAddress"],
    website_missing: ["website"],
    suspicious_value: ["name", "website", "billingAddress"],
  },
  product: { suspicious_value: ["name", "sku"] },
};

/** Words people type to get past a form: a whole value that is one of these is suspicious. */
const JUNK_WORDS = new Set([
  "test",
  "testing",
  "tester",
  "asdf",
  "asdfgh",
  "qwerty",
  "qwertz",
  "azerty",
  "xxx",
  "xxxx",
  "aaa",
  "abc",
  "abcd",
  "foo",
  "bar",
  "foobar",
  "dummy",
  "fake",
  "none",
  "null",
  "na",
  "n a",
  "unknown",
  "nobody",
  "noname",
  "sample",
  "example",
  "lorem",
  "lorem ipsum",
  "blah",
  "jkl",
  "hjkl",
  "zzz",
  "delete",
  "xyz",
]);

/**
 * True when a value looks made up: a junk word (`test`, `asdf`, `n/a`), one character
 * repeated (`aaaa`, `1111111`), a digit run (`1234567`, `0000`), or an email whose mailbox
 * or domain is one (`test@test.com`).
 *
 * @example
 * ```ts
 * isSuspiciousValue("ASDF")          // true
 * isSuspiciousValue("+1 555 1111111") // true (seven repeated digits)
 * isSuspiciousValue("Anna")          // false
 * ```
 */
export function isSuspiciousValue(value: string): boolean {
  const folded = foldWords(value);
  if (folded === "") return false;
  if (JUNK_WORDS.has(folded)) return true;
  const at = value.indexOf("@");
  if (at > 0) {
    const local = foldWords(value.slice(0, at));
    const domain = foldWords(value.slice(at + 1).split(".")[0] ?? "");
    return JUNK_WORDS.has(local) || JUNK_WORDS.has(domain);
  }
  const compact = folded.replace(/ /g, "");
  if (compact.length >= 3 && /^(.)\1+$/u.test(compact)) return true;
  const digits = value.replace(/\D/g, "");
  if (digits.length >= 6 && /(\d)\1{5,}/.test(digits)) return true;
  if (digits.length >= 6 && ("01234567890".includes(digits) || "09876543210".includes(digits))) return true;
  return false;
}

const parse = (value: unknown): unknown => {
  if (typeof value !== "string") return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
};
const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);
const pointValues = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap((item) => {
        const v = item !== null && typeof item === "object" ? text((item as Record<string, unknown>).value) : null;
        return v === null ? [] : [v];
      })
    : [];
const addressOf = (value: unknown): Record<string, unknown> | null => {
  const parsed = parse(value);
  return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : null;
};

/**
 * The quality flags of one record, from its stored row: invalid emails, phones (read in the
 * record's country, or `defaultCountry`) and postcodes; missing emails, phones, names,
 * addresses, companies and websites; suspicious values (see {@link isSuspiciousValue}).
 */
export function qualityFlagsOf(
  entityType: MatchEntityType,
  row: MatchRow,
  defaultCountry: string | null,
): QualityFlag[] {
  const flags = new Set<QualityFlag>();
  const suspicious = (...values: (string | null)[]) => {
    if (values.some((v) => v !== null && isSuspiciousValue(v))) flags.add("suspicious_value");
  };
  const checkAddress = (raw: unknown) => {
    const address = addressOf(raw);
    if (address === null) {
      flags.add("address_missing");
      return null;
    }
    const country = text(address.country) ?? defaultCountry;
    if (text(address.postalCode) !== null && normalisePostcode(text(address.postalCode), country).valid === false)
      flags.add("postcode_invalid");
    suspicious(text(address.line1), text(address.city));
    return country;
  };
  const checkPeople = (emails: string[], phones: string[], country: string | null, first: unknown, last: unknown) => {
    if (emails.length === 0) flags.add("email_missing");
    if (emails.some((email) => !normaliseEmail(email).valid)) flags.add("email_invalid");
    if (phones.length === 0) flags.add("phone_missing");
    if (phones.some((phone) => !normalisePhone(phone, country).valid)) flags.add("phone_invalid");
    if (text(first) === null && text(last) === null) flags.add("name_missing");
    suspicious(text(first), text(last), ...emails, ...phones);
  };
  switch (entityType) {
    case "contact": {
      const country = checkAddress(row.mailing_address) ?? defaultCountry;
      checkPeople(
        pointValues(parse(row.emails)),
        pointValues(parse(row.phones)),
        country,
        row.first_name,
        row.last_name,
      );
      break;
    }
    case "lead": {
      const email = text(row.email);
      const phone = text(row.phone);
      checkPeople(
        email === null ? [] : [email],
        phone === null ? [] : [phone],
        text(row.country) ?? defaultCountry,
        row.first_name,
        row.last_name,
      );
      if (text(row.company) === null) flags.add("company_missing");
      suspicious(text(row.company));
      break;
    }
    case "account":
      checkAddress(row.billing_address);
      if (text(row.website) === null) flags.add("website_missing");
      suspicious(text(row.name), text(row.website));
      break;
    case "product":
      suspicious(text(row.name), text(row.sku));
      break;
  }
  return [...flags];
}
