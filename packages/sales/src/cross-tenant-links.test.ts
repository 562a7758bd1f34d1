import { CrmError, NotFoundError, ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import type { SalesClientOf } from "./test-support/document-fixtures.js";
import { type SalesTestCrm, salesTenant, useSalesCrm } from "./test-support/sales-fixtures.js";

/** One tenant's records that another tenant's inputs will name. */
async function aWorld(t: SalesTestCrm) {
  const { tenantId, system } = await salesTenant(t);
  const account = await system.accounts.create({ name: "Globex", type: "customer" });
  const competitor = await system.accounts.create({ name: "Initech", type: "competitor" });
  const contact = await system.contacts.create({ firstName: "Ada", lastName: "Lovelace", accountId: account.id });
  const product = await system.products.create({ sku: "SEAT", name: "Seat" });
  const priceBook = await system.priceBooks.create({ name: "US list", currency: "USD" });
  await system.priceBooks.setEntry(priceBook.id, { productId: product.id, listPrice: 10_000 });
  const [pipeline] = (await system.sales.pipelines.list()).items;
  const opportunity = await system.sales.opportunities.create({
    accountId: account.id,
    name: "Globex seats",
    currency: "USD",
  });
  const lead = await system.sales.leads.create({ lastName: "Babbage", company: "Engines", email: "cb@example.com" });
  await system.sales.leads.qualify(lead.id);
  const [reason] = (await system.sales.lostReasons.list()).items;
  const team = await system.teams.create({ name: "East" });
  const territory = await system.sales.territories.create({ name: "North" });
  const partnerAccount = await system.accounts.create({ name: "Resellers", type: "partner" });
  const partner = await system.sales.partners.create({ accountId: partnerAccount.id, partnerType: "reseller" });
  return {
    tenantId,
    system,
    account,
    competitor,
    contact,
    product,
    priceBook,
    pipelineId: pipeline?.id ?? "",
    opportunity,
    lead,
    reasonId: reason?.id ?? "",
    team,
    territoryId: territory.id,
    partner,
  };
}
type World = Awaited<ReturnType<typeof aWorld>>;

/** A well-formed id of the same kind as `id` that names nothing. */
function missing(id: string): string {
  return `${id.slice(0, id.indexOf("_"))}_00000000000000000000000000`;
}

type Case = readonly [
  name: string,
  run: (
    client: SalesClientOf,
    here: World,
    linked: (id: string) => string,
    other: World,
    prepared: string,
  ) => Promise<unknown>,
  /** Writes what `run` needs before the snapshot is taken; its result is `prepared`. */
  prepare?: (client: SalesClientOf, here: World) => Promise<string>,
];

const CASES: readonly Case[] = [
  ["accounts.update parentId", (c, h, l, o) => c.accounts.update(h.account.id, { parentId: l(o.account.id) })],
  ["contacts.update accountId", (c, h, l, o) => c.contacts.update(h.contact.id, { accountId: l(o.account.id) })],
  [
    "appointments.create relatedTo",
    (c, _h, l, o) =>
      c.calendar.create({
        subject: "Visit",
        startsAt: "2026-03-03T10:00:00.000Z",
        endsAt: "2026-03-03T11:00:00.000Z",
        relatedTo: { type: "account", id: l(o.account.id) },
      }),
  ],
  [
    "appointments.create attendees contactId",
    (c, _h, l, o) =>
      c.calendar.create({
        subject: "Visit",
        startsAt: "2026-03-03T10:00:00.000Z",
        endsAt: "2026-03-03T11:00:00.000Z",
        attendees: [{ type: "contact", id: l(o.contact.id) }],
      }),
  ],
  [
    "opportunities.update accountId",
    (c, h, l, o) => c.sales.opportunities.update(h.opportunity.id, { accountId: l(o.account.id) }),
  ],
  [
    "opportunities.create leadId",
    (c, h, l, o) => c.sales.opportunities.create({ accountId: h.account.id, name: "X", leadId: l(o.lead.id) }),
  ],
  [
    "leads.create territoryId",
    (c, _h, l, o) => c.sales.leads.create({ lastName: "X", company: "Y", territoryId: l(o.territoryId) }),
  ],
  [
    "quotes.update contactId",
    (c, _h, l, o, quoteId) => c.sales.quotes.update(quoteId, { contactId: l(o.contact.id) }),
    async (c, h) => (await c.sales.quotes.create({ accountId: h.account.id, currency: "USD" })).id,
  ],
  [
    "quotes.createFromOpportunity contactId",
    (c, h, l, o) => c.sales.quotes.createFromOpportunity(h.opportunity.id, { contactId: l(o.contact.id) }),
  ],
  [
    "contracts.update contactId",
    (c, _h, l, o, contractId) => c.sales.contracts.update(contractId, { contactId: l(o.contact.id) }),
    async (c, h) =>
      (
        await c.sales.contracts.create({
          accountId: h.account.id,
          startDate: "2026-04-01",
          endDate: "2027-03-31",
          value: 1_000,
          currency: "USD",
          billingFrequency: "monthly",
        })
      ).id,
  ],
  ["accounts.create parentId", (c, _h, l, o) => c.accounts.create({ name: "Child", parentId: l(o.account.id) })],
  ["contacts.create accountId", (c, _h, l, o) => c.contacts.create({ lastName: "X", accountId: l(o.account.id) })],
  [
    "priceBooks.setEntry productId",
    (c, h, l, o) => c.priceBooks.setEntry(h.priceBook.id, { productId: l(o.product.id), listPrice: 1 }),
  ],
  [
    "activities.create relatedTo",
    (c, _h, l, o) =>
      c.activities.create({ kind: "call", subject: "Hi", relatedTo: { type: "account", id: l(o.account.id) } }),
  ],
  [
    "opportunities.create accountId",
    (c, _h, l, o) => c.sales.opportunities.create({ accountId: l(o.account.id), name: "X", currency: "USD" }),
  ],
  [
    "opportunities.create primaryContactId",
    (c, h, l, o) =>
      c.sales.opportunities.create({ accountId: h.account.id, name: "X", primaryContactId: l(o.contact.id) }),
  ],
  [
    "opportunities.create pipelineId",
    (c, h, l, o) => c.sales.opportunities.create({ accountId: h.account.id, name: "X", pipelineId: l(o.pipelineId) }),
  ],
  [
    "opportunities.update primaryContactId",
    (c, h, l, o) => c.sales.opportunities.update(h.opportunity.id, { primaryContactId: l(o.contact.id) }),
  ],
  [
    "opportunities.addCompetitor accountId",
    (c, h, l, o) => c.sales.opportunities.addCompetitor(h.opportunity.id, { accountId: l(o.competitor.id) }),
  ],
  [
    "opportunities.lose reasonId",
    (c, h, l, o) => c.sales.opportunities.lose(h.opportunity.id, { reasonId: l(o.reasonId) }),
  ],
  [
    "opportunities.lose competitorId",
    (c, h, l, o) =>
      c.sales.opportunities.lose(h.opportunity.id, { reasonId: h.reasonId, competitorId: l(o.competitor.id) }),
  ],
  [
    "lineItems.add productId",
    (c, h, l, o) => c.sales.lineItems.add(h.opportunity.id, { productId: l(o.product.id), quantity: 1, unitPrice: 5 }),
  ],
  [
    "lineItems.add priceBookId",
    (c, h, l, o) =>
      c.sales.lineItems.add(h.opportunity.id, { productId: h.product.id, quantity: 1, priceBookId: l(o.priceBook.id) }),
  ],
  [
    "quotes.create priceBookId",
    (c, h, l, o) => c.sales.quotes.create({ accountId: h.account.id, currency: "USD", priceBookId: l(o.priceBook.id) }),
  ],
  [
    "quotes.create priceBookId with lines",
    (c, h, l, o) =>
      c.sales.quotes.create({
        accountId: h.account.id,
        currency: "USD",
        priceBookId: l(o.priceBook.id),
        lines: [{ productId: h.product.id, quantity: 1, unitPrice: 100 }],
      }),
  ],
  [
    "quotes.update priceBookId",
    (c, _h, l, o, quoteId) => c.sales.quotes.update(quoteId, { priceBookId: l(o.priceBook.id) }),
    async (c, h) => (await c.sales.quotes.create({ accountId: h.account.id, currency: "USD" })).id,
  ],
  ["quotes.create accountId", (c, _h, l, o) => c.sales.quotes.create({ accountId: l(o.account.id), currency: "USD" })],
  [
    "quotes.create contactId",
    (c, h, l, o) => c.sales.quotes.create({ accountId: h.account.id, currency: "USD", contactId: l(o.contact.id) }),
  ],
  [
    "quotes.create opportunityId",
    (c, h, l, o) =>
      c.sales.quotes.create({ accountId: h.account.id, currency: "USD", opportunityId: l(o.opportunity.id) }),
  ],
  [
    "orders.create priceBookId",
    (c, h, l, o) =>
      c.sales.orders.create({
        accountId: h.account.id,
        currency: "USD",
        priceBookId: l(o.priceBook.id),
        lines: [{ productId: h.product.id, quantity: 1, unitPrice: 100 }],
      }),
  ],
  [
    "orders.create accountId",
    (c, h, l, o) =>
      c.sales.orders.create({
        accountId: l(o.account.id),
        currency: "USD",
        lines: [{ productId: h.product.id, quantity: 1, unitPrice: 100 }],
      }),
  ],
  [
    "orders.create contactId",
    (c, h, l, o) =>
      c.sales.orders.create({
        accountId: h.account.id,
        contactId: l(o.contact.id),
        currency: "USD",
        lines: [{ productId: h.product.id, quantity: 1, unitPrice: 100 }],
      }),
  ],
  [
    "orders.create opportunityId",
    (c, h, l, o) =>
      c.sales.orders.create({
        accountId: h.account.id,
        opportunityId: l(o.opportunity.id),
        currency: "USD",
        lines: [{ productId: h.product.id, quantity: 1, unitPrice: 100 }],
      }),
  ],
  [
    "contracts.create accountId",
    (c, _h, l, o) =>
      c.sales.contracts.create({
        accountId: l(o.account.id),
        startDate: "2026-04-01",
        endDate: "2027-03-31",
        value: 1_000,
        currency: "USD",
        billingFrequency: "monthly",
      }),
  ],
  [
    "contracts.create contactId",
    (c, h, l, o) =>
      c.sales.contracts.create({
        accountId: h.account.id,
        contactId: l(o.contact.id),
        startDate: "2026-04-01",
        endDate: "2027-03-31",
        value: 1_000,
        currency: "USD",
        billingFrequency: "monthly",
      }),
  ],
  [
    "contracts.create opportunityId",
    (c, h, l, o) =>
      c.sales.contracts.create({
        accountId: h.account.id,
        opportunityId: l(o.opportunity.id),
        startDate: "2026-04-01",
        endDate: "2027-03-31",
        value: 1_000,
        currency: "USD",
        billingFrequency: "monthly",
      }),
  ],
  [
    "expenses.create accountId",
    (c, _h, l, o) =>
      c.sales.expenses.create({
        accountId: l(o.account.id),
        category: "travel",
        amount: 100,
        currency: "USD",
        spentOn: "2026-03-01",
      }),
  ],
  [
    "expenses.create opportunityId",
    (c, _h, l, o) =>
      c.sales.expenses.create({
        opportunityId: l(o.opportunity.id),
        category: "travel",
        amount: 100,
        currency: "USD",
        spentOn: "2026-03-01",
      }),
  ],
  [
    "partners.create accountId",
    (c, _h, l, o) => c.sales.partners.create({ accountId: l(o.account.id), partnerType: "reseller" }),
  ],
  [
    "partners.register partnerId",
    (c, h, l, o) => c.sales.partners.register({ partnerId: l(o.partner.id), accountId: h.account.id, dealName: "X" }),
  ],
  [
    "partners.register accountId",
    (c, h, l, o) => c.sales.partners.register({ partnerId: h.partner.id, accountId: l(o.account.id), dealName: "X" }),
  ],
  [
    "partners.register opportunityId",
    (c, h, l, o) =>
      c.sales.partners.register({
        partnerId: h.partner.id,
        accountId: h.account.id,
        opportunityId: l(o.opportunity.id),
      }),
  ],
  [
    "quotas.create teamId",
    (c, _h, l, o) =>
      c.sales.quotas.create({
        teamId: l(o.team.id),
        period: { type: "quarter", start: "2026-04-01" },
        measure: "revenue",
        target: 1_000,
      }),
  ],
  ["leads.convert accountId", (c, h, l, o) => c.sales.leads.convert(h.lead.id, { accountId: l(o.account.id) })],
  [
    "leads.convert contactId",
    (c, h, l, o) => c.sales.leads.convert(h.lead.id, { accountId: h.account.id, contactId: l(o.contact.id) }),
  ],
  [
    "leads.convert opportunity.pipelineId",
    (c, h, l, o) => c.sales.leads.convert(h.lead.id, { opportunity: { name: "X", pipelineId: l(o.pipelineId) } }),
  ],
];

describeEachAdapter("links to records of another tenant, or to none", (target) => {
  const t = useSalesCrm(target);

  for (const [name, run, prepare] of CASES) {
    for (const kind of ["another tenant's", "a missing"] as const) {
      it(`${name}: ${kind} id is refused (ValidationError or NotFoundError) and writes nothing`, async () => {
        const here = await aWorld(t);
        const other = await aWorld(t);
        const linked = kind === "a missing" ? missing : (id: string) => id;
        const prepared = (await prepare?.(here.system, here)) ?? "";
        const error = await expectNothingWritten(t.adapter, here.tenantId, () =>
          run(here.system, here, linked, other, prepared),
        );
        expect(error).toBeInstanceOf(CrmError);
        // The refusal must be about the link, not some other problem of the input.
        const field = /\b(\w+Id|relatedTo)\b/.exec(name)?.[1] ?? "";
        if (error instanceof ValidationError) {
          expect(error.issues.map((issue) => issue.path.join("."))).toContainEqual(expect.stringContaining(field));
        } else {
          expect(error).toBeInstanceOf(NotFoundError);
          expect(JSON.stringify((error as NotFoundError).details)).toContain(field === "relatedTo" ? "acc_" : "_");
        }
      });
    }
  }
});
