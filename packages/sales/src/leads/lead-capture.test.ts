import { ConflictError, ForbiddenError, IdempotencyKeyError, ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { anAccount, salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("web-to-lead capture", (target) => {
  const t = useSalesCrm(target);

  it("validates and normalises a submission into a new lead with source web_form", async () => {
    const { system } = await salesTenant(t);
    const result = await system.sales.leads.capture({
      email: "  Grace.Hopper@Navy.EXAMPLE ",
      phone: "(415) 555-2671",
      country: "us",
      lastName: "Hopper",
    });
    expect(result).toMatchObject({ outcome: "created", replayed: false, contactId: null, opportunityId: null });
    const lead = await system.sales.leads.get(result.leadId as string);
    expect(lead).toMatchObject({
      email: "grace.hopper@navy.example",
      phone: "+14155552671",
      country: "US",
      status: "new",
      source: "web_form",
      ownerId: null,
    });
  });

  it("refuses bad submissions with typed errors, writing nothing and emitting no event", async () => {
    const { tenantId, system } = await salesTenant(t);
    const events: string[] = [];
    const off = t.crm.on("lead.captured", (e) => {
      events.push(e.type);
    });
    const bad: unknown[] = [
      { firstName: "Nobody" },
      { email: "not-an-email" },
      { email: "ok@example.com", message: "x".repeat(5 * 1024 * 1024) },
      { email: "ok@example.com", phone: "12" },
      { email: "ok@example.com", phone: "030 901820" },
      { email: "ok@example.com", favouriteColour: "blue" },
      { email: "ok@example.com", company: "Nul\u0000Corp" },
    ];
    for (const input of bad) {
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        system.sales.leads.capture(input as never, { idempotencyKey: "k1" }),
      );
      expect(error).toBeInstanceOf(ValidationError);
    }
    const keyError = await expectNothingWritten(t.adapter, tenantId, () =>
      system.sales.leads.capture({ email: "ok@example.com" }, { idempotencyKey: "" }),
    );
    expect(keyError).toBeInstanceOf(ValidationError);
    off();
    expect(events).toEqual([]);
  });

  it("the same idempotency key twice captures once and replays the first result", async () => {
    const { tenantId, system } = await salesTenant(t);
    const first = await system.sales.leads.capture(
      { email: "ada@example.com", firstName: "Ada" },
      { idempotencyKey: "req-1" },
    );
    const again = await system.sales.leads.capture(
      { firstName: "Ada", email: "ADA@example.com" },
      { idempotencyKey: "req-1" },
    );
    expect(again).toEqual({ ...first, replayed: true });
    expect((await system.sales.leads.list()).items).toHaveLength(1);
    const feed = await t.crm.changes.since(undefined, { tenantId, limit: 1000 });
    expect(feed.items.filter((e) => e.tenantId === tenantId && e.type === "lead.captured")).toHaveLength(1);
  });

  it("the same idempotency key with a different payload is IDEMPOTENCY_KEY_REUSED (not a version conflict) and writes nothing", async () => {
    const { tenantId, system } = await salesTenant(t);
    await system.sales.leads.capture({ email: "ada@example.com" }, { idempotencyKey: "req-2" });
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      system.sales.leads.capture({ email: "babbage@example.com" }, { idempotencyKey: "req-2" }),
    );
    expect(error).toBeInstanceOf(IdempotencyKeyError);
    expect(error).not.toBeInstanceOf(ConflictError);
    expect((error as IdempotencyKeyError).code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect((error as IdempotencyKeyError).details.reason).toBe("idempotency_key_reused");
  });

  it("a submission matching an open lead attaches to it, filling only its empty fields", async () => {
    const { alice, system } = await salesTenant(t);
    const lead = await alice.sales.leads.create({
      firstName: "Ada",
      email: "ada@example.com",
      company: "Analytical Ltd",
    });
    const result = await system.sales.leads.capture({
      email: "ADA@example.com",
      company: "Someone Else Ltd",
      phone: "+44 20 7946 0958",
      productInterests: ["CRM Suite"],
    });
    expect(result).toMatchObject({ outcome: "attached_to_lead", leadId: lead.id });
    const after = await alice.sales.leads.get(lead.id);
    expect(after).toMatchObject({
      company: "Analytical Ltd",
      phone: "+442079460958",
      productInterests: ["CRM Suite"],
      version: 2,
    });
    expect((await system.sales.leads.list()).items).toHaveLength(1);
    // By phone too, when the email differs.
    const byPhone = await system.sales.leads.capture({ email: "other@example.com", phone: "+442079460958" });
    expect(byPhone).toMatchObject({ outcome: "attached_to_lead", leadId: lead.id });
  });

  it("a disqualified or converted lead is not an open lead: a new submission creates a new lead", async () => {
    const { alice, system } = await salesTenant(t);
    const lead = await alice.sales.leads.create({ email: "gone@example.com", lastName: "Gone" });
    await alice.sales.leads.disqualify(lead.id, { reason: "Student project" });
    const result = await system.sales.leads.capture({ email: "gone@example.com" });
    expect(result.outcome).toBe("created");
    expect(result.leadId).not.toBe(lead.id);
  });

  it("a submission matching an existing contact attaches to the contact instead of creating a lead", async () => {
    const { alice, system } = await salesTenant(t);
    const account = await anAccount(alice);
    const contact = await alice.contacts.create({
      accountId: account.id,
      firstName: "Maria",
      emails: [{ value: "maria@globex.example" }],
    });
    const result = await system.sales.leads.capture(
      { email: "Maria@Globex.example", message: "Please call me" },
      { idempotencyKey: "c-1" },
    );
    expect(result).toMatchObject({ outcome: "attached_to_contact", contactId: contact.id, leadId: null });
    expect((await system.sales.leads.list()).items).toHaveLength(0);
  });

  it("routes the new lead by the rules and converts it straight into an opportunity when a rule says so", async () => {
    const { manager, system } = await salesTenant(t);
    const dach = await manager.sales.territories.create({
      name: "DACH",
      countries: ["DE", "AT", "CH"],
      userIds: ["jonas", "lea"],
    });
    await manager.sales.leadRules.create({
      name: "DACH demo requests",
      priority: 1,
      match: { territoryIds: [dach.id], productInterests: ["demo"] },
      strategy: "round_robin",
      autoConvert: true,
    });
    const result = await system.sales.leads.capture({
      firstName: "Karl",
      lastName: "Benz",
      company: "Motorwagen GmbH",
      email: "karl@motorwagen.example",
      country: "DE",
      productInterests: ["Demo"],
    });
    expect(result.outcome).toBe("created");
    expect(result.opportunityId).not.toBeNull();
    const lead = await system.sales.leads.get(result.leadId as string);
    expect(lead).toMatchObject({
      territoryId: dach.id,
      ownerId: "jonas",
      status: "converted",
      convertedOpportunityId: result.opportunityId,
    });
    const opp = await system.sales.opportunities.get(result.opportunityId as string);
    expect(opp).toMatchObject({
      ownerId: "jonas",
      leadId: lead.id,
      stageKey: "awareness",
      source: "web_form",
      primaryContactId: result.contactId,
    });
    const account = await system.accounts.get(opp.accountId);
    expect(account.name).toBe("Motorwagen GmbH");
  });

  it("needs lead:capture", async () => {
    const { tenantId, alice } = await salesTenant(t);
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      alice.sales.leads.capture({ email: "x@example.com" }),
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    const marketer = t.as(tenantId, "mia", ["marketer"]);
    expect((await marketer.sales.leads.capture({ email: "x@example.com" })).outcome).toBe("created");
  });

  it("100 concurrent captures with the same idempotency key create exactly one lead", async () => {
    const { tenantId, system } = await salesTenant(t);
    const submission = { email: "rush@example.com", firstName: "Rush", productInterests: ["CRM Suite"] };
    const results = await Promise.all(
      Array.from({ length: 100 }, () => system.sales.leads.capture(submission, { idempotencyKey: "burst-1" })),
    );
    const leadIds = new Set(results.map((r) => r.leadId));
    expect(leadIds.size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.captureId)).size).toBe(1);
    const leads = await system.sales.leads.list({ filter: [{ field: "email", op: "eq", value: "rush@example.com" }] });
    expect(leads.items).toHaveLength(1);
    const feed = await t.crm.changes.since(undefined, { tenantId, limit: 1000 });
    expect(feed.items.filter((e) => e.tenantId === tenantId && e.type === "lead.captured")).toHaveLength(1);
  });
});
