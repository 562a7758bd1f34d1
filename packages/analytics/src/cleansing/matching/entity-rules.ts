import { normaliseAddress } from "../normalise/address.js";
import { normaliseCompanyName } from "../normalise/company-name.js";
import { normaliseEmail } from "../normalise/email.js";
import { normalisePersonName } from "../normalise/person-name.js";
import { foldText, foldWords } from "../normalise/text.js";
import { phoneticCode } from "./comparators.js";
import type { ComparisonKind, ProfileValue } from "./field-comparison.js";
import { valueForKind } from "./kind-values.js";

/** The entity types cleansing matches. `lead` needs the sales module. */
export const MATCH_ENTITY_TYPES = ["contact", "account", "lead", "product"] as const;
/** One of {@link MATCH_ENTITY_TYPES}. */
export type MatchEntityType = (typeof MATCH_ENTITY_TYPES)[number];

/** A record's row as read for matching: its id, version and the columns its rule names (JSON columns as text). */
export interface MatchRow {
  readonly id: string;
  readonly version: number;
  readonly [column: string]: unknown;
}

/** What a rule needs besides the row: the country national phone numbers and postcodes are read in. */
export interface ProfileContext {
  readonly defaultCountry: string | null;
}

/** A rule's parsed view of one row, shared by its fields' extractors. */
type Parsed = Readonly<Record<string, unknown>>;

/** One field compared when matching. */
export interface MatchFieldRule {
  /** The field's name in reasons (`lastName`, `email`, `address.postcode`, `custom.dateOfBirth`). */
  readonly name: string;
  readonly kind: ComparisonKind;
  /** The entity fields it is read from: when the actor may not see one of them, the field is not used. */
  readonly reads: readonly string[];
  /** Overrides the kind's default `u` of the `exact` level, for fields many records share (cities). */
  readonly uExact?: number;
  /** Reads the normalised value from the parsed row. */
  extract(parsed: Parsed, context: ProfileContext): ProfileValue;
}

/** A blocking key: records sharing one of its keys are compared. */
export interface BlockRule {
  readonly name: string;
  /** The match fields it is made from: hidden fields' blocks are not used. */
  readonly uses: readonly string[];
  /** The record's keys under this rule (none when a part is missing). */
  keys(values: Readonly<Record<string, ProfileValue>>): readonly string[];
}

/** How one entity type is matched: its table, the columns read, fields compared and blocks. */
export interface EntityRule {
  readonly entityType: MatchEntityType;
  readonly table: string;
  /** The column `own` and `team` scopes compare. */
  readonly ownerColumn: string;
  readonly columns: readonly string[];
  /** Turns a row into the values extractors read (JSON parsed, names split). */
  parse(row: MatchRow, context: ProfileContext): Parsed;
  readonly fields: readonly MatchFieldRule[];
  readonly blocks: readonly BlockRule[];
}

/** A custom field added to an entity's rule (see `duplicates.find`'s `fields`). */
export interface ExtraField {
  /** `custom.<key>` of a custom field defined for the entity type. */
  readonly field: string;
  readonly compare: ComparisonKind;
  /** Also block on it: records with the same value are compared. @default false */
  readonly block?: boolean | undefined;
}

const json = (value: unknown): unknown => {
  if (typeof value !== "string") return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
};
const asRecord = (value: unknown): Readonly<Record<string, unknown>> =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const str = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);
const listOf = (value: unknown, key: string): string[] =>
  Array.isArray(value)
    ? value.flatMap((item) => (str(asRecord(item)[key]) === null ? [] : [asRecord(item)[key] as string]))
    : [];

const one = (value: ProfileValue): string | null => (value === null || Array.isArray(value) ? null : String(value));
const all = (value: ProfileValue): readonly string[] =>
  value === null ? [] : Array.isArray(value) ? value : [String(value)];
const sound = (value: ProfileValue): string | null => {
  const text = one(value);
  if (text === null) return null;
  return phoneticCode(text.split(" ")[0] as string) || text;
};
const both = (...parts: (string | null)[]): readonly string[] =>
  parts.some((p) => p === null || p === "") ? [] : [parts.join("|")];

/** A field read from the parsed row by key. */
const fieldOf = (
  name: string,
  kind: ComparisonKind,
  reads: readonly string[],
  key = name,
  uExact?: number,
): MatchFieldRule => ({
  name,
  kind,
  reads,
  ...(uExact === undefined ? {} : { uExact }),
  extract: (parsed) => (parsed[key] ?? null) as ProfileValue,
});

/** The address fields every rule with an address compares. */
function addressFields(read: string): MatchFieldRule[] {
  return [
    fieldOf("address.street", "text", [read], "street"),
    fieldOf("address.houseNumber", "number", [read], "houseNumber"),
    fieldOf("address.line2", "text", [read], "line2"),
    fieldOf("address.city", "name", [read], "city", 0.02),
    fieldOf("address.postcode", "postcode", [read], "postcode"),
    fieldOf("address.region", "code", [read], "region"),
  ];
}

function parseAddress(raw: unknown, context: ProfileContext): Record<string, ProfileValue> {
  const address = asRecord(json(raw));
  const country = str(address.country)?.toUpperCase() ?? context.defaultCountry;
  const line2 = str(address.line2);
  const normalised = normaliseAddress(
    {
      line1: str(address.line1),
      city: str(address.city),
      region: str(address.region),
      postalCode: str(address.postalCode),
    },
    country,
  );
  // The street without its house number: the number is compared on its own.
  const street =
    normalised.street
      ?.replace(/\b\d+[a-z]?\b/g, "")
      .replace(/ +/g, " ")
      .trim() || null;
  return {
    street,
    houseNumber: normalised.houseNumber,
    line2: line2 === null ? null : foldWords(line2) || null,
    city: normalised.city,
    postcode: normalised.postcode,
    region: normalised.region === null ? null : normalised.region.toUpperCase(),
    country,
  };
}

const personBlocks = (email: string, phone: string, postcode: string | null, city: string | null): BlockRule[] => [
  { name: "email", uses: [email], keys: (v) => all(v[email] ?? null) },
  { name: "phone", uses: [phone], keys: (v) => all(v[phone] ?? null).map((p) => p.slice(-9)) },
  {
    name: "lastName+firstName",
    uses: ["lastName", "firstName"],
    keys: (v) => both(sound(v.lastName ?? null), sound(v.firstName ?? null)),
  },
  ...(postcode === null
    ? []
    : [
        {
          name: "lastName+postcode",
          uses: ["lastName", postcode],
          keys: (v: Readonly<Record<string, ProfileValue>>) =>
            both(sound(v.lastName ?? null), one(v[postcode] ?? null)),
        },
        {
          name: "firstName+postcode",
          uses: ["firstName", postcode],
          keys: (v: Readonly<Record<string, ProfileValue>>) =>
            both(sound(v.firstName ?? null), one(v[postcode] ?? null)),
        },
        {
          name: "houseNumber+postcode",
          uses: ["address.houseNumber", postcode],
          keys: (v: Readonly<Record<string, ProfileValue>>) =>
            both(one(v["address.houseNumber"] ?? null), one(v[postcode] ?? null)),
        },
      ]),
  ...(city === null
    ? []
    : [
        {
          name: "lastName+city",
          uses: ["lastName", city],
          keys: (v: Readonly<Record<string, ProfileValue>>) => both(sound(v.lastName ?? null), one(v[city] ?? null)),
        },
      ]),
];

const CONTACT_RULE: EntityRule = {
  entityType: "contact",
  table: "contacts",
  ownerColumn: "owner_id",
  columns: ["first_name", "last_name", "emails", "phones", "mailing_address", "custom"],
  parse: (row, context) => {
    const name = normalisePersonName({ given: str(row.first_name), family: str(row.last_name) });
    const address = parseAddress(row.mailing_address, context);
    const country = one(address.country ?? null);
    return {
      firstName: name.given,
      lastName: name.family,
      email: valueForKind("email", listOf(json(row.emails), "value"), country),
      phone: valueForKind("phone", listOf(json(row.phones), "value"), country),
      ...address,
      custom: asRecord(json(row.custom)),
    };
  },
  fields: [
    fieldOf("firstName", "name", ["firstName"]),
    fieldOf("lastName", "name", ["lastName"], "lastName", 0.003),
    fieldOf("email", "email", ["emails", "primaryEmail"]),
    fieldOf("phone", "phone", ["phones"]),
    ...addressFields("mailingAddress"),
  ],
  blocks: personBlocks("email", "phone", "address.postcode", "address.city"),
};

const LEAD_RULE: EntityRule = {
  entityType: "lead",
  table: "sales_leads",
  ownerColumn: "owner_id",
  columns: ["first_name", "last_name", "company", "email", "phone", "country", "custom"],
  parse: (row) => {
    const name = normalisePersonName({ given: str(row.first_name), family: str(row.last_name) });
    const country = str(row.country);
    return {
      firstName: name.given,
      lastName: name.family,
      company: normaliseCompanyName(str(row.company)).name,
      email: normaliseEmail(str(row.email)).canonical,
      phone: valueForKind("phone", str(row.phone), country),
      country,
      custom: asRecord(json(row.custom)),
    };
  },
  fields: [
    fieldOf("firstName", "name", ["firstName"]),
    fieldOf("lastName", "name", ["lastName"], "lastName", 0.003),
    fieldOf("company", "company", ["company"]),
    fieldOf("email", "email", ["email"]),
    fieldOf("phone", "phone", ["phone"]),
    fieldOf("country", "code", ["country"]),
  ],
  blocks: [
    ...personBlocks("email", "phone", null, null),
    {
      name: "lastName+company",
      uses: ["lastName", "company"],
      keys: (v) => both(sound(v.lastName ?? null), sound(v.company ?? null)),
    },
  ],
};

/** The first two words of a company name, each by its sound: `Chicago Commons Assn` → `XKK|KMNS`. */
const nameStart = (value: ProfileValue): string | null => {
  const text = one(value);
  if (text === null) return null;
  const words = text.split(" ").filter((w) => w.length > 1 && !/^\d+$/.test(w));
  if (words.length === 0) return null;
  return words
    .slice(0, 2)
    .map((w) => phoneticCode(w) || w)
    .join("|");
};
/** The first street word that is not a direction: `316 n pulaski rd` → `pulaski`. */
const streetWord = (value: ProfileValue): string | null =>
  one(value)
    ?.split(" ")
    .find((w) => !["n", "s", "e", "w", "ne", "nw", "se", "sw"].includes(w) && w.length > 1) ?? null;

const ACCOUNT_RULE: EntityRule = {
  entityType: "account",
  table: "accounts",
  ownerColumn: "owner_id",
  columns: ["name", "website", "billing_address", "custom"],
  parse: (row, context) => {
    const website = str(row.website);
    const domain =
      website === null
        ? null
        : foldText(website)
            .replace(/^[a-z]+:\/\//, "")
            .replace(/^www\./, "")
            .split(/[/?#]/)[0] || null;
    return {
      name: normaliseCompanyName(str(row.name)).name,
      website: domain,
      ...parseAddress(row.billing_address, context),
      custom: asRecord(json(row.custom)),
    };
  },
  fields: [
    fieldOf("name", "company", ["name"]),
    fieldOf("website", "code", ["website"]),
    ...addressFields("billingAddress"),
  ],
  blocks: [
    { name: "name", uses: ["name"], keys: (v) => all(v.name ?? null) },
    { name: "nameStart", uses: ["name"], keys: (v) => both(nameStart(v.name ?? null)) },
    { name: "website", uses: ["website"], keys: (v) => all(v.website ?? null) },
    {
      name: "houseNumber+street",
      uses: ["address.houseNumber", "address.street"],
      keys: (v) => both(one(v["address.houseNumber"] ?? null), streetWord(v["address.street"] ?? null)),
    },
    {
      name: "nameStart+postcode",
      uses: ["name", "address.postcode"],
      keys: (v) => both(nameStart(v.name ?? null), one(v["address.postcode"] ?? null)),
    },
  ],
};

const PRODUCT_RULE: EntityRule = {
  entityType: "product",
  table: "products",
  ownerColumn: "created_by",
  columns: ["sku", "name", "family", "unit_cost", "custom"],
  parse: (row) => ({
    sku: valueForKind("identifier", str(row.sku), null),
    name: foldWords(str(row.name) ?? "") || null,
    family: valueForKind("code", str(row.family), null),
    unitCost: typeof row.unit_cost === "number" ? row.unit_cost : row.unit_cost === null ? null : Number(row.unit_cost),
    custom: asRecord(json(row.custom)),
  }),
  fields: [
    fieldOf("sku", "identifier", ["sku"]),
    fieldOf("name", "text", ["name"]),
    fieldOf("family", "code", ["family"]),
    fieldOf("unitCost", "number", ["unitCost"]),
  ],
  blocks: [
    { name: "sku", uses: ["sku"], keys: (v) => all(v.sku ?? null) },
    { name: "nameStart", uses: ["name"], keys: (v) => both(nameStart(v.name ?? null)) },
    {
      name: "nameWords",
      uses: ["name"],
      keys: (v) =>
        both(
          one(v.name ?? null)
            ?.split(" ")
            .sort()
            .join(" ") ?? null,
        ),
    },
  ],
};

/** The built-in rule of each entity type. */
export const ENTITY_RULES: Readonly<Record<MatchEntityType, EntityRule>> = {
  contact: CONTACT_RULE,
  account: ACCOUNT_RULE,
  lead: LEAD_RULE,
  product: PRODUCT_RULE,
};

/**
 * An entity's rule with custom fields added: each compared with its kind and, with
 * `block: true`, blocked on by its value (dates also with the first letter of the last
 * name and of the first name, so a shared birthday alone does not make a huge block).
 */
export function ruleWithExtras(rule: EntityRule, extras: readonly ExtraField[]): EntityRule {
  if (extras.length === 0) return rule;
  const fields = extras.map(
    (extra): MatchFieldRule => ({
      name: extra.field,
      kind: extra.compare,
      reads: [extra.field],
      extract: (parsed, context) =>
        valueForKind(
          extra.compare,
          asRecord(parsed.custom)[extra.field.slice("custom.".length)] ?? null,
          context.defaultCountry,
        ),
    }),
  );
  const blocks = extras.flatMap((extra): BlockRule[] => {
    if (extra.block !== true) return [];
    const name = extra.field;
    if (extra.compare !== "date" || !rule.fields.some((f) => f.name === "lastName")) {
      return [{ name, uses: [name], keys: (v) => all(v[name] ?? null) }];
    }
    const initial = (value: ProfileValue) => one(value)?.slice(0, 1) ?? null;
    return [
      {
        name: `${name}+lastName`,
        uses: [name, "lastName"],
        keys: (v) => both(one(v[name] ?? null), initial(v.lastName ?? null)),
      },
      {
        name: `${name}+firstName`,
        uses: [name, "firstName"],
        keys: (v) => both(one(v[name] ?? null), initial(v.firstName ?? null)),
      },
    ];
  });
  return { ...rule, fields: [...rule.fields, ...fields], blocks: [...rule.blocks, ...blocks] };
}

/**
 * A record as the API returns it (camelCase fields, JSON values as values) turned into the row
 * its rule reads (`first_name`, `mailing_address`…), so a record about to be written can be
 * matched before it is stored. A record without an id gets `""`.
 */
export function rowOfRecord(rule: EntityRule, record: Readonly<Record<string, unknown>>): MatchRow {
  const row: Record<string, unknown> = {
    id: typeof record.id === "string" ? record.id : "",
    version: typeof record.version === "number" ? record.version : 0,
  };
  for (const column of rule.columns) {
    const key = column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    row[column] = Object.hasOwn(record, key) ? record[key] : null;
  }
  return row as MatchRow;
}
