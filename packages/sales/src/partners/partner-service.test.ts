import { ConflictError, DuplicateError, ForbiddenError, ValidationError } from "@rapport/core";
import { expectNothingWritten, tenantSnapshot } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { DealRegistrationConflictError } from "../errors.js";
import { aCatalogue, type SalesClientOf } from "../test-support/document-fixtures.js";
import { salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

function issuePaths(error: unknown): string[] {
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((issue) => issue.path.join("."));
}

describeEachAdapter("partners and channels", (target) => {
  const t = useSalesCrm(target);

  async function partnerAt(manager: SalesClientOf, name: string, partnerType: "reseller" | "agent" = "reseller") {
    const account = await manager.accounts.create({ name, type: "partner" });
    return manager.sales.partners.create({ accountId: account.id, partnerType, tier: "gold" });
  }

  it("partners are accounts with a type and a tier, one per account", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const acme = await partnerAt(manager, "Acme Resellers");
    expect(acme).toMatchObject({ partnerType: "reseller", tier: "gold", active: true, ownerId: "maria" });
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        manager.sales.partners.create({ accountId: acme.accountId, partnerType: "agent" }),
      ),
    ).toBeInstanceOf(DuplicateError);
    for (const [input, path] of [
      [{ partnerType: "pirate" }, "partnerType"],
      [{ tier: "diamond" }, "tier"],
      [{ accountId: "acc_01HZZZZZZZZZZZZZZZZZZZZZZZ" }, "accountId"],
    ] as const) {
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        manager.sales.partners.create(
          Object.assign({ accountId: acme.accountId, partnerType: "agent" }, input) as never,
        ),
      );
      expect(issuePaths(error)).toEqual([path]);
    }
    expect((await manager.sales.partners.update(acme.id, { tier: "platinum" })).tier).toBe("platinum");
    expect((await alice.sales.partners.get(acme.id)).tier).toBe("platinum");
    expect(
      await expectNothingWritten(t.adapter, tenantId, () => alice.sales.partners.update(acme.id, { tier: "silver" })),
    ).toBeInstanceOf(ForbiddenError);
  });

  it("an approved registration opens the opportunity attributed to the partner; a second partner at the account conflicts", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const acme = await partnerAt(manager, "Acme Resellers");
    const bolt = await partnerAt(manager, "Bolt Agents", "agent");
    const customer = await manager.accounts.create({ name: "Globex", type: "customer" });
    const registration = await alice.sales.partners.register({
      partnerId: acme.id,
      accountId: customer.id,
      dealName: "Globex rollout",
      amount: 900_000,
      currency: "USD",
      closeDate: "2026-06-30",
    });
    expect(registration).toMatchObject({ status: "pending", conflicts: [], ownerId: "alice", opportunityId: null });
    const approved = await manager.sales.partners.approveRegistration(registration.id, { ownerId: "alice" });
    expect(approved).toMatchObject({ status: "approved", decidedBy: "maria" });
    const opportunityId = approved.opportunityId as string;
    expect(await alice.sales.opportunities.get(opportunityId)).toMatchObject({
      name: "Globex rollout",
      accountId: customer.id,
      ownerId: "alice",
      amount: 900_000,
      source: "partner",
    });
    expect(await alice.sales.partners.attributionOf({ type: "opportunity", id: opportunityId })).toEqual({
      type: "opportunity",
      id: opportunityId,
      channel: "partner",
      partnerId: acme.id,
    });

    const rival = await alice.sales.partners.register({
      partnerId: bolt.id,
      accountId: customer.id,
      dealName: "Globex too",
    });
    expect(rival.conflicts).toEqual([
      { kind: "partner", partnerId: acme.id, registrationId: registration.id, opportunityId, ownerId: "alice" },
      { kind: "partner", partnerId: acme.id, registrationId: null, opportunityId, ownerId: "alice" },
    ]);
    const refused = await expectNothingWritten(t.adapter, tenantId, () =>
      manager.sales.partners.approveRegistration(rival.id),
    );
    expect(refused).toBeInstanceOf(DealRegistrationConflictError);
    expect(refused).not.toBeInstanceOf(ConflictError);
    expect((refused as DealRegistrationConflictError).code).toBe("DEAL_REGISTRATION_CONFLICT");
    expect((refused as DealRegistrationConflictError).details.reason).toBe("registration_conflict");
    const rejected = await manager.sales.partners.rejectRegistration(rival.id, { note: "Acme registered first" });
    expect(rejected).toMatchObject({ status: "rejected", decisionNote: "Acme registered first" });
    expect(
      await expectNothingWritten(t.adapter, tenantId, () => alice.sales.partners.approveRegistration(registration.id)),
    ).toBeInstanceOf(ForbiddenError);
  });

  it("a direct rep's open opportunity conflicts with a registration until the manager overrides", async () => {
    const { manager, alice } = await salesTenant(t);
    const acme = await partnerAt(manager, "Acme Resellers");
    const customer = await alice.accounts.create({ name: "Initrode", type: "customer" });
    const direct = await alice.sales.opportunities.create({ accountId: customer.id, name: "Direct deal" });
    const registration = await manager.sales.partners.register({
      partnerId: acme.id,
      accountId: customer.id,
      opportunityId: direct.id,
    });
    expect(registration.conflicts).toEqual([
      { kind: "direct", partnerId: null, registrationId: null, opportunityId: direct.id, ownerId: "alice" },
    ]);
    await expect(manager.sales.partners.approveRegistration(registration.id)).rejects.toBeInstanceOf(
      DealRegistrationConflictError,
    );
    const approved = await manager.sales.partners.approveRegistration(registration.id, { overrideConflicts: true });
    expect(approved).toMatchObject({ status: "approved", opportunityId: direct.id });
    expect((await manager.sales.partners.attributionOf({ type: "opportunity", id: direct.id })).partnerId).toBe(
      acme.id,
    );
  });

  it("orders inherit the opportunity's attribution; attribute sets a channel on opportunities and orders", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const acme = await partnerAt(manager, "Acme Resellers");
    const catalogue = await aCatalogue(manager);
    const customer = await alice.accounts.create({ name: "Globex", type: "customer" });
    const opportunity = await alice.sales.opportunities.create({
      accountId: customer.id,
      name: "Seats",
      currency: "USD",
    });
    const attributed = await manager.sales.partners.attribute(
      { type: "opportunity", id: opportunity.id },
      { channel: "partner", partnerId: acme.id },
    );
    expect(attributed).toEqual({ type: "opportunity", id: opportunity.id, channel: "partner", partnerId: acme.id });
    expect((await alice.sales.opportunities.get(opportunity.id)).version).toBe(opportunity.version + 1);
    const order = await alice.sales.orders.create({
      accountId: customer.id,
      opportunityId: opportunity.id,
      currency: "USD",
      lines: [{ productId: catalogue.seat.id, quantity: 1, unitPrice: 1_000 }],
    });
    expect(order).toMatchObject({ channel: "partner", partnerId: acme.id });
    const online = await manager.sales.partners.attribute({ type: "order", id: order.id }, { channel: "online" });
    expect(online).toEqual({ type: "order", id: order.id, channel: "online", partnerId: null });
    expect(await alice.sales.orders.get(order.id)).toMatchObject({ channel: "online", partnerId: null });

    await manager.sales.partners.update(acme.id, { active: false });
    const cases: [Record<string, unknown>, string][] = [
      [{ channel: "partner" }, "partnerId"],
      [{ channel: "direct", partnerId: acme.id }, "partnerId"],
      [{ channel: "partner", partnerId: acme.id }, "partnerId"],
      [{ channel: "telepathy" }, "channel"],
    ];
    for (const [input, path] of cases) {
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        manager.sales.partners.attribute({ type: "order", id: order.id }, input as never),
      );
      expect(issuePaths(error)).toEqual([path]);
    }
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        alice.sales.partners.attribute({ type: "order", id: order.id }, { channel: "direct" }),
      ),
    ).toBeInstanceOf(ForbiddenError);
  });

  it("attributing a deal is a versioned change of it, audited as attribute with channel and partner; the same attribution again writes nothing", async () => {
    const { tenantId, manager, system } = await salesTenant(t);
    const acme = await partnerAt(manager, "Acme Resellers");
    const customer = await manager.accounts.create({ name: "Initech", type: "customer" });
    const opp = await manager.sales.opportunities.create({ accountId: customer.id, name: "Initech deal" });
    const seen: unknown[] = [];
    const off = t.crm.on("opportunity.attributed", (e) => {
      if (e.tenantId === tenantId) seen.push(e.data);
    });
    const target = { type: "opportunity", id: opp.id } as const;
    await manager.sales.partners.attribute(target, { channel: "partner", partnerId: acme.id });
    const rows = await tenantSnapshot(t.adapter, tenantId);
    await manager.sales.partners.attribute(target, { channel: "partner", partnerId: acme.id });
    expect(await tenantSnapshot(t.adapter, tenantId)).toEqual(rows);
    off();
    expect(seen).toEqual([{ id: opp.id, partnerId: acme.id, channel: "partner" }]);
    expect((await manager.sales.opportunities.get(opp.id)).version).toBe(2);
    const audit = (await system.audit.history("opportunity", opp.id)).items;
    expect(audit.map((a) => a.action)).toEqual(["create", "attribute"]);
    expect(audit[1]?.changes.partnerId).toEqual([null, acme.id]);
  });

  it("performance counts registrations and wins and converts revenue at each deal's date, in SQL", async () => {
    const { manager, alice } = await salesTenant(t);
    await manager.sales.settings.update({ corporateCurrency: "USD" });
    await manager.sales.currencies.setRate({ from: "EUR", effectiveOn: "2026-01-01", rate: "1.25" });
    const acme = await partnerAt(manager, "Acme Resellers");
    const bolt = await partnerAt(manager, "Bolt Agents", "agent");
    const register = async (accountName: string, amount: number, currency: string) => {
      const account = await manager.accounts.create({ name: accountName, type: "customer" });
      const reg = await alice.sales.partners.register({
        partnerId: acme.id,
        accountId: account.id,
        dealName: accountName,
        amount,
        currency,
      });
      return manager.sales.partners.approveRegistration(reg.id, { ownerId: "alice" });
    };
    const first = await register("One", 100_000, "USD");
    const second = await register("Two", 80_001, "EUR");
    await register("Three", 5_000, "USD");
    await alice.sales.opportunities.win(first.opportunityId as string, { closeDate: "2026-03-10" });
    await alice.sales.opportunities.win(second.opportunityId as string, { closeDate: "2026-03-11" });
    const performance = await manager.sales.partners.performance({ from: "2026-03-01", to: "2026-03-31" });
    expect(performance).toEqual([
      {
        partnerId: acme.id,
        accountId: acme.accountId,
        partnerType: "reseller",
        tier: "gold",
        registered: 3,
        approved: 3,
        wonDeals: 2,
        wonRevenue: 100_000 + 100_001, // 80,001 × 1.25 = 100,001.25 → 100,001
        orders: 0,
        orderRevenue: 0,
        unconverted: 0,
        currency: "USD",
      },
      {
        partnerId: bolt.id,
        accountId: bolt.accountId,
        partnerType: "agent",
        tier: "gold",
        registered: 0,
        approved: 0,
        wonDeals: 0,
        wonRevenue: 0,
        orders: 0,
        orderRevenue: 0,
        unconverted: 0,
        currency: "USD",
      },
    ]);
    expect(
      issuePaths(await manager.sales.partners.performance({ from: "2026-03-02", to: "2026-03-01" }).catch((e) => e)),
    ).toEqual(["to"]);
  });

  it("partners and registrations list and read back; an archived partner registers nothing", async () => {
    const { tenantId, manager, alice, bob } = await salesTenant(t);
    const acme = await partnerAt(manager, "Acme Resellers");
    const bolt = await partnerAt(manager, "Bolt Agents", "agent");
    const customer = await manager.accounts.create({ name: "Globex", type: "customer" });
    const mine = await alice.sales.partners.register({ partnerId: acme.id, accountId: customer.id, dealName: "One" });
    await bob.sales.partners.register({ partnerId: bolt.id, accountId: customer.id, dealName: "Two" });
    expect(await alice.sales.partners.getRegistration(mine.id)).toEqual(mine);
    expect((await alice.sales.partners.listRegistrations()).items.map((r) => r.id)).toEqual([mine.id]);
    expect((await manager.sales.partners.listRegistrations()).items).toHaveLength(2);
    expect(
      (await alice.sales.partners.list({ filter: [{ field: "partnerType", op: "eq", value: "agent" }] })).items.map(
        (p) => p.id,
      ),
    ).toEqual([bolt.id]);
    await manager.sales.partners.archive(bolt.id);
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      alice.sales.partners.register({ partnerId: bolt.id, accountId: customer.id, dealName: "Three" }),
    );
    expect(issuePaths(error)).toEqual(["partnerId"]);
  });
});
