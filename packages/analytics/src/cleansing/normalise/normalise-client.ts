import { parseInput } from "@rapport/core";
import * as z from "zod";
import { type NormalisedAddress, type NormalisedPostcode, normaliseAddress, normalisePostcode } from "./address.js";
import { type NormalisedCompanyName, normaliseCompanyName } from "./company-name.js";
import { normaliseCountry } from "./country.js";
import { type NormalisedEmail, normaliseEmail } from "./email.js";
import { type NormalisedPersonName, normalisePersonName } from "./person-name.js";
import { type NormalisedPhone, normalisePhone } from "./phone.js";

const text = z.string().max(1_000);
const country = z
  .string()
  .regex(/^[A-Z]{2}$/, "Use a two-letter ISO 3166-1 alpha-2 code in upper case")
  .nullable()
  .optional();
const nameSchema = z
  .object({ full: text.nullable().optional(), given: text.nullable().optional(), family: text.nullable().optional() })
  .strict();
const addressSchema = z
  .object({
    line1: text.nullable().optional(),
    line2: text.nullable().optional(),
    city: text.nullable().optional(),
    region: text.nullable().optional(),
    postalCode: text.nullable().optional(),
    country: text.nullable().optional(),
  })
  .strict();

/**
 * `client.cleansing.normalise`: pure functions (no database) that read values as people write
 * them. Bad input (not a string, an unknown key) is a `ValidationError`.
 */
export const normaliseClient = Object.freeze({
  /** A person's name: NFKC, case, white space, honorifics, Chinese names without spaces. */
  personName: (input: z.input<typeof nameSchema> | string): NormalisedPersonName =>
    normalisePersonName(typeof input === "string" ? { full: input } : parseInput(nameSchema, input)),
  /** An email address: case; dots and `+tags` only for providers that ignore them. */
  email: (value: string): NormalisedEmail => normaliseEmail(parseInput(text, value)),
  /** A phone number to E.164, national numbers read in `defaultCountry`. */
  phone: (value: string, defaultCountry?: string | null): NormalisedPhone =>
    normalisePhone(parseInput(text, value), parseInput(country, defaultCountry) ?? null),
  /** A country name or code in many languages (and common typos) to ISO alpha-2, or `null`. */
  country: (value: string): string | null => normaliseCountry(parseInput(text, value)),
  /** A company name without its legal form (Ltd, GmbH, Inc, S.A., 有限公司…). */
  companyName: (value: string): NormalisedCompanyName => normaliseCompanyName(parseInput(text, value)),
  /** An address's parts: street abbreviations, house number, postcode in its country's form. */
  address: (address: z.input<typeof addressSchema>, defaultCountry?: string | null): NormalisedAddress =>
    normaliseAddress(parseInput(addressSchema, address), parseInput(country, defaultCountry) ?? null),
  /** A postcode checked against and written in its country's form. */
  postcode: (value: string, countryCode?: string | null): NormalisedPostcode =>
    normalisePostcode(parseInput(text, value), parseInput(country, countryCode) ?? null),
});
