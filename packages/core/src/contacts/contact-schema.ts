import * as z from "zod";
import { addressSchema, countryCodeSchema, plainAddress, plainCountryCode } from "../accounts/address-schema.js";
import { idSchema } from "../entities/base-record.js";
import { withRecordExtensions } from "../entities/record-input.js";
import { plain, textSchema, userIdSchema } from "../schemas/common-schemas.js";
import { plainExtensionRules } from "../schemas/plain-fields.js";
import {
  boolean,
  type FieldRule,
  oneOf,
  type Reader,
  recordId,
  strictObject,
  text,
  UNSURE,
} from "../schemas/plain-input.js";
import { normalisePhone } from "./phone-number.js";

/** What an email address or phone number is used for. */
export const CONTACT_POINT_TYPES = ["work", "home", "mobile", "other"] as const;
/** One of {@link CONTACT_POINT_TYPES}. */
export type ContactPointType = (typeof CONTACT_POINT_TYPES)[number];

/** How a contact prefers to be reached. */
export const CONTACT_CHANNELS = ["email", "phone", "sms", "mail", "in_person"] as const;
/** One of {@link CONTACT_CHANNELS}. */
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** The most email addresses, and the most phone numbers, one contact keeps. */
export const MAX_CONTACT_POINTS = 20;

/** An email address: trimmed, lower-cased and checked. Matching is therefore case-insensitive. */
export const emailAddressSchema = z.string().trim().toLowerCase().max(254).pipe(z.email("Not a valid email address"));

const pointType = z.enum(CONTACT_POINT_TYPES).default("work");

/** One email address of a contact. `type` defaults to `"work"`. */
export const contactEmailSchema = z
  .object({ type: pointType, value: emailAddressSchema, primary: z.boolean().optional() })
  .strict();

const PHONE_PATTERN = /^\+?[0-9 ()./-]+((x|ext\.?|extension)\s*[0-9]{1,8})?$/i;
function hasThreeDigits(value: string): boolean {
  let digits = 0;
  for (let i = 0; i < value.length && digits < 3; i++) {
    const code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits >= 3;
}

const phoneText = textSchema()
  .trim()
  .min(1)
  .max(50)
  .regex(PHONE_PATTERN, "Use digits, spaces, + ( ) . / - and an optional extension (ext. 12)")
  .refine(hasThreeDigits, "A phone number has at least three digits");

/**
 * One phone number of a contact, kept as written. `country` (ISO 3166-1 alpha-2) says how
 * to read a national number; the record adds `e164` — the number in E.164, or `null` when
 * it cannot be read as a valid number. An `e164` given on input is ignored and recomputed,
 * so a record's phones can be passed back unchanged.
 */
export const contactPhoneSchema = z
  .object({
    type: pointType,
    value: phoneText,
    primary: z.boolean().optional(),
    country: countryCodeSchema.nullable().optional(),
    e164: z.string().max(20).nullable().optional(),
  })
  .strict()
  .transform(({ type, value, primary, country }) => ({
    type,
    value,
    primary,
    ...normalisePhone(value, country ?? null),
  }));

/** One email address as a contact record carries it. */
export interface ContactEmail {
  readonly type: ContactPointType;
  /** Lower case. */
  readonly value: string;
  /** Exactly one address of a non-empty list is primary. */
  readonly primary: boolean;
}

/** One phone number as a contact record carries it. */
export interface ContactPhone {
  readonly type: ContactPointType;
  /** As written on input. */
  readonly value: string;
  /** Exactly one number of a non-empty list is primary. */
  readonly primary: boolean;
  /** The country given on input, or the one an international number belongs to. */
  readonly country: string | null;
  /** The number in E.164 (`+49300074321`), or `null` when it could not be read as a valid number. */
  readonly e164: string | null;
}

/**
 * Checks a list of contact points: at most one marked primary and no value twice. When none
 * is marked, the first becomes primary, so a non-empty list always has exactly one.
 */
function contactPoints<In extends { value: string; primary?: boolean | undefined }, Out>(
  entry: z.ZodType<In, unknown>,
  key: (value: string) => string,
  finish: (entry: In, primary: boolean) => Out,
) {
  return z
    .array(entry)
    .max(MAX_CONTACT_POINTS)
    .superRefine((list, ctx) => {
      const primaries = list.flatMap((e, i) => (e.primary ? [i] : []));
      for (const i of primaries.slice(1))
        ctx.addIssue({ code: "custom", path: [i, "primary"], message: "Only one entry may be primary" });
      const seen = new Set<string>();
      for (const [i, e] of list.entries()) {
        const seenAs = key(e.value);
        if (seen.has(seenAs)) ctx.addIssue({ code: "custom", path: [i, "value"], message: "Listed twice" });
        seen.add(seenAs);
      }
    })
    .transform((list): Out[] => {
      const primaryAt = Math.max(
        0,
        list.findIndex((e) => e.primary === true),
      );
      return list.map((e, i) => finish(e, i === primaryAt));
    });
}

const emailKey = (value: string) => value;
const phoneKey = (value: string) => value.replace(/[^0-9+x]/gi, "").toLowerCase();

const contactEmailsSchema = contactPoints(
  contactEmailSchema,
  emailKey,
  (e, primary): ContactEmail => ({ type: e.type, value: e.value, primary }),
);
const contactPhonesSchema = contactPoints(
  contactPhoneSchema,
  phoneKey,
  (p, primary): ContactPhone => ({ type: p.type, value: p.value, primary, country: p.country, e164: p.e164 }),
);

const personName = textSchema().trim().min(1, "Must not be empty; use null for no name").max(100).nullable();

/** Tags canonicalised so far, `null` for invalid ones: imports repeat a handful of languages. */
const canonicalTags = new Map<string, string | null>();
const MAX_REMEMBERED_TAGS = 1_000;

/** `tag` in canonical case, or `null` when it is not a BCP 47 language tag. */
function canonicalTag(tag: string): string | null {
  const known = canonicalTags.get(tag);
  if (known !== undefined) return known;
  let canonical: string | null = null;
  try {
    canonical = Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    // not a language tag
  }
  if (canonicalTags.size < MAX_REMEMBERED_TAGS) canonicalTags.set(tag, canonical);
  return canonical;
}

/** A BCP 47 language tag (`en`, `de-CH`, `pt-BR`), stored in canonical case. */
export const languageTagSchema = z
  .string()
  .min(2)
  .max(35)
  .transform((tag, ctx) => {
    const canonical = canonicalTag(tag);
    if (canonical !== null) return canonical;
    ctx.addIssue({ code: "custom", message: "Not a BCP 47 language tag (en, de-CH, pt-BR)" });
    return z.NEVER;
  });

const contactFields = {
  /** The account the person works for; `null` for a person on their own (a consumer, a lead not yet converted). */
  accountId: idSchema("acc").nullable(),
  firstName: personName,
  lastName: personName,
  /** Job title (`Head of Purchasing`). */
  title: textSchema().trim().min(1).max(200).nullable(),
  emails: contactEmailsSchema,
  phones: contactPhonesSchema,
  mailingAddress: addressSchema.nullable(),
  /** The person asked not to be called. */
  doNotCall: z.boolean(),
  /** The person asked not to be emailed. */
  doNotEmail: z.boolean(),
  preferredChannel: z.enum(CONTACT_CHANNELS).nullable(),
  /** The language to address the person in. */
  language: languageTagSchema.nullable(),
  /** The owning user; defaults to the creating user. */
  ownerId: userIdSchema.nullable(),
};

/**
 * Input of `contacts.create`. A contact has a first or a last name (or both). Lists
 * default to empty, `doNotCall`/`doNotEmail` to `false`. Unknown keys are rejected.
 *
 * @example
 * ```ts
 * await client.contacts.create({
 *   accountId: acme.id,
 *   firstName: "Maria",
 *   lastName: "Anders",
 *   emails: [{ value: "Maria.Anders@example.com" }],
 *   phones: [{ type: "mobile", value: "030-0074321", country: "DE" }],
 * });
 * ```
 */
export const createContactSchema = withRecordExtensions(
  z
    .object({
      ...contactFields,
      accountId: contactFields.accountId.optional(),
      firstName: contactFields.firstName.optional(),
      lastName: contactFields.lastName.optional(),
      title: contactFields.title.optional(),
      emails: contactFields.emails.default([]),
      phones: contactFields.phones.default([]),
      mailingAddress: contactFields.mailingAddress.optional(),
      doNotCall: contactFields.doNotCall.default(false),
      doNotEmail: contactFields.doNotEmail.default(false),
      preferredChannel: contactFields.preferredChannel.optional(),
      language: contactFields.language.optional(),
      ownerId: contactFields.ownerId.optional(),
    })
    .strict()
    .superRefine((value, ctx) => {
      if (value.firstName == null && value.lastName == null) {
        ctx.addIssue({ code: "custom", path: ["lastName"], message: "A contact needs a first or a last name" });
      }
    }),
);
/** What `contacts.create` accepts. */
export type CreateContactInput = z.input<typeof createContactSchema>;

/**
 * Input of `contacts.update`: any subset of the fields; `null` clears a nullable field.
 * `emails`, `phones` and `mailingAddress` are replaced whole.
 */
export const updateContactSchema = withRecordExtensions(z.object(contactFields).partial().strict());
/** What `contacts.update` accepts. */
export type UpdateContactInput = z.input<typeof updateContactSchema>;

/**
 * A contact-point list as {@link contactPoints} checks it: at most one marked primary, no
 * value twice (by `key`), the first primary when none is marked.
 */
function plainContactPoints<In extends { value: string; primary?: boolean | undefined }, Out>(
  entry: Reader<In>,
  key: (value: string) => string,
  finish: (entry: In, primary: boolean) => Out,
): Reader<Out[]> {
  return (value) => {
    if (!Array.isArray(value) || value.length > MAX_CONTACT_POINTS) return UNSURE;
    const entries: In[] = [];
    const seen = new Set<string>();
    let primaryAt = -1;
    for (const item of value) {
      const read = entry(item);
      if (read === UNSURE) return UNSURE;
      const seenAs = key(read.value);
      if (seen.has(seenAs)) return UNSURE;
      seen.add(seenAs);
      if (read.primary === true) {
        if (primaryAt !== -1) return UNSURE;
        primaryAt = entries.length;
      }
      entries.push(read);
    }
    return entries.map((e, i) => finish(e, i === Math.max(0, primaryAt)));
  };
}

const plainPointType = { read: oneOf(CONTACT_POINT_TYPES), fallback: () => "work" };
const plainPrimary = { read: boolean };

const plainEmails = plainContactPoints(
  strictObject<{ type: ContactPointType; value: string; primary?: boolean }>({
    type: plainPointType,
    value: { read: text({ trim: true, lowerCase: true, max: 254, pattern: z.regexes.email }), required: true },
    primary: plainPrimary,
  }),
  emailKey,
  (e, primary): ContactEmail => ({ type: e.type, value: e.value, primary }),
);

const plainPhoneEntry = strictObject<{
  type: ContactPointType;
  value: string;
  primary?: boolean;
  country?: string | null;
}>({
  type: plainPointType,
  value: { read: text({ trim: true, min: 1, max: 50, pattern: PHONE_PATTERN }), required: true },
  primary: plainPrimary,
  country: { read: plainCountryCode, nullable: true },
  e164: { read: text({ max: 20, allowNul: true }), nullable: true },
});

const plainPhones = plainContactPoints(
  (value: unknown) => {
    const phone = plainPhoneEntry(value);
    return phone === UNSURE || !hasThreeDigits(phone.value) ? UNSURE : phone;
  },
  phoneKey,
  (p, primary): ContactPhone => {
    const { country, e164 } = normalisePhone(p.value, p.country ?? null);
    return { type: p.type, value: p.value, primary, country, e164 };
  },
);

const plainPersonName = { read: text({ trim: true, min: 1, max: 100 }), nullable: true };

/** `contactFields` for plain values (see `plain-input.ts`), in the same order. */
const plainContactFields = {
  accountId: { read: recordId("acc"), nullable: true },
  firstName: plainPersonName,
  lastName: plainPersonName,
  title: { read: text({ trim: true, min: 1, max: 200 }), nullable: true },
  emails: { read: plainEmails },
  phones: { read: plainPhones },
  mailingAddress: { read: plainAddress, nullable: true },
  doNotCall: { read: boolean },
  doNotEmail: { read: boolean },
  preferredChannel: { read: oneOf(CONTACT_CHANNELS), nullable: true },
  language: {
    read: (value: unknown) =>
      typeof value === "string" && value.length >= 2 && value.length <= 35 ? (canonicalTag(value) ?? UNSURE) : UNSURE,
    nullable: true,
  },
  ownerId: { read: plain.userId, nullable: true },
  ...plainExtensionRules,
} satisfies Record<keyof typeof contactFields, FieldRule>;

/**
 * {@link createContactSchema} for plain inputs (see `plain-input.ts`): what its parse
 * returns, or `UNSURE` to let it decide. Keys in the schema's order.
 */
export const plainCreateContact = strictObject(
  {
    ...plainContactFields,
    emails: { ...plainContactFields.emails, fallback: () => [] },
    phones: { ...plainContactFields.phones, fallback: () => [] },
    doNotCall: { ...plainContactFields.doNotCall, fallback: () => false },
    doNotEmail: { ...plainContactFields.doNotEmail, fallback: () => false },
  },
  (contact) => contact.firstName != null || contact.lastName != null,
);

/** {@link updateContactSchema} for plain patches (see `plain-input.ts`). */
export const plainUpdateContact = strictObject(plainContactFields);
