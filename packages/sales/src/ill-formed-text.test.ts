import { ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { aCatalogue, aDeal } from "./test-support/document-fixtures.js";
import { salesTenant, useSalesCrm } from "./test-support/sales-fixtures.js";

/** Text no adapter stores alike: a lone surrogate (ill-formed UTF-16) and the NUL character. */
const BAD_TEXTS = ["bad \uD800 text", "nul \u0000"];

describeEachAdapter("sales text inputs refuse NUL and lone surrogates", (target) => {
  const t = useSalesCrm(target);

  /** A tenant with a catalogue, a deal, a lead, a lost reason, a partner and a draft quote to aim verbs at. */
  async function targets() {
    const tenant = await salesTenant(t);
    const { manager, alice } = tenant;
    const catalogue = await aCatalogue(manager);
    const { account, opportunity } = await aDeal(alice);
    const lead = await alice.sales.leads.create({ lastName: "Lovelace", email: "ada@example.com" });
    const reason = await manager.sales.lostReasons.create({ name: "Price" });
    const partnerAccount = await manager.accounts.create({ name: "Acme Resellers", type: "partner" });
    const partner = await manager.sales.partners.create({ accountId: partnerAccount.id, partnerType: "reseller" });
    const line = { productId: catalogue.seat.id, quantity: 1 };
    const quote = await alice.sales.quotes.create({
      accountId: account.id,
      currency: "USD",
      priceBookId: catalogue.usd.id,
      lines: [line],
    });
    return { ...tenant, catalogue, account, opportunity, lead, reason, partner, quote, line };
  }

  type Targets = Awaited<ReturnType<typeof targets>>;

  /** Every free-text field of the main sales verbs: a label, the issue path it must name, and the call with `bad` in it. */
  const attempts: [label: string, path: string, call: (x: Targets, bad: string) => Promise<unknown>][] = [
    [
      "leads.capture lastName",
      "lastName",
      (x, bad) => x.system.sales.leads.capture({ lastName: bad, email: "a@b.example" }),
    ],
    [
      "leads.capture company",
      "company",
      (x, bad) => x.system.sales.leads.capture({ company: bad, email: "a@b.example" }),
    ],
    [
      "leads.capture message",
      "message",
      (x, bad) => x.system.sales.leads.capture({ message: bad, email: "a@b.example" }),
    ],
    [
      "leads.capture sourceDetail",
      "sourceDetail",
      (x, bad) => x.system.sales.leads.capture({ sourceDetail: bad, email: "a@b.example" }),
    ],
    [
      "leads.capture productInterests",
      "productInterests.0",
      (x, bad) => x.system.sales.leads.capture({ productInterests: [bad], email: "a@b.example" }),
    ],
    ["leads.capture email", "email", (x, bad) => x.system.sales.leads.capture({ email: `a${bad}@b.example` })],
    ["leads.capture phone", "phone", (x, bad) => x.system.sales.leads.capture({ phone: `+49 30 ${bad}` })],
    [
      "leads.capture idempotencyKey",
      "idempotencyKey",
      (x, bad) => x.system.sales.leads.capture({ email: "a@b.example" }, { idempotencyKey: bad }),
    ],
    ["leads.create firstName", "firstName", (x, bad) => x.alice.sales.leads.create({ firstName: bad, lastName: "L" })],
    ["leads.create title", "title", (x, bad) => x.alice.sales.leads.create({ lastName: "L", title: bad })],
    ["leads.update company", "company", (x, bad) => x.alice.sales.leads.update(x.lead.id, { company: bad })],
    ["leads.disqualify reason", "reason", (x, bad) => x.alice.sales.leads.disqualify(x.lead.id, { reason: bad })],
    [
      "opportunities.create name",
      "name",
      (x, bad) => x.alice.sales.opportunities.create({ accountId: x.account.id, name: bad }),
    ],
    [
      "opportunities.create description",
      "description",
      (x, bad) => x.alice.sales.opportunities.create({ accountId: x.account.id, name: "N", description: bad }),
    ],
    [
      "opportunities.create nextStep",
      "nextStep",
      (x, bad) => x.alice.sales.opportunities.create({ accountId: x.account.id, name: "N", nextStep: bad }),
    ],
    [
      "opportunities.create custom value",
      "custom",
      (x, bad) => x.alice.sales.opportunities.create({ accountId: x.account.id, name: "N", custom: { note: bad } }),
    ],
    [
      "opportunities.create tag",
      "tags",
      (x, bad) => x.alice.sales.opportunities.create({ accountId: x.account.id, name: "N", tags: [bad] }),
    ],
    [
      "opportunities.createMany description (the plain reader)",
      "description",
      (x, bad) =>
        x.alice.sales.opportunities.createMany([
          { accountId: x.account.id, name: "Fine" },
          { accountId: x.account.id, name: "N", description: bad },
        ]),
    ],
    [
      "opportunities.update source",
      "source",
      (x, bad) => x.alice.sales.opportunities.update(x.opportunity.id, { source: bad }),
    ],
    [
      "opportunities.lose note",
      "note",
      (x, bad) => x.alice.sales.opportunities.lose(x.opportunity.id, { reasonId: x.reason.id, note: bad }),
    ],
    [
      "opportunities.addNote body",
      "body",
      (x, bad) => x.alice.sales.opportunities.addNote(x.opportunity.id, { body: bad }),
    ],
    [
      "lineItems.add description",
      "description",
      (x, bad) => x.alice.sales.lineItems.add(x.opportunity.id, { ...x.line, description: bad }),
    ],
    [
      "quotes.create name",
      "name",
      (x, bad) => x.alice.sales.quotes.create({ accountId: x.account.id, currency: "USD", name: bad, lines: [x.line] }),
    ],
    [
      "quotes.create terms",
      "terms",
      (x, bad) =>
        x.alice.sales.quotes.create({ accountId: x.account.id, currency: "USD", terms: bad, lines: [x.line] }),
    ],
    [
      "quotes.create notes",
      "notes",
      (x, bad) =>
        x.alice.sales.quotes.create({ accountId: x.account.id, currency: "USD", notes: bad, lines: [x.line] }),
    ],
    [
      "quotes.create line description",
      "lines.0.description",
      (x, bad) =>
        x.alice.sales.quotes.create({
          accountId: x.account.id,
          currency: "USD",
          lines: [{ ...x.line, description: bad }],
        }),
    ],
    ["quotes.update notes", "notes", (x, bad) => x.alice.sales.quotes.update(x.quote.id, { notes: bad })],
    [
      "orders.create notes",
      "notes",
      (x, bad) =>
        x.alice.sales.orders.create({
          accountId: x.account.id,
          currency: "USD",
          priceBookId: x.catalogue.usd.id,
          lines: [x.line],
          notes: bad,
        }),
    ],
    [
      "partners.register notes",
      "notes",
      (x, bad) =>
        x.alice.sales.partners.register({
          partnerId: x.partner.id,
          accountId: x.account.id,
          dealName: "Deal",
          notes: bad,
        }),
    ],
    [
      "expenses.create description",
      "description",
      (x, bad) =>
        x.alice.sales.expenses.create({
          opportunityId: x.opportunity.id,
          category: "meals",
          amount: 100,
          currency: "USD",
          spentOn: "2026-03-02",
          description: bad,
        }),
    ],
    [
      "reports.pipelineByStage pipelineId",
      "pipelineId",
      (x, bad) => x.manager.sales.reports.pipelineByStage({ currency: "USD", pipelineId: `pipe_${bad}` }),
    ],
  ];

  it("every free-text field of the main verbs refuses them with ValidationError naming the field, writing nothing", async () => {
    const x = await targets();
    await x.system.customFields.define({ entityType: "opportunity", key: "note", label: "Note", kind: "text" });
    const wrong: string[] = [];
    for (const [label, path, call] of attempts) {
      for (const bad of BAD_TEXTS) {
        const error = await expectNothingWritten(t.adapter, x.tenantId, () => call(x, bad)).catch((e: unknown) => e);
        const paths = error instanceof ValidationError ? error.issues.map((issue) => issue.path.join(".")) : [];
        if (!paths.some((p) => p.includes(path))) wrong.push(`${label} ${JSON.stringify(bad)}: ${String(error)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("a note page cursor whose decoded ids hold NUL or a lone surrogate is refused as malformed", async () => {
    const x = await targets();
    const states = [
      ...BAD_TEXTS.map((bad) => ({ at: "2026-03-02T09:00:00.000Z", id: bad })),
      ...BAD_TEXTS.map((bad) => ({ at: bad, id: "note_1" })),
    ];
    for (const state of states) {
      const cursor = Buffer.from(JSON.stringify(state)).toString("base64url");
      for (const read of [
        () => x.alice.sales.opportunities.notes(x.opportunity.id, { cursor }),
        () => x.alice.sales.opportunities.timeline(x.opportunity.id, { cursor }),
      ]) {
        const error = await read().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).issues.map((issue) => issue.path.join("."))).toEqual(["cursor"]);
      }
    }
  });

  it("well-formed text with astral characters, controls and line separators is stored and read back exactly", async () => {
    const x = await targets();
    const awkward = "emoji 😀 pair \u2028 control \u0001 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 e\u0301";
    const opp = await x.alice.sales.opportunities.create({
      accountId: x.account.id,
      name: "Awkward 😀",
      description: awkward,
    });
    expect((await x.alice.sales.opportunities.get(opp.id)).description).toBe(awkward);
    const capture = await x.system.sales.leads.capture({ email: "emoji@example.com", message: awkward });
    expect((await x.manager.sales.leads.get(capture.leadId ?? "")).message).toBe(awkward);
  });
});
