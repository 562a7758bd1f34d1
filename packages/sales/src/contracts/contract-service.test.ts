import { InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { addDays, dateOf } from "../documents/dates.js";
import { aCatalogue, aDeal } from "../test-support/document-fixtures.js";
import { salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

function issuePaths(error: unknown): string[] {
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((issue) => issue.path.join("."));
}

function reasonOf(error: unknown): unknown {
  expect(error).toBeInstanceOf(InvalidTransitionError);
  return (error as InvalidTransitionError).details.reason;
}

describeEachAdapter("sales contracts", (target) => {
  const t = useSalesCrm(target);
  const today = () => dateOf(t.clock.now().toISOString());

  it("a standalone contract is a draft until activated; its renewal date follows the tenant's notice unless it has its own", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    await manager.sales.settings.update({ renewalNoticeDays: 45 });
    const { account } = await aDeal(alice);
    const start = today();
    const base = {
      accountId: account.id,
      startDate: start,
      endDate: addDays(start, 364),
      value: 1_200_000,
      currency: "USD",
      billingFrequency: "monthly" as const,
    };
    const contract = await alice.sales.contracts.create(base);
    expect(contract).toMatchObject({
      number: 1,
      status: "draft",
      autoRenew: false,
      renewalNoticeDays: 45,
      renewalDueOn: addDays(start, 364 - 45),
      ownerId: "alice",
    });
    const own = await alice.sales.contracts.create({ ...base, renewalNoticeDays: 10, autoRenew: true });
    expect(own).toMatchObject({ number: 2, renewalNoticeDays: 10, renewalDueOn: addDays(start, 354), autoRenew: true });
    const updated = await alice.sales.contracts.update(contract.id, { endDate: addDays(start, 99) });
    expect(updated.renewalDueOn).toBe(addDays(start, 54));
    const active = await alice.sales.contracts.activate(contract.id);
    expect(active).toMatchObject({ status: "active", activatedAt: t.clock.now().toISOString() });

    const backwards = await expectNothingWritten(t.adapter, tenantId, () =>
      alice.sales.contracts.create({ ...base, endDate: addDays(start, -1) }),
    );
    expect(issuePaths(backwards)).toEqual(["endDate"]);
    expect(
      issuePaths(
        await expectNothingWritten(t.adapter, tenantId, () =>
          alice.sales.contracts.update(own.id, { startDate: addDays(start, 400) }),
        ),
      ),
    ).toEqual(["endDate"]);
    expect(
      issuePaths(
        await expectNothingWritten(t.adapter, tenantId, () =>
          alice.sales.contracts.create({ ...base, billingFrequency: "fortnightly" } as never),
        ),
      ),
    ).toEqual(["billingFrequency"]);
    expect(
      reasonOf(await expectNothingWritten(t.adapter, tenantId, () => alice.sales.contracts.activate(contract.id))),
    ).toBe("document_status");
    expect(
      reasonOf(
        await expectNothingWritten(t.adapter, tenantId, () => alice.sales.contracts.update(contract.id, { value: 1 })),
      ),
    ).toBe("document_status");
  });

  it("runDue fires contract.renewal_due once, N days before the end, and only for active contracts", async () => {
    const { tenantId, alice } = await salesTenant(t);
    const { account } = await aDeal(alice);
    const due: unknown[] = [];
    const off = t.crm.on("contract.renewal_due", (event) => {
      if (event.tenantId === tenantId) due.push(event.data);
    });
    const start = today();
    const input = {
      accountId: account.id,
      startDate: start,
      endDate: addDays(start, 59),
      value: 50_000,
      currency: "EUR",
      billingFrequency: "one_time" as const,
      renewalNoticeDays: 20,
    };
    const contract = await alice.sales.contracts.activate((await alice.sales.contracts.create(input)).id);
    const draft = await alice.sales.contracts.create(input);
    t.clock.set(`${addDays(start, 38)}T12:00:00.000Z`);
    await t.crm.jobs.runDue();
    expect(due).toEqual([]);
    t.clock.set(`${addDays(start, 39)}T00:00:00.000Z`);
    await Promise.all([t.crm.jobs.runDue(), t.crm.jobs.runDue()]);
    await t.crm.jobs.runDue();
    off();
    expect(due).toEqual([
      {
        id: contract.id,
        version: contract.version + 1,
        number: contract.number,
        accountId: account.id,
        endDate: addDays(start, 59),
        renewalDueOn: addDays(start, 39),
        autoRenew: false,
        ownerId: "alice",
      },
    ]);
    expect(await alice.sales.contracts.get(contract.id)).toMatchObject({
      status: "active",
      renewalNotifiedAt: t.clock.now().toISOString(),
      version: contract.version + 1,
    });
    expect((await alice.sales.contracts.get(draft.id)).renewalNotifiedAt).toBeNull();
  });

  it("renew makes the next contract for the same term the day after the end, with a renewal opportunity when asked", async () => {
    const { tenantId, alice } = await salesTenant(t);
    const { account } = await aDeal(alice);
    const contract = await alice.sales.contracts.create({
      accountId: account.id,
      name: "Globex platform",
      startDate: "2027-01-01",
      endDate: "2027-12-31",
      value: 2_400_000,
      currency: "USD",
      billingFrequency: "quarterly",
    });
    await alice.sales.contracts.activate(contract.id);
    const next = await alice.sales.contracts.renew(contract.id, { createOpportunity: true, value: 2_640_000 });
    expect(next).toMatchObject({
      number: 2,
      status: "draft",
      startDate: "2028-01-01",
      endDate: "2028-12-31",
      value: 2_640_000,
      billingFrequency: "quarterly",
      previousContractId: contract.id,
    });
    const previous = await alice.sales.contracts.get(contract.id);
    expect(previous).toMatchObject({ status: "renewed", nextContractId: next.id });
    const renewal = await alice.sales.opportunities.get(previous.renewalOpportunityId as string);
    expect(renewal).toMatchObject({
      accountId: account.id,
      name: "Renewal: Globex platform",
      amount: 2_640_000,
      currency: "USD",
      closeDate: "2027-12-31",
      ownerId: "alice",
    });
    expect(next.opportunityId).toBe(renewal.id);
    expect(
      reasonOf(await expectNothingWritten(t.adapter, tenantId, () => alice.sales.contracts.renew(contract.id))),
    ).toBe("document_status");
  });

  it("at the end of the term runDue renews auto-renewing contracts and expires the others, once", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const { account } = await aDeal(alice);
    const events: string[] = [];
    const off = t.crm.on("*", (event) => {
      if (event.tenantId === tenantId && /^contract\.(renewed|expired|renewal_due)$/.test(event.type))
        events.push(event.type);
    });
    const start = today();
    const base = {
      accountId: account.id,
      startDate: start,
      endDate: addDays(start, 20),
      value: 10_000,
      currency: "USD",
      billingFrequency: "monthly" as const,
      renewalNoticeDays: 5,
    };
    const auto = await alice.sales.contracts.activate(
      (await alice.sales.contracts.create({ ...base, autoRenew: true })).id,
    );
    const plain = await alice.sales.contracts.activate((await alice.sales.contracts.create(base)).id);
    t.clock.set(`${addDays(start, 21)}T06:00:00.000Z`);
    await t.crm.jobs.runDue();
    await t.crm.jobs.runDue();
    off();
    expect(events.sort()).toEqual([
      "contract.expired",
      "contract.renewal_due",
      "contract.renewal_due",
      "contract.renewed",
    ]);
    const renewed = await alice.sales.contracts.get(auto.id);
    expect(renewed.status).toBe("renewed");
    expect(await alice.sales.contracts.get(renewed.nextContractId as string)).toMatchObject({
      status: "active",
      startDate: addDays(start, 21),
      endDate: addDays(start, 41),
      autoRenew: true,
      previousContractId: auto.id,
    });
    expect(await alice.sales.contracts.get(plain.id)).toMatchObject({
      status: "expired",
      endedAt: t.clock.now().toISOString(),
    });
    const terminated = await expectNothingWritten(t.adapter, tenantId, () =>
      manager.sales.contracts.terminate(plain.id, { reason: "too late" }),
    );
    expect(reasonOf(terminated)).toBe("document_status");
  });

  it("a contract from a confirmed order takes its account and net total; terminate ends an active one early", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { account } = await aDeal(alice);
    const order = await alice.sales.orders.create({
      accountId: account.id,
      currency: "USD",
      priceBookId: catalogue.usd.id,
      lines: [{ productId: catalogue.seat.id, quantity: 10, taxRatePercent: 20 }],
    });
    const draftOrder = await expectNothingWritten(t.adapter, tenantId, () =>
      alice.sales.contracts.createFromOrder(order.id, { billingFrequency: "annual" }),
    );
    expect(reasonOf(draftOrder)).toBe("document_status");
    await alice.sales.orders.confirm(order.id);
    const contract = await alice.sales.contracts.createFromOrder(order.id, {
      billingFrequency: "annual",
      autoRenew: true,
    });
    expect(contract).toMatchObject({
      accountId: account.id,
      orderId: order.id,
      value: 120_000,
      currency: "USD",
      startDate: order.orderDate,
      endDate: addDays(order.orderDate, 364),
      autoRenew: true,
      name: "Order SO-00001",
    });
    const backwards = await expectNothingWritten(t.adapter, tenantId, () =>
      alice.sales.contracts.createFromOrder(order.id, {
        billingFrequency: "annual",
        endDate: addDays(order.orderDate, -1),
      }),
    );
    expect(issuePaths(backwards)).toEqual(["endDate"]);
    await alice.sales.contracts.activate(contract.id);
    const ended = await manager.sales.contracts.terminate(contract.id, { reason: "Acquired by a competitor" });
    expect(ended).toMatchObject({ status: "terminated", terminationReason: "Acquired by a competitor" });
  });

  it("contracts list for those who may read them and archive", async () => {
    const { manager, alice, bob } = await salesTenant(t);
    const { account } = await aDeal(alice);
    const input = {
      accountId: account.id,
      startDate: "2027-01-01",
      endDate: "2027-06-30",
      value: 1_000,
      currency: "USD",
      billingFrequency: "monthly" as const,
    };
    const mine = await alice.sales.contracts.create(input);
    const bobs = await bob.sales.contracts.create(input);
    expect((await alice.sales.contracts.list()).items.map((c) => c.id)).toEqual([mine.id]);
    expect((await manager.sales.contracts.list()).items.map((c) => c.number)).toEqual([1, 2]);
    expect((await manager.sales.contracts.archive(bobs.id)).archivedAt).not.toBeNull();
    expect((await manager.sales.contracts.list()).items.map((c) => c.id)).toEqual([mine.id]);
  });
});
