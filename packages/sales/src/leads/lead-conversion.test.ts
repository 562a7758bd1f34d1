import { ConflictError, ForbiddenError, InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { anAccount, salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("lead conversion", (target) => {
  const t = useSalesCrm(target);

  it("conversion is one change of the lead, audited as convert, its lead.converted after the lead's own lead.updated", async () => {
    const { tenantId, alice, system } = await salesTenant(t);
    const lead = await alice.sales.leads.create({ firstName: "Grace", lastName: "Hopper", company: "Navy" });
    await alice.sales.leads.qualify(lead.id);
    const seen: string[] = [];
    const offs = (["lead.updated", "lead.converted"] as const).map((type) =>
      t.crm.on(type, (e) => {
        if (e.tenantId === tenantId) seen.push(type);
      }),
    );
    const result = await alice.sales.leads.convert(lead.id, { opportunity: false, expectedVersion: 2 });
    for (const off of offs) off();
    expect(result.lead).toMatchObject({ version: 3, convertedAccountId: result.account.id });
    expect(seen).toEqual(["lead.updated", "lead.converted"]);
    const audit = (await system.audit.history("lead", lead.id)).items;
    expect(audit.map((a) => a.action)).toEqual(["create", "qualify", "convert"]);
    expect(audit[2]?.changes.convertedAccountId).toEqual([null, result.account.id]);
  });

  it("converts a qualified lead into account + contact + opportunity in one transaction and emits lead.converted", async () => {
    const { tenantId, alice } = await salesTenant(t);
    const seen: unknown[] = [];
    const off = t.crm.on("lead.converted", (e) => {
      if (e.tenantId === tenantId) seen.push(e.data);
    });
    const lead = await alice.sales.leads.create({
      firstName: "Ada",
      lastName: "Byron",
      company: "Analytical Ltd",
      email: "ada@example.com",
      phone: "+44 20 7946 0958",
      productInterests: ["CRM Suite"],
    });
    await alice.sales.leads.qualify(lead.id);
    const result = await alice.sales.leads.convert(lead.id, {
      opportunity: { amount: 120_000, currency: "GBP", closeDate: "2026-06-30" },
    });
    off();
    expect(result.account).toMatchObject({ name: "Analytical Ltd", type: "prospect", ownerId: "alice" });
    expect(result.contact).toMatchObject({ accountId: result.account.id, firstName: "Ada", lastName: "Byron" });
    expect(result.contact?.emails.map((e) => e.value)).toEqual(["ada@example.com"]);
    expect(result.opportunity).toMatchObject({
      name: "Analytical Ltd – CRM Suite",
      amount: 120_000,
      currency: "GBP",
      accountId: result.account.id,
      leadId: lead.id,
      source: "other",
    });
    expect(result.lead).toMatchObject({
      convertedAt: t.clock.now().toISOString(),
      convertedAccountId: result.account.id,
      convertedContactId: result.contact?.id,
      status: "converted",
    });
    // A converted lead lists as converted, and no longer as qualified.
    expect(
      (await alice.sales.leads.list({ filter: [{ field: "status", op: "eq", value: "converted" }] })).items,
    ).toEqual([expect.objectContaining({ id: lead.id })]);
    expect(
      (await alice.sales.leads.list({ filter: [{ field: "status", op: "eq", value: "qualified" }] })).items,
    ).toEqual([]);
    expect(seen).toEqual([
      {
        leadId: lead.id,
        accountId: result.account.id,
        contactId: result.contact?.id,
        opportunityId: result.opportunity?.id,
      },
    ]);
    await expect(alice.sales.leads.convert(lead.id)).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it("attaches to an existing account and to the contact with the lead's email instead of creating copies", async () => {
    const { alice } = await salesTenant(t);
    const account = await anAccount(alice, "Globex");
    const contact = await alice.contacts.create({
      accountId: account.id,
      lastName: "Scorpio",
      emails: [{ value: "hank@globex.example" }],
    });
    const lead = await alice.sales.leads.create({ lastName: "Scorpio", email: "Hank@Globex.example" });
    await alice.sales.leads.qualify(lead.id);
    const result = await alice.sales.leads.convert(lead.id, { opportunity: false });
    expect(result.account.id).toBe(account.id);
    expect(result.contact?.id).toBe(contact.id);
    expect(result.opportunity).toBeNull();
    expect((await alice.accounts.list()).items).toHaveLength(1);
    expect((await alice.contacts.list()).items).toHaveLength(1);

    const other = await alice.sales.leads.create({ company: "Explicit" });
    await alice.sales.leads.qualify(other.id);
    const attached = await alice.sales.leads.convert(other.id, { accountId: account.id });
    expect(attached.account.id).toBe(account.id);
    expect(attached.contact).toBeNull();
    expect(attached.opportunity?.accountId).toBe(account.id);
  });

  it("refuses converting a new, disqualified or stale lead, and bad references, writing nothing", async () => {
    const { tenantId, alice, bob } = await salesTenant(t);
    const fresh = await alice.sales.leads.create({ company: "Too early" });
    const dropped = await alice.sales.leads.create({ company: "Dropped" });
    await alice.sales.leads.disqualify(dropped.id, { reason: "Competitor's customer" });
    const ready = await alice.sales.leads.create({ company: "Ready" });
    const qualified = await alice.sales.leads.qualify(ready.id);
    const cases: [() => Promise<unknown>, new (...args: never[]) => Error][] = [
      [() => alice.sales.leads.convert(fresh.id), InvalidTransitionError],
      [() => alice.sales.leads.convert(dropped.id), InvalidTransitionError],
      [() => alice.sales.leads.convert(ready.id, { expectedVersion: qualified.version - 1 }), ConflictError],
      [() => alice.sales.leads.convert(ready.id, { accountId: "acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5" }), ValidationError],
      [() => alice.sales.leads.convert(ready.id, { contactId: "con_01JDQ8Z6X4W3F2R5T7Y9B1N3M5" }), ValidationError],
      [() => alice.sales.leads.convert(ready.id, { opportunity: { stageKey: "nope" } }), ValidationError],
      [() => alice.sales.leads.convert(ready.id, { opportunity: { stageKey: "won" } }), ValidationError],
      [() => alice.sales.leads.convert(ready.id, { opportunity: { amount: 10 } }), ValidationError],
      [() => alice.sales.leads.convert(ready.id, { extra: true } as never), ValidationError],
      [() => bob.sales.leads.convert(ready.id), ForbiddenError],
    ];
    for (const [attempt, type] of cases) {
      const error = await expectNothingWritten(t.adapter, tenantId, attempt);
      expect(error).toBeInstanceOf(type);
    }
  });
});
