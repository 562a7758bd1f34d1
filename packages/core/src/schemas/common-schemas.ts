import * as z from "zod";

const ISO_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));

/** An ISO 4217 currency code, upper case (`USD`, `EUR`, `JPY`). */
export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, "Use a three-letter ISO 4217 code in upper case")
  .refine((code) => ISO_CURRENCIES.has(code), "Unknown ISO 4217 currency code");

/**
 * A non-negative amount of money in minor units (cents for USD, yen for JPY): an integer,
 * never a float, at most `Number.MAX_SAFE_INTEGER`.
 */
export const moneyAmountSchema = z
  .number()
  .int("Money is an integer number of minor units")
  .min(0)
  .max(Number.MAX_SAFE_INTEGER);

/**
 * Text safe for every adapter: PostgreSQL cannot store the NUL character, so it is refused
 * everywhere rather than accepted by one database and rejected by another.
 */
export function textSchema() {
  return z.string().refine((text) => !text.includes("\u0000"), "Text must not contain the NUL character");
}

/** A record's display name: trimmed, 1–200 characters. */
export const nameSchema = textSchema().trim().min(1, "Must not be empty").max(200);

/** Free text up to 2,097,152 UTF-16 units (room for 1 MB of text in any script). */
export const longTextSchema = textSchema().max(2_097_152);

/** A host user id, as given to `crm.as(...)`. */
export const userIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:@-]+$/, "Use letters, digits and _ . : @ - only");
