import { describe, expect, it } from "vitest";
import {
  createAccountSchema,
  plainCreateAccount,
  plainUpdateAccount,
  updateAccountSchema,
} from "../accounts/account-schema.js";
import {
  createContactSchema,
  plainCreateContact,
  plainUpdateContact,
  updateContactSchema,
} from "../contacts/contact-schema.js";
import { idSchema, plainWriteOptions, writeOptionsSchema } from "../entities/base-record.js";
import {
  comparePlainReader,
  expectPlainReaderAgreement,
  MISSING,
  mutatedInputs,
} from "../testing/plain-reader-check.js";
import { recordId, UNSURE } from "./plain-input.js";

const ACC = "acc_01J9Z8Y7X6W5V4T3S2R1Q0P9N8";

const text = (length: number, char = "a") => char.repeat(length);

/** Strings around every limit the create schemas have, valid and not. */
const TEXTS = [
  "",
  " ",
  "a",
  " padded ",
  "tab\there",
  "nul\u0000",
  "İstanbul",
  "ÉCOLE",
  "comma, separated",
  text(20),
  text(21),
  text(35),
  text(36),
  text(50),
  text(51),
  ` ${text(50)} `,
  text(100),
  text(101),
  text(128),
  text(129),
  text(200),
  text(201),
  ` ${text(200)} `,
  text(254),
  text(255),
];

const ADDRESSES = [
  null,
  undefined,
  MISSING,
  {},
  { city: "Berlin", country: "DE" },
  { line1: " Obere Str. 57 ", line2: "", city: "Berlin", postalCode: "12209", country: "DE" },
  { line1: "", city: " " },
  { line1: null, region: "Bavaria" },
  { country: "XX" },
  { country: "de" },
  { city: text(101) },
  { postalCode: text(20) },
  { postalCode: text(21) },
  { city: "Paris", street: "Rue" },
  { city: 5 },
  "Berlin",
  [],
];

const TAG_LISTS = [
  MISSING,
  undefined,
  [],
  ["vip"],
  [" VIP ", "vip", "Key Account"],
  ["b", "a", "b"],
  [""],
  ["a,b"],
  [text(50)],
  [text(51)],
  ["nul\u0000"],
  Array.from({ length: 50 }, (_, i) => `t${i}`),
  Array.from({ length: 51 }, (_, i) => `t${i}`),
  [5],
  "vip",
  null,
];

const CUSTOM = [
  MISSING,
  {},
  { tier: "gold", score: 5, active: true, notes: null, regions: ["EU", "US"] },
  { "1st": 1 },
  { tier: Number.POSITIVE_INFINITY },
  { tier: Number.NaN },
  { tier: { nested: true } },
  { tier: [1, 2] },
  { tier: Array.from({ length: 201 }, () => "x") },
  { [Symbol("s")]: 1 },
  null,
  [],
];

const EXTERNAL_IDS = [
  MISSING,
  {},
  { erp: "C-1042" },
  { erp: " C-1042 " },
  { erp: "" },
  { ERP: "x" },
  { erp: text(201) },
  { erp: 5 },
  null,
];

const OWNERS = [MISSING, undefined, null, "rep0001", " rep0001 ", "user@example.com", "bad owner", "", text(129), 5];

const ACCOUNT_POOLS: Record<string, readonly unknown[]> = {
  name: ["Acme", " Acme GmbH ", ...TEXTS, MISSING, undefined, null, 5],
  type: ["customer", "prospect", "partner", "Customer", "lead", MISSING, undefined, null],
  industry: [MISSING, undefined, null, "Retail", ...TEXTS],
  website: [
    MISSING,
    undefined,
    null,
    "https://example.com",
    "http://example.com/path?q=1",
    " https://example.com ",
    "https://exa\tmple.com",
    "ftp://example.com",
    "https:example.com",
    "example.com",
    "https://",
    `https://example.com/${text(1_990)}`,
    "",
  ],
  description: [MISSING, null, "Long text\nwith lines", "nul\u0000", text(300)],
  ownerId: OWNERS,
  annualRevenue: [MISSING, undefined, null, 0, 1_000_00, -1, 1.5, Number.MAX_SAFE_INTEGER, 2 ** 53, "100", Number.NaN],
  currency: [MISSING, undefined, null, "USD", "EUR", "usd", "XYZ", "US"],
  parentId: [MISSING, null, ACC, "con_01J9Z8Y7X6W5V4T3S2R1Q0P9N8", "acc_short", 5],
  employeeCount: [MISSING, null, 0, 250, 100_000_000, 100_000_001, -5, 2.5],
  billingAddress: ADDRESSES,
  shippingAddress: ADDRESSES,
  custom: CUSTOM,
  externalIds: EXTERNAL_IDS,
  tags: TAG_LISTS,
};

const EMAIL_LISTS = [
  MISSING,
  undefined,
  [],
  [{ value: "maria@example.com" }],
  [{ value: " Maria.Anders@Example.COM ", type: "home" }],
  [{ value: "a@example.com" }, { value: "b@example.com", primary: true }],
  [
    { value: "a@example.com", primary: true },
    { value: "b@example.com", primary: true },
  ],
  [{ value: "a@example.com" }, { value: "A@example.com" }],
  [{ value: "not-an-email" }],
  [{ value: "a@example.com", type: "fax" }],
  [{ value: "a@example.com", label: "x" }],
  [{ value: `${text(250)}@example.com` }],
  [{ value: "a@example.com", primary: "yes" }],
  [{ type: "work" }],
  Array.from({ length: 21 }, (_, i) => ({ value: `p${i}@example.com` })),
  "maria@example.com",
];

const PHONE_LISTS = [
  MISSING,
  [],
  [{ value: "+1 (617) 349-7453" }],
  [{ value: "030-0074321", country: "DE", type: "mobile" }],
  [{ value: "0049 30 1234567" }],
  [{ value: "555-0100", e164: "+15550100" }],
  [{ value: "+1 415 555 2671 ext. 12", primary: true }],
  [{ value: "+1 617 349 7453" }, { value: "+16173497453" }],
  [{ value: "12" }],
  [{ value: "call me" }],
  [{ value: "030 1234567", country: "ZZ" }],
  [{ value: "030 1234567", country: null }],
  [{ value: "030 1234567", e164: text(21) }],
  [{ value: ` ${text(49, "1")} ` }],
  [{ value: text(51, "1") }],
  [
    { value: "+49 30 1234567", primary: true },
    { value: "+49 30 7654321", primary: true },
  ],
  null,
];

const CONTACT_POOLS: Record<string, readonly unknown[]> = {
  accountId: [MISSING, undefined, null, ACC, "acc_x", 5],
  firstName: [MISSING, undefined, null, "Maria", " Maria ", "", text(100), text(101), "nul\u0000"],
  lastName: [MISSING, null, "Anders", " ", text(101)],
  title: [MISSING, null, "Head of Purchasing", "", text(200), text(201)],
  emails: EMAIL_LISTS,
  phones: PHONE_LISTS,
  mailingAddress: ADDRESSES,
  doNotCall: [MISSING, undefined, true, false, "no"],
  doNotEmail: [MISSING, true, 0],
  preferredChannel: [MISSING, null, "email", "phone", "fax"],
  language: [MISSING, null, "en", "EN-us", "de-CH", "x", "not a tag", text(36), "zh-Hant-TW"],
  ownerId: OWNERS,
  custom: CUSTOM,
  externalIds: EXTERNAL_IDS,
  tags: TAG_LISTS,
};

const ACCOUNTS: readonly Record<string, unknown>[] = [
  { name: "Acme" },
  {
    name: "Alfreds Futterkiste",
    type: "customer",
    industry: "Food",
    website: "https://alfreds.example",
    description: null,
    ownerId: "rep0001",
    annualRevenue: 125_000_00,
    currency: "EUR",
    employeeCount: 40,
    billingAddress: { line1: "Obere Str. 57", city: "Berlin", postalCode: "12209", country: "DE" },
    tags: ["VIP", "food"],
    externalIds: { erp: "ALFKI" },
    custom: { tier: "gold" },
  },
  { name: "Branch", parentId: ACC, shippingAddress: null, industry: undefined },
];

const CONTACTS: readonly Record<string, unknown>[] = [
  { lastName: "Anders" },
  {
    accountId: ACC,
    firstName: "Maria",
    lastName: "Anders",
    title: "Sales Representative",
    emails: [{ value: "Maria.Anders@Example.com" }],
    phones: [
      { type: "mobile", value: "030-0074321", country: "DE" },
      { value: "+1 617 349 7453", primary: true },
    ],
    mailingAddress: { city: "Berlin", country: "DE" },
    doNotCall: true,
    preferredChannel: "email",
    language: "de-ch",
    ownerId: "rep0002",
    tags: ["decision maker"],
  },
];

describe("plain create readers agree with zod", () => {
  it("accounts: on 20,000 generated inputs, never accepting what zod refuses", () => {
    expectPlainReaderAgreement(
      plainCreateAccount,
      createAccountSchema,
      mutatedInputs(ACCOUNTS, ACCOUNT_POOLS, 20_000, 7),
      2_000,
    );
  });

  it("contacts: on 20,000 generated inputs, never accepting what zod refuses", () => {
    expectPlainReaderAgreement(
      plainCreateContact,
      createContactSchema,
      mutatedInputs(CONTACTS, CONTACT_POOLS, 20_000, 11),
      2_000,
    );
  });

  it("account patches: on 20,000 generated patches, never accepting what zod refuses", () => {
    const patches = [{}, { industry: "Retail", website: "https://acme.example" }, { name: "Acme AG", tags: [] }];
    expectPlainReaderAgreement(
      plainUpdateAccount,
      updateAccountSchema,
      mutatedInputs(patches, ACCOUNT_POOLS, 20_000, 5),
      2_000,
    );
  });

  it("contact patches: on 20,000 generated patches, never accepting what zod refuses", () => {
    const patches = [
      {},
      { title: "CFO", emails: [{ value: "cfo@example.com" }] },
      { firstName: null, doNotCall: true },
    ];
    expectPlainReaderAgreement(
      plainUpdateContact,
      updateContactSchema,
      mutatedInputs(patches, CONTACT_POOLS, 20_000, 13),
      2_000,
    );
  });

  it("write options: every candidate agrees with zod", () => {
    const versions = [MISSING, undefined, 1, 7, 0, -1, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, "1", null, Number.NaN];
    expectPlainReaderAgreement(
      plainWriteOptions,
      writeOptionsSchema,
      mutatedInputs([{}, { expectedVersion: 3 }], { expectedVersion: versions }, 2_000, 17),
      100,
    );
  });

  it("ids: every candidate agrees with zod", () => {
    const candidates = [
      ACC,
      "con_01J9Z8Y7X6W5V4T3S2R1Q0P9N8",
      "acc_01J9Z8Y7X6W5V4T3S2R1Q0P9NU",
      `${ACC} `,
      "acc_",
      "",
      5,
      null,
    ];
    const decided = candidates.map((id) => comparePlainReader(recordId("acc"), idSchema("acc"), id));
    expect(decided).toEqual(["plain", "zod", "zod", "zod", "zod", "zod", "zod", "zod"]);
    expect(comparePlainReader(recordId(), idSchema(), "con_01J9Z8Y7X6W5V4T3S2R1Q0P9N8")).toBe("plain");
  });

  it("reads the inputs an import sends without asking zod", () => {
    for (const input of ACCOUNTS)
      expect(comparePlainReader(plainCreateAccount, createAccountSchema, input)).toBe("plain");
    for (const input of CONTACTS)
      expect(comparePlainReader(plainCreateContact, createContactSchema, input)).toBe("plain");
  });

  it("leaves objects that are not plain to zod", () => {
    class AccountInput {
      name = "Acme";
    }
    expect(plainCreateAccount(new AccountInput())).toBe(UNSURE);
    expect(plainCreateAccount(null)).toBe(UNSURE);
    expect(plainCreateContact([{ lastName: "Anders" }])).toBe(UNSURE);
  });
});
