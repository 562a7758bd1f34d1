import * as z from "zod";
import { type FieldSpec, field } from "../entities/fields.js";
import { textSchema } from "../schemas/common-schemas.js";
import { knownCode, type Reader, strictObject, text, UNSURE } from "../schemas/plain-input.js";
import { COUNTRY_CODES } from "./country-codes.js";

const COUNTRY_PATTERN = /^[A-Z]{2}$/;

/** An ISO 3166-1 alpha-2 country code in upper case (`DE`, `US`, `JP`). */
export const countryCodeSchema = z
  .string()
  .regex(COUNTRY_PATTERN, "Use a two-letter ISO 3166-1 alpha-2 code in upper case")
  .refine((code) => COUNTRY_CODES.has(code), "Unknown ISO 3166-1 alpha-2 country code");

const part = (max: number) => textSchema().trim().max(max).nullable().optional();

/**
 * A postal address. Every part is optional (an import often knows only the city and
 * country), but an address has at least one part; blank parts are stored as `null`.
 *
 * @example
 * ```ts
 * { line1: "Obere Str. 57", city: "Berlin", postalCode: "12209", country: "DE" }
 * ```
 */
export const addressSchema = z
  .object({
    line1: part(200),
    line2: part(200),
    city: part(100),
    /** State, province, county or prefecture. */
    region: part(100),
    postalCode: part(20),
    country: countryCodeSchema.nullable().optional(),
  })
  .strict()
  .transform((a) => ({
    line1: a.line1 || null,
    line2: a.line2 || null,
    city: a.city || null,
    region: a.region || null,
    postalCode: a.postalCode || null,
    country: a.country ?? null,
  }))
  .refine(
    (a) => Object.values(a).some((v) => v !== null),
    "An address needs at least one part; use null for no address",
  );

/** {@link countryCodeSchema} for plain values (see `plain-input.ts`). */
export const plainCountryCode = knownCode(COUNTRY_PATTERN, COUNTRY_CODES);

const plainPart = (max: number) => ({ read: text({ trim: true, max }), nullable: true });
const plainAddressParts = strictObject({
  line1: plainPart(200),
  line2: plainPart(200),
  city: plainPart(100),
  region: plainPart(100),
  postalCode: plainPart(20),
  country: { read: plainCountryCode, nullable: true },
});

/** {@link addressSchema} for plain values (see `plain-input.ts`). */
export const plainAddress: Reader<Address> = (value) => {
  const a = plainAddressParts(value);
  if (a === UNSURE) return UNSURE;
  // As the schema's transform: a blank or missing part is null.
  const part = (key: keyof Address) => (a[key] as string | null | undefined) || null;
  const address: Address = {
    line1: part("line1"),
    line2: part("line2"),
    city: part("city"),
    region: part("region"),
    postalCode: part("postalCode"),
    country: part("country"),
  };
  return Object.values(address).some((v) => v !== null) ? address : UNSURE;
};

/** A postal address as records carry it: every part present, `null` when unknown. */
export type Address = z.output<typeof addressSchema>;
/** A postal address as inputs accept it. */
export type AddressInput = z.input<typeof addressSchema>;

/** A nullable JSON column holding an {@link Address}: the record carries `null` (never `undefined`) when there is none. */
export function addressField(): FieldSpec<Address | null> {
  return Object.freeze({ ...field.json<Address | null>(), nullable: true });
}
