import { present } from "./text.js";

/** Providers that deliver `first.last+tag@` to `firstlast@`: dots and `+tags` both ignored. */
const DOTS_AND_TAGS = new Map([
  ["gmail.com", "gmail.com"],
  ["googlemail.com", "gmail.com"],
]);
/** Providers that deliver `name+tag@` to `name@` (sub-addressing) but keep dots. */
const TAGS_ONLY = new Set([
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "protonmail.com",
  "proton.me",
  "pm.me",
  "fastmail.com",
  "fastmail.fm",
]);

const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** An email address, normalised for matching. */
export interface NormalisedEmail {
  /** The address trimmed and in lower case (NFKC), or `null` when the input is blank. */
  readonly address: string | null;
  /** True when it looks like an address: one `@`, a local part, a dotted domain, no spaces. */
  readonly valid: boolean;
  /**
   * The mailbox it reaches: for providers known to ignore them, dots (Gmail) and `+tags`
   * (Gmail, Outlook, iCloud, Proton, Fastmail) removed, `googlemail.com` read as `gmail.com`;
   * any other address as `address`. `null` when invalid.
   */
  readonly canonical: string | null;
  /** The domain in lower case, or `null`. */
  readonly domain: string | null;
}

/**
 * Normalises an email address. Case is folded everywhere (mailbox names are case-insensitive in
 * practice); dots and `+tags` are removed only for the providers known to ignore them.
 *
 * @example
 * ```ts
 * normaliseEmail(" John.Smith+news@GoogleMail.com ").canonical // "johnsmith@gmail.com"
 * normaliseEmail("john.smith+news@example.com").canonical       // "john.smith+news@example.com"
 * ```
 */
export function normaliseEmail(value: string | null | undefined): NormalisedEmail {
  const text = present(value);
  if (text === null) return { address: null, valid: false, canonical: null, domain: null };
  const address = text.normalize("NFKC").toLowerCase();
  if (!EMAIL_PATTERN.test(address)) return { address, valid: false, canonical: null, domain: null };
  const at = address.lastIndexOf("@");
  let local = address.slice(0, at);
  let domain = address.slice(at + 1);
  const dotsAndTags = DOTS_AND_TAGS.get(domain);
  if (dotsAndTags !== undefined) {
    domain = dotsAndTags;
    local = local.replace(/\+.*$/, "").replace(/\./g, "");
  } else if (TAGS_ONLY.has(domain)) {
    local = local.replace(/\+.*$/, "");
  }
  if (local === "") return { address, valid: false, canonical: null, domain };
  return { address, valid: true, canonical: `${local}@${domain}`, domain };
}
