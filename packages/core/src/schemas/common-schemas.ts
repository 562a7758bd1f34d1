import * as z from "zod";
import { integer, knownCode, type Reader, text, textProblem } from "./plain-input.js";

const ISO_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));
const CURRENCY_PATTERN = /^[A-Z]{3}$/;
const USER_ID_PATTERN = /^[A-Za-z0-9_.:@-]+$/;

/** An ISO 4217 currency code, upper case (`USD`, `EUR`, `JPY`). */
export const currencySchema = z
  .string()
  .regex(CURRENCY_PATTERN, "Use a three-letter ISO 4217 code in upper case")
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
 * Text safe for every adapter: PostgreSQL cannot store the NUL character, and no database
 * stores a lone surrogate (UTF-8 has none: it came back as U+FFFD, or broke PostgreSQL's
 * JSON), so both are refused everywhere rather than accepted by one database and mangled
 * or rejected by another.
 */
export function textSchema() {
  return z.string().superRefine((text, ctx) => {
    const problem = textProblem(text);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: text });
  });
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
  .regex(USER_ID_PATTERN, "Use letters, digits and _ . : @ - only");

/** Readers of plain values for the schemas above (see `plain-input.ts`). */
export const plain = {
  currency: knownCode(CURRENCY_PATTERN, ISO_CURRENCIES),
  moneyAmount: integer(0, Number.MAX_SAFE_INTEGER),
  name: text({ trim: true, min: 1, max: 200 }),
  longText: text({ max: 2_097_152 }),
  userId: text({ trim: true, min: 1, max: 128, pattern: USER_ID_PATTERN }),
} satisfies Record<string, Reader<unknown>>;
