import { houseNumberOf, normalisePostcode } from "../normalise/address.js";
import { normaliseCompanyName } from "../normalise/company-name.js";
import { normaliseEmail } from "../normalise/email.js";
import { normalisePhone } from "../normalise/phone.js";
import { foldWords } from "../normalise/text.js";
import type { ComparisonKind, ProfileValue } from "./field-comparison.js";

/**
 * Normalises one raw value for a comparison kind, as stored in match profiles: names and text
 * folded, company names without legal forms, emails to their mailbox, phones to E.164 (or
 * their digits when unreadable), dates to `YYYYMMDD`, identifiers and codes to upper-case
 * letters and digits, numbers as numbers. Returns `null` for nothing usable.
 */
export function valueForKind(kind: ComparisonKind, raw: unknown, country: string | null): ProfileValue {
  if (raw === null || raw === undefined) return null;
  if (Array.isArray(raw)) {
    const values = raw.flatMap((item) => {
      const value = valueForKind(kind, item, country);
      return value === null ? [] : Array.isArray(value) ? value : [String(value)];
    });
    return values.length === 0 ? null : values;
  }
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return null;
    return kind === "number" ? raw : valueForKind(kind, String(raw), country);
  }
  if (typeof raw !== "string") return null;
  switch (kind) {
    case "name":
    case "text":
      return foldWords(raw) || null;
    case "company":
      return normaliseCompanyName(raw).name;
    case "email":
      return normaliseEmail(raw).canonical;
    case "phone": {
      const phone = normalisePhone(raw, country);
      return phone.e164 ?? phone.digits;
    }
    case "date": {
      const digits = raw.trim().slice(0, 10).replace(/[-/.]/g, "");
      return /^\d{8}$/.test(digits) ? digits : null;
    }
    case "identifier":
    case "code":
      return (
        raw
          .normalize("NFKC")
          .toUpperCase()
          .replace(/[^\p{L}\p{N}]+/gu, "") || null
      );
    case "postcode":
      return normalisePostcode(raw, country).code;
    case "number": {
      const number = houseNumberOf(raw);
      return number;
    }
  }
}
