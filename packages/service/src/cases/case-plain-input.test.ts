import { expectPlainReaderAgreement, MISSING, mutatedInputs, plainReaderAgreement } from "@rapport/core/testing";
import { describe, expect, it } from "vitest";
import { createCaseSchema, plainCreateCase } from "./case-schema.js";

const ACC = "acc_01J9Z8Y7X6W5V4T3S2R1Q0P9N8";
const CON = "con_01J9Z8Y7X6W5V4T3S2R1Q0P9N8";
const PRD = "prd_01J9Z8Y7X6W5V4T3S2R1Q0P9N8";
const QUE = "que_01J9Z8Y7X6W5V4T3S2R1Q0P9N8";
const ENT = "ent_01J9Z8Y7X6W5V4T3S2R1Q0P9N8";

const CASES: readonly Record<string, unknown>[] = [
  { subject: "Printer jams", channel: "phone" },
  {
    subject: " Invoice twice ",
    description: "Charged twice in March",
    accountId: ACC,
    contactId: CON,
    productId: PRD,
    channel: "email",
    type: "complaint",
    priority: "high",
    queueId: QUE,
    ownerId: "agent007",
    severity: "critical",
    rootCause: "billing",
    language: " de-AT ",
    entitlementId: ENT,
    custom: { region: "EMEA" },
    externalIds: { helpdesk: "T-7" },
    tags: ["vip"],
  },
  { subject: "Password", channel: "portal", type: "question", priority: "low", contactId: CON, language: null },
];

const POOLS: Record<string, readonly unknown[]> = {
  subject: ["Help", " padded ", "", " ", "x".repeat(500), "x".repeat(501), "nul\u0000", MISSING, null, 5],
  description: [MISSING, null, "Steps\nto reproduce", "", "nul\u0000"],
  accountId: [MISSING, undefined, null, ACC, CON],
  contactId: [MISSING, null, CON, "con_short"],
  productId: [MISSING, null, PRD, ACC],
  channel: ["web", "chat", "field", "fax", "", MISSING, null],
  type: [MISSING, undefined, "question", "problem", "complaint", "Complaint", null],
  priority: [MISSING, undefined, "urgent", "normal", "asap", null],
  queueId: [MISSING, null, QUE, "que_x"],
  ownerId: [MISSING, null, "agent001", " agent001 ", "bad owner", ""],
  severity: [MISSING, undefined, "low", "critical", "severe", null],
  rootCause: [MISSING, null, "billing", "product_defect", "weather"],
  language: [MISSING, null, "en", " pt-BR ", "english", "e", "en-", "zh-Hant-TW", "", "en\u0000"],
  entitlementId: [MISSING, ENT, null, "ent_1"],
  custom: [MISSING, {}, { region: "EMEA", seats: 20 }, { "1x": 1 }, null],
  externalIds: [MISSING, {}, { helpdesk: " T-7 " }, { HD: "x" }],
  tags: [MISSING, [], ["b", "A", "a"], ["a,b"], "vip"],
};

describe("plainCreateCase agrees with createCaseSchema", () => {
  it("on 20,000 generated cases, never accepting what zod refuses", () => {
    expectPlainReaderAgreement(plainCreateCase, createCaseSchema, mutatedInputs(CASES, POOLS, 20_000, 5), 2_000);
  });

  it("reads ordinary cases without asking zod", () => {
    const tally = plainReaderAgreement(plainCreateCase, createCaseSchema, CASES);
    expect(tally).toEqual({ plain: CASES.length, zod: 0, validLeftToZod: 0 });
  });
});
