import { expectPlainReaderAgreement, MISSING, mutatedInputs, plainReaderAgreement } from "@rapport/core/testing";
import { describe, expect, it } from "vitest";
import { plainTaxedLine, taxedLineInputSchema } from "../line-items/line-input-schema.js";
import { createQuoteSchema, plainCreateQuote } from "./quote-schema.js";

const ACC = "acc_01J9Z8Y7X6W5V4T3S2R1Q0P9N8";
const CON = "con_01J9Z8Y7X6W5V4T3S2R1Q0P9N8";
const OPP = "opp_01J9Z8Y7X6W5V4T3S2R1Q0P9N8";
const PBK = "pbk_01J9Z8Y7X6W5V4T3S2R1Q0P9N8";
const PRD = "prd_01J9Z8Y7X6W5V4T3S2R1Q0P9N8";

const LINES: readonly Record<string, unknown>[] = [
  { productId: PRD, quantity: 25 },
  {
    productId: PRD,
    quantity: 2.5,
    priceBookId: PBK,
    discountPercent: 12.5,
    description: " Onboarding hours ",
    taxRatePercent: 8.875,
  },
  { productId: PRD, quantity: 1, unitPrice: 129_900, discountPercent: 0, taxRatePercent: 20 },
];

const LINE_POOLS: Record<string, readonly unknown[]> = {
  productId: [PRD, PBK, "prd_short", MISSING, null],
  quantity: [1, 0.0001, 0.00001, 2.5, 0, -1, 1_000_000_000, 1_000_000_001, Number.NaN, Infinity, "3", MISSING],
  priceBookId: [MISSING, undefined, PBK, null, PRD],
  unitPrice: [MISSING, 0, 99_00, -1, 1.5, Number.MAX_SAFE_INTEGER, 2 ** 53, null],
  discountPercent: [MISSING, 0, -0, 12.5, 8.875, 8.8755, 100, 100.001, -1, null, "5"],
  description: [MISSING, "Setup", " padded ", "", " ", "x".repeat(2_000), "x".repeat(2_001), "nul\u0000", null],
  taxRatePercent: [MISSING, 0, 20, 8.875, 0.0001, 101, Infinity, null],
};

const QUOTES: readonly Record<string, unknown>[] = [
  { accountId: ACC, currency: "USD" },
  {
    accountId: ACC,
    opportunityId: OPP,
    currency: "EUR",
    name: " Renewal 2027 ",
    contactId: CON,
    priceBookId: PBK,
    headerDiscountPercent: 5,
    validUntil: "2027-02-28",
    terms: "Net 30",
    notes: " Thanks ",
    ownerId: "rep0003",
    lines: LINES,
    custom: { region: "EMEA" },
    externalIds: { erp: "Q-7" },
    tags: ["Enterprise"],
  },
  { accountId: ACC, currency: "GBP", contactId: null, priceBookId: null, ownerId: null, lines: [LINES[0]] },
];

const QUOTE_POOLS: Record<string, readonly unknown[]> = {
  accountId: [ACC, CON, "acc_short", MISSING, null],
  opportunityId: [MISSING, undefined, OPP, null, ACC],
  currency: ["USD", "usd", "XYZ", MISSING, null],
  name: [MISSING, "Quote", " padded ", "", "x".repeat(200), "x".repeat(201), "nul\u0000", null],
  contactId: [MISSING, undefined, null, CON, ACC],
  priceBookId: [MISSING, null, PBK, "pbk_x"],
  headerDiscountPercent: [MISSING, 0, 10, 33.333, 33.3333, 100, 101, -5, null],
  validUntil: [MISSING, "2027-02-28", "2028-02-29", "2027-02-29", "2027-1-5", "", null],
  terms: [MISSING, null, "Net 30", "", "x".repeat(20_000), "x".repeat(20_001), "nul\u0000"],
  notes: [MISSING, null, "", " ", "x".repeat(5_000), ` ${"x".repeat(5_000)} `, "x".repeat(5_001)],
  ownerId: [MISSING, null, "rep0001", " rep0001 ", "bad owner", ""],
  lines: [
    MISSING,
    [],
    LINES,
    [LINES[1], { productId: PRD, quantity: 0 }],
    [{ productId: PRD, quantity: 1, extra: true }],
    Array.from({ length: 500 }, () => LINES[0]),
    Array.from({ length: 501 }, () => LINES[0]),
    null,
  ],
  custom: [MISSING, {}, { region: "EMEA", seats: 20 }, { "1x": 1 }, null],
  externalIds: [MISSING, {}, { erp: " Q-7 " }, { ERP: "x" }],
  tags: [MISSING, [], ["b", "A", "a"], ["a,b"], "vip"],
};

describe("plainCreateQuote agrees with createQuoteSchema", () => {
  it("on 20,000 generated quotes, never accepting what zod refuses", () => {
    expectPlainReaderAgreement(
      plainCreateQuote,
      createQuoteSchema,
      mutatedInputs(QUOTES, QUOTE_POOLS, 20_000, 7),
      2_000,
    );
  });

  it("on 20,000 generated lines", () => {
    expectPlainReaderAgreement(
      plainTaxedLine,
      taxedLineInputSchema,
      mutatedInputs(LINES, LINE_POOLS, 20_000, 11),
      2_000,
    );
  });

  it("reads ordinary quotes without asking zod", () => {
    const tally = plainReaderAgreement(plainCreateQuote, createQuoteSchema, QUOTES);
    expect(tally).toEqual({ plain: QUOTES.length, zod: 0, validLeftToZod: 0 });
  });
});
