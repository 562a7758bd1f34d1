import { expectPlainReaderAgreement, MISSING, mutatedInputs, plainReaderAgreement } from "@rapport/core/testing";
import { describe, expect, it } from "vitest";
import { createOpportunitySchema, plainCreateOpportunity } from "./opportunity-schema.js";

const ACC = "acc_01J9Z8Y7X6W5V4T3S2R1Q0P9N8";
const CON = "con_01J9Z8Y7X6W5V4T3S2R1Q0P9N8";
const PIPE = "pipe_01J9Z8Y7X6W5V4T3S2R1Q0P9N8";
const LEAD = "lead_01J9Z8Y7X6W5V4T3S2R1Q0P9N8";

const OPPORTUNITIES: readonly Record<string, unknown>[] = [
  { name: "Globex renewal", accountId: ACC },
  {
    name: " Initech expansion ",
    accountId: ACC,
    primaryContactId: CON,
    ownerId: "rep0003",
    pipelineId: PIPE,
    stageKey: "proposal",
    amount: 1_200_000,
    currency: "USD",
    closeDate: "2027-02-28",
    probability: 40,
    source: "referral",
    nextStep: "Security review on Tuesday",
    description: "Three regions",
    tags: ["Enterprise"],
    externalIds: { crm: "OPP-7" },
    custom: { region: "EMEA" },
  },
  { name: "Subscription", accountId: ACC, recurringAmount: 50_000, termMonths: 24, currency: "EUR", leadId: LEAD },
];

const POOLS: Record<string, readonly unknown[]> = {
  name: ["Deal", " padded ", "", " ", "x".repeat(200), "x".repeat(201), "nul\u0000", MISSING, null, 5],
  accountId: [ACC, CON, "acc_short", MISSING, null],
  primaryContactId: [MISSING, undefined, null, CON, ACC],
  ownerId: [MISSING, null, "rep0001", " rep0001 ", "bad owner", ""],
  pipelineId: [MISSING, undefined, PIPE, null, "pipe_x"],
  stageKey: [MISSING, "qualify", "closed_won", "Qualify", "1st", "x".repeat(40), "x".repeat(41), null],
  amount: [MISSING, null, 0, 99_00, -1, 1.5, Number.MAX_SAFE_INTEGER, 2 ** 53, "100"],
  currency: [MISSING, null, "USD", "usd", "XYZ"],
  recurringAmount: [MISSING, null, 10_000, -5],
  termMonths: [MISSING, null, 1, 1_200, 0, 1_201, 2.5],
  closeDate: [MISSING, null, "2027-02-28", "2028-02-29", "2027-02-29", "2027-13-01", "2027-1-5", "20270228", ""],
  probability: [MISSING, null, 0, 100, 101, -1, 50.5],
  source: [MISSING, null, "web_form", "", "x".repeat(101)],
  leadId: [MISSING, null, LEAD, ACC],
  nextStep: [MISSING, null, "Call", " ", "x".repeat(500), "x".repeat(501)],
  description: [MISSING, null, "Notes\nmore", "x".repeat(100_000), "x".repeat(100_001), "nul\u0000"],
  custom: [MISSING, {}, { region: "EMEA", seats: 20 }, { "1x": 1 }, null],
  externalIds: [MISSING, {}, { crm: " OPP-7 " }, { CRM: "x" }],
  tags: [MISSING, [], ["b", "A", "a"], ["a,b"], "vip"],
};

describe("plainCreateOpportunity agrees with createOpportunitySchema", () => {
  it("on 20,000 generated inputs, never accepting what zod refuses", () => {
    expectPlainReaderAgreement(
      plainCreateOpportunity,
      createOpportunitySchema,
      mutatedInputs(OPPORTUNITIES, POOLS, 20_000, 3),
      2_000,
    );
  });

  it("reads the inputs an import sends without asking zod", () => {
    const tally = plainReaderAgreement(plainCreateOpportunity, createOpportunitySchema, OPPORTUNITIES);
    expect(tally).toEqual({ plain: OPPORTUNITIES.length, zod: 0, validLeftToZod: 0 });
  });
});
