import { CrmError } from "@rapport/core";
import { describeEachAdapter } from "@rapport/testkit";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { tally } from "../src/figures.js";
import {
  describe as describeValue,
  foreignCursor,
  type InputShape,
  type InvalidQuery,
  invalidListOptions,
  invalidVariants,
} from "../src/invalid-inputs.js";
import { type ReliabilityClient, type ReliabilityCrm, useReliabilityCrm } from "../src/reliability-crm.js";
import { stateChanges, tenantState } from "../src/tenant-state.js";

/** Invalid inputs per verb and adapter; 36 verbs × 2 adapters × 160 is over 10,000. */
const RUNS = Number(process.env.RAPPORT_RELIABILITY_RUNS ?? 160);

/** The records the verbs under test act on, made once per tenant. */
interface Fixture {
  readonly tenantId: string;
  readonly admin: ReliabilityClient;
  readonly accountId: string;
  readonly contactId: string;
  readonly opportunityId: string;
  readonly caseId: string;
  readonly leadId: string;
  readonly quoteId: string;
  readonly winOpportunityId: string;
  readonly loseOpportunityId: string;
  readonly reasonId: string;
}

/** A verb fed invalid inputs: how to make them, and how to call it. */
interface VerbUnderTest {
  readonly name: string;
  readonly inputs: (f: Fixture) => fc.Arbitrary<InvalidQuery>;
  readonly call: (f: Fixture, input: unknown, t: ReliabilityCrm) => Promise<unknown>;
}

const mustReject = (arbitrary: fc.Arbitrary<{ how: string; value: unknown }>): fc.Arbitrary<InvalidQuery> =>
  arbitrary.map((i) => ({ ...i, mustReject: true }));

const ACCOUNT: InputShape = {
  fields: {
    name: "text",
    type: "code",
    industry: "text",
    website: "code",
    annualRevenue: "money",
    currency: "code",
    employeeCount: "int",
    // Any text of letters, digits and _ . : @ - is a user id, so only wrong types and NUL are wrong here.
    ownerId: "text",
    parentId: "code",
    billingAddress: "object",
    custom: "custom",
    externalIds: "externalIds",
    tags: "tags",
  },
  required: ["name"],
};
const CONTACT: InputShape = {
  fields: {
    firstName: "text",
    lastName: "text",
    accountId: "code",
    emails: "array",
    phones: "array",
    doNotCall: "bool",
    language: "code",
    custom: "custom",
    externalIds: "externalIds",
    tags: "tags",
  },
  required: [],
};
const OPPORTUNITY: InputShape = {
  fields: {
    name: "text",
    accountId: "code",
    amount: "money",
    currency: "code",
    closeDate: "code",
    probability: "int",
    termMonths: "int",
    stageKey: "code",
    custom: "custom",
    externalIds: "externalIds",
    tags: "tags",
  },
  required: ["name", "accountId"],
};
const LEAD: InputShape = {
  fields: { firstName: "text", lastName: "text", company: "text", email: "code", country: "code", custom: "custom" },
  required: [],
};
const CAPTURE: InputShape = {
  fields: {
    firstName: "text",
    lastName: "text",
    email: "code",
    phone: "code",
    country: "code",
    message: "text",
    source: "code",
    productInterests: "tags",
    custom: "custom",
  },
  required: ["email"],
};
const QUOTE: InputShape = {
  fields: { accountId: "code", currency: "code", name: "text", validUntil: "code", lines: "array", custom: "custom" },
  required: ["accountId", "currency"],
};
const CASE: InputShape = {
  fields: {
    subject: "text",
    channel: "code",
    type: "code",
    priority: "code",
    accountId: "code",
    contactId: "code",
    custom: "custom",
    externalIds: "externalIds",
    tags: "tags",
  },
  required: ["subject", "channel"],
};
const CONSENT: InputShape = {
  fields: { subject: "object", channel: "code", status: "code", lawfulBasis: "code", source: "text" },
  required: ["subject", "channel", "status", "source"],
};
const EMAIL_TEMPLATE: InputShape = {
  fields: { name: "text", subject: "text", html: "text", text: "text", ownerId: "text" },
  required: ["name", "subject", "html"],
};
const ROLE: InputShape = {
  fields: { name: "code", label: "text", grants: "object", hiddenFields: "object", readOnlyFields: "object" },
  required: ["name", "grants"],
};
const PRODUCT: InputShape = {
  fields: {
    sku: "text",
    name: "text",
    family: "text",
    description: "text",
    unit: "text",
    unitCost: "money",
    costCurrency: "code",
    active: "bool",
    allowFractionalQuantity: "bool",
  },
  required: ["sku", "name"],
};
const PRICE_BOOK: InputShape = {
  fields: { name: "text", currency: "code", active: "bool", description: "text" },
  required: ["name", "currency"],
};
const APPOINTMENT: InputShape = {
  fields: {
    subject: "text",
    startsAt: "code",
    endsAt: "code",
    location: "text",
    reminders: "array",
    attendees: "array",
  },
  required: ["subject", "startsAt", "endsAt"],
};
const ACTIVITY: InputShape = {
  fields: { kind: "code", relatedTo: "object", subject: "text", dueAt: "code", durationMinutes: "int" },
  required: ["kind", "relatedTo"],
};
const CUSTOM_FIELD: InputShape = {
  fields: { entityType: "code", key: "code", label: "text", kind: "code", required: "bool", options: "array" },
  required: ["entityType", "key", "label", "kind"],
};
const QUOTE_PATCH: InputShape = {
  fields: { name: "text", validUntil: "code", terms: "text", notes: "text", custom: "custom" },
  required: [],
  emptyIsInvalid: false,
};
const LOSE: InputShape = {
  fields: { reasonId: "code", competitorId: "code", note: "text", closeDate: "code", expectedVersion: "int" },
  required: ["reasonId"],
};
const WIN: InputShape = { fields: { closeDate: "code", expectedVersion: "int" }, required: [], emptyIsInvalid: false };
const COMMENT: InputShape = { fields: { body: "text", visibility: "code", author: "code" }, required: ["body"] };
const PIPELINE_REPORT: InputShape = { fields: { currency: "code" }, required: ["currency"] };
const patchOf = (shape: InputShape): InputShape => ({ ...shape, required: [], emptyIsInvalid: false });

const VERBS: readonly VerbUnderTest[] = [
  {
    name: "accounts.create",
    inputs: () =>
      mustReject(invalidVariants({ name: "Globex", type: "customer", annualRevenue: 100, currency: "EUR" }, ACCOUNT)),
    call: (f, input) => f.admin.accounts.create(input as never),
  },
  {
    name: "accounts.update",
    inputs: () => mustReject(invalidVariants({ industry: "Energy" }, patchOf(ACCOUNT))),
    call: (f, input) => f.admin.accounts.update(f.accountId, input as never),
  },
  {
    name: "accounts.createMany",
    inputs: () => mustReject(invalidVariants({ name: "Batch", type: "prospect" }, ACCOUNT)),
    // One bad input in a batch: the good one before it must not be written either.
    call: (f, input) => f.admin.accounts.createMany([{ name: "Good one" }, input as never]),
  },
  {
    name: "accounts.list",
    inputs: () => invalidListOptions({ text: "industry", int: "employeeCount" }),
    call: (f, input) => f.admin.accounts.list(input as never),
  },
  {
    name: "contacts.create",
    inputs: () => mustReject(invalidVariants({ firstName: "Jane", lastName: "Doe", doNotCall: false }, CONTACT)),
    call: (f, input) => f.admin.contacts.create(input as never),
  },
  {
    name: "contacts.update",
    inputs: () => mustReject(invalidVariants({ title: "CTO" }, patchOf(CONTACT))),
    call: (f, input) => f.admin.contacts.update(f.contactId, input as never),
  },
  {
    name: "contacts.createMany",
    inputs: () => mustReject(invalidVariants({ firstName: "Batch", lastName: "Doe" }, CONTACT)),
    call: (f, input) => f.admin.contacts.createMany([{ lastName: "Good one" }, input as never]),
  },
  {
    name: "contacts.list",
    inputs: () => invalidListOptions({ text: "lastName", int: "version" }),
    call: (f, input) => f.admin.contacts.list(input as never),
  },
  {
    name: "products.create",
    inputs: () =>
      mustReject(invalidVariants({ sku: "SKU-1", name: "Widget", unitCost: 100, costCurrency: "EUR" }, PRODUCT)),
    call: (f, input) => f.admin.products.create(input as never),
  },
  {
    name: "priceBooks.create",
    inputs: () => mustReject(invalidVariants({ name: "Retail", currency: "EUR", active: true }, PRICE_BOOK)),
    call: (f, input) => f.admin.priceBooks.create(input as never),
  },
  {
    name: "calendar.create",
    inputs: () =>
      mustReject(
        invalidVariants(
          {
            subject: "Demo",
            startsAt: "2026-03-03T10:00:00.000Z",
            endsAt: "2026-03-03T11:00:00.000Z",
            location: "Room 1",
          },
          APPOINTMENT,
        ),
      ),
    call: (f, input) => f.admin.calendar.create(input as never),
  },
  {
    name: "activities.create",
    inputs: (f) =>
      mustReject(
        invalidVariants(
          { kind: "task", relatedTo: { type: "account", id: f.accountId }, subject: "Call back" },
          ACTIVITY,
        ),
      ),
    call: (f, input) => f.admin.activities.create(input as never),
  },
  {
    name: "customFields.define",
    inputs: () =>
      mustReject(invalidVariants({ entityType: "account", key: "tier", label: "Tier", kind: "text" }, CUSTOM_FIELD)),
    call: (f, input) => f.admin.customFields.define(input as never),
  },
  {
    name: "roles.define",
    inputs: () => mustReject(invalidVariants({ name: "auditor", grants: { "account:read": "all" } }, ROLE)),
    call: (f, input) => f.admin.roles.define(input as never),
  },
  {
    name: "marketing.consents.record",
    inputs: (f) =>
      mustReject(
        invalidVariants(
          { subject: { type: "contact", id: f.contactId }, channel: "email", status: "granted", source: "form" },
          CONSENT,
        ),
      ),
    call: (f, input) => f.admin.marketing.consents.record(input as never),
  },
  {
    name: "marketing.templates.create",
    inputs: () =>
      mustReject(
        invalidVariants({ name: "Offer", subject: "Hi {{ contact.firstName }}", html: "<p>Hello</p>" }, EMAIL_TEMPLATE),
      ),
    call: (f, input) => f.admin.marketing.templates.create(input as never),
  },
  {
    name: "audit.history",
    inputs: () =>
      fc.oneof(
        fc
          .tuple(fc.oneof(fc.constantFrom("Account", "", "__proto__", "a\u0000"), fc.string()), fc.constant("x"))
          .filter(([type]) => !/^[a-z][a-z0-9_]{0,63}$/.test(type))
          .map(([type]) => ({
            how: `entity type ${describeValue(type)}`,
            value: [type, "acc_1", {}],
            mustReject: true,
          })),
        fc.constantFrom<unknown>(0, 501, 1.5, "5").map((limit) => ({
          how: `limit ${describeValue(limit)}`,
          value: ["account", "x", { limit }],
          mustReject: true,
        })),
        fc
          .oneof(fc.string({ unit: "binary", maxLength: 16 }), fc.constantFrom("a\u0000", "acc_\u0000"))
          .map((id) => ({ how: `entity id ${describeValue(id)}`, value: ["account", id, {}], mustReject: false })),
        foreignCursor.map((cursor) => ({
          how: `cursor ${describeValue(cursor)}`,
          value: ["account", "acc_1", { cursor }],
          mustReject: false,
        })),
      ),
    call: (f, input) => {
      const [type, id, options] = input as [string, string, object];
      return f.admin.audit.history(type, id, options as never);
    },
  },
  {
    name: "changes.since",
    inputs: (f) =>
      fc.oneof(
        fc.constantFrom("abc", "-1", "1.5", "\u0000", "1e400").map((cursor) => ({
          how: `cursor ${describeValue(cursor)}`,
          value: [cursor, { tenantId: f.tenantId }],
          mustReject: true,
        })),
        fc.constantFrom<unknown>(0, 1001, 1.5, "5", { zz: 1 }).map((limit) => ({
          how: `limit ${describeValue(limit)}`,
          value: [undefined, { tenantId: f.tenantId, limit }],
          mustReject: true,
        })),
        fc.oneof(fc.string({ unit: "binary", maxLength: 12 }), fc.constantFrom("a\u0000")).map((tenantId) => ({
          how: `tenantId ${describeValue(tenantId)}`,
          value: [undefined, { tenantId }],
          mustReject: false,
        })),
      ),
    call: (_f, input, t) => {
      const [cursor, options] = input as [string | undefined, object];
      return t.crm.changes.since(cursor, options as never);
    },
  },
  {
    name: "crm.as(actor).accounts.list",
    inputs: (f) =>
      fc.oneof(
        fc
          .oneof(
            fc.constantFrom("a\u0000", "", "ADMIN ROLE", "__proto__", "constructor"),
            fc.string({ unit: "binary", maxLength: 10 }),
          )
          .map((role) => ({
            how: `role ${describeValue(role)}`,
            value: { tenantId: f.tenantId, userId: "u1", roles: [role] },
            mustReject: false,
          })),
        fc.constantFrom<unknown>("u\u0000", "", 5, null, "with space").map((userId) => ({
          how: `userId ${describeValue(userId)}`,
          value: { tenantId: f.tenantId, userId, roles: ["admin"] },
          mustReject: true,
        })),
        fc.constantFrom<unknown>("t\u0000", "", 5, null).map((tenantId) => ({
          how: `tenantId ${describeValue(tenantId)}`,
          value: { tenantId, userId: "u1", roles: ["admin"] },
          mustReject: true,
        })),
      ),
    call: async (_f, input, t) => t.crm.as(input as never).accounts.list(),
  },
  {
    name: "sales.opportunities.create",
    inputs: (f) =>
      mustReject(
        invalidVariants({ name: "Big deal", accountId: f.accountId, amount: 5_000, currency: "EUR" }, OPPORTUNITY),
      ),
    call: (f, input) => f.admin.sales.opportunities.create(input as never),
  },
  {
    name: "sales.opportunities.update",
    inputs: () => mustReject(invalidVariants({ nextStep: "Call" }, patchOf(OPPORTUNITY))),
    call: (f, input) => f.admin.sales.opportunities.update(f.opportunityId, input as never),
  },
  {
    name: "sales.opportunities.moveStage",
    inputs: () =>
      fc
        .oneof(
          fc.constantFrom<unknown>(1, null, {}, "", "no_such_stage", "won\u0000", "__proto__", "constructor"),
          fc.string({ maxLength: 8 }).map((s) => `zz${s}`),
        )
        .map((stage) => ({ how: `stage ${describeValue(stage)}`, value: stage, mustReject: true })),
    call: (f, input) => f.admin.sales.opportunities.moveStage(f.opportunityId, input as never),
  },
  {
    name: "sales.opportunities.list",
    inputs: () => invalidListOptions({ text: "name", int: "amount" }),
    call: (f, input) => f.admin.sales.opportunities.list(input as never),
  },
  {
    name: "sales.leads.create",
    inputs: () =>
      mustReject(invalidVariants({ lastName: "Byron", company: "Analytical Ltd", email: "ada@example.com" }, LEAD)),
    call: (f, input) => f.admin.sales.leads.create(input as never),
  },
  {
    name: "sales.leads.capture",
    inputs: () => mustReject(invalidVariants({ email: "web@example.com", lastName: "Visitor" }, CAPTURE)),
    call: (f, input) => f.admin.sales.leads.capture(input as never),
  },
  {
    name: "sales.opportunities.createMany",
    inputs: (f) => mustReject(invalidVariants({ name: "Batch deal", accountId: f.accountId }, OPPORTUNITY)),
    call: (f, input) =>
      f.admin.sales.opportunities.createMany([{ name: "Good one", accountId: f.accountId }, input as never]),
  },
  {
    name: "sales.opportunities.win",
    inputs: () => mustReject(invalidVariants({ closeDate: "2026-03-02" }, WIN)),
    call: (f, input) => f.admin.sales.opportunities.win(f.winOpportunityId, input as never),
  },
  {
    name: "sales.opportunities.lose",
    inputs: (f) => mustReject(invalidVariants({ reasonId: f.reasonId, note: "Price" }, LOSE)),
    call: (f, input) => f.admin.sales.opportunities.lose(f.loseOpportunityId, input as never),
  },
  {
    name: "sales.leads.update",
    inputs: () => mustReject(invalidVariants({ company: "Analytical Ltd" }, patchOf(LEAD))),
    call: (f, input) => f.admin.sales.leads.update(f.leadId, input as never),
  },
  {
    name: "sales.leads.list",
    inputs: () => invalidListOptions({ text: "company", int: "version" }),
    call: (f, input) => f.admin.sales.leads.list(input as never),
  },
  {
    name: "sales.quotes.update",
    inputs: () => mustReject(invalidVariants({ notes: "Thanks" }, QUOTE_PATCH)),
    call: (f, input) => f.admin.sales.quotes.update(f.quoteId, input as never),
  },
  {
    name: "sales.quotes.list",
    inputs: () => invalidListOptions({ text: "name", int: "number" }),
    call: (f, input) => f.admin.sales.quotes.list(input as never),
  },
  {
    name: "sales.reports.pipelineByStage",
    inputs: () => mustReject(invalidVariants({ currency: "EUR" }, PIPELINE_REPORT)),
    call: (f, input) => f.admin.sales.reports.pipelineByStage(input as never),
  },
  {
    name: "sales.quotes.create",
    inputs: (f) => mustReject(invalidVariants({ accountId: f.accountId, currency: "EUR", name: "Q" }, QUOTE)),
    call: (f, input) => f.admin.sales.quotes.create(input as never),
  },
  {
    name: "service.cases.create",
    inputs: () => mustReject(invalidVariants({ subject: "Broken", channel: "email", priority: "high" }, CASE)),
    call: (f, input) => f.admin.service.cases.create(input as never),
  },
  {
    name: "service.cases.update",
    inputs: () => mustReject(invalidVariants({ subject: "Still broken" }, patchOf(CASE))),
    call: (f, input) => f.admin.service.cases.update(f.caseId, input as never),
  },
  {
    name: "service.cases.comment",
    inputs: () => mustReject(invalidVariants({ body: "We are on it", visibility: "public" }, COMMENT)),
    call: (f, input) => f.admin.service.cases.comment(f.caseId, input as never),
  },
  {
    name: "service.cases.list",
    inputs: () => invalidListOptions({ text: "subject", int: "version" }),
    call: (f, input) => f.admin.service.cases.list(input as never),
  },
];

/** Rows in the tenant's audit log and change feed: every accepted write adds to both. */
async function writeCounts(t: ReliabilityCrm, tenantId: string): Promise<string> {
  const count = async (table: string) =>
    (
      await t.adapter.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .where("tenant_id", "=", tenantId)
        .executeTakeFirstOrThrow()
    ).n;
  return `${await count("rapport_audit_log")}/${await count("rapport_change_feed")}`;
}

describeEachAdapter("invalid inputs are refused with a CrmError and write nothing", (target) => {
  const t = useReliabilityCrm(target);
  const fixture = {} as { current: Fixture };

  beforeAll(async () => {
    const tenantId = await t.tenant();
    const admin = t.as(tenantId, "ada", ["admin"]);
    const account = await admin.accounts.create({ name: "Fixture", type: "customer" });
    const contact = await admin.contacts.create({ accountId: account.id, lastName: "Fixture" });
    const opportunity = await admin.sales.opportunities.create({ name: "Fixture deal", accountId: account.id });
    const supportCase = await admin.service.cases.create({ subject: "Fixture case", channel: "email" });
    const lead = await admin.sales.leads.create({ lastName: "Fixture", company: "Fixture Ltd" });
    const quote = await admin.sales.quotes.create({ accountId: account.id, currency: "EUR" });
    const toWin = await admin.sales.opportunities.create({
      name: "To win",
      accountId: account.id,
      amount: 1,
      currency: "EUR",
    });
    const toLose = await admin.sales.opportunities.create({ name: "To lose", accountId: account.id });
    const reason = (await admin.sales.lostReasons.list()).items[0];
    if (!reason) throw new Error("The tenant has no lost reasons");
    fixture.current = {
      tenantId,
      admin,
      accountId: account.id,
      contactId: contact.id,
      opportunityId: opportunity.id,
      caseId: supportCase.id,
      leadId: lead.id,
      quoteId: quote.id,
      winOpportunityId: toWin.id,
      loseOpportunityId: toLose.id,
      reasonId: reason.id,
    };
  });

  for (const verb of VERBS) {
    it(`${verb.name}: ${RUNS} invalid inputs`, async () => {
      const f = fixture.current;
      const figure = tally(`invalid input: ${verb.name}`, target.name);
      const inputs = fc.sample(verb.inputs(f), { numRuns: RUNS, seed: 17 });
      const before = await tenantState(t.adapter, f.tenantId);
      for (const input of inputs) {
        const counts = await writeCounts(t, f.tenantId);
        let outcome: { ok: true } | { ok: false; error: unknown };
        try {
          await verb.call(f, input.value, t);
          outcome = { ok: true };
        } catch (error) {
          outcome = { ok: false, error };
        }
        const wrote = (await writeCounts(t, f.tenantId)) !== counts;
        const raw = !outcome.ok && !(outcome.error instanceof CrmError);
        const accepted = outcome.ok && input.mustReject;
        const held = !wrote && !raw && !accepted;
        const what = raw
          ? `raw ${(outcome as { error: Error }).error?.constructor?.name}: ${String((outcome as { error: Error }).error?.message).slice(0, 140)}`
          : accepted
            ? "accepted"
            : "wrote audit/feed rows";
        figure.record(held, held ? undefined : `${input.how} → ${what}${wrote && !accepted ? " (wrote)" : ""}`);
      }
      const after = await tenantState(t.adapter, f.tenantId);
      const changed = stateChanges(before, after);
      if (changed !== "") figure.record(false, `after the run the tenant's rows differ: ${changed}`);
      figure.save();
      expect(figure.violated, figure.report()).toBe(0);
    });
  }
});
