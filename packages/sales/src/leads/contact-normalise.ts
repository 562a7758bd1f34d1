import { normalisePhone, textSchema, ValidationError } from "@rapport/core";
import * as z from "zod";

/** An ISO 3166-1 alpha-2 country code, stored upper case (`de` → `DE`). */
export const countrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "Use a two-letter ISO 3166-1 country code");

/** An email address, trimmed and lower-cased so matching is case-insensitive. */
export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email("Not a valid email address"));

/** A phone number as people write it: digits, spaces, `+ ( ) . / -`. */
export const phoneTextSchema = textSchema()
  .trim()
  .min(3)
  .max(50)
  .regex(/^\+?[0-9 ()./-]+$/, "Use digits, spaces and + ( ) . / - only");

/**
 * A phone number in E.164 (`+4930901820`), or `null` when it cannot be read as a valid
 * number. A national number needs `country`; an international one (`+…`, `00…`) does not.
 * Uses core's `normalisePhone`, so leads and contacts match on the same E.164 form.
 */
export function toE164(phone: string, country: string | null | undefined): string | null {
  return normalisePhone(phone, country ?? null).e164;
}

/** The E.164 form of `phone` (read with `country`), or a `ValidationError` at `phone`. */
export function normalisedPhone(
  phone: string | null | undefined,
  country: string | null | undefined,
): string | null | undefined {
  if (phone === null || phone === undefined) return phone;
  const e164 = toE164(phone, country);
  if (e164 === null) {
    throw ValidationError.forField(
      ["phone"],
      country
        ? `Not a valid phone number in ${country}`
        : "Not a valid phone number; give the country code (+49…) or a country",
    );
  }
  return e164;
}
