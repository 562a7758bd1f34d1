import { ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "../service-module.js";
import { recordEvents, serviceTenant } from "../testing/service-fixtures.js";

describeEachAdapter("service contracts and entitlements", (target) => {
  const t = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [service()],
    start: "2026-03-02T09:00:00.000Z",
  });

  async function contractTenant() {
    const tenant = await serviceTenant(t);
    const account = await tenant.admin.accounts.create({ name: "Covered Inc", type: "customer" });
    const contract = await tenant.admin.service.contracts.create({
      accountId: account.id,
      name: "Support 2026",
      tier: "silver",
      startDate: "2026-01-01",
      endDate: "2026-12-31",
    });
    return { ...tenant, account, contract };
  }

  it("uses one incident per case and flags the case that finds the entitlement exhausted", async () => {
    t.clock.set("2026-03-02T09:00:00Z");
    const { tenantId, admin, account, contract } = await contractTenant();
    const entitlement = await admin.service.entitlements.create({
      contractId: contract.id,
      name: "2 incidents",
      unitKind: "incidents",
      unitsTotal: 2,
    });
    expect(entitlement).toMatchObject({
      accountId: account.id,
      startDate: "2026-01-01",
      endDate: "2026-12-31",
      incidentsUsed: 0,
    });
    const events = recordEvents(t, ["case.entitlement_flagged"], tenantId);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const created = await admin.service.cases.create({
        subject: `Incident ${i}`,
        channel: "phone",
        accountId: account.id,
      });
      statuses.push([created.entitlementId, created.entitlementStatus]);
    }
    events.off();
    expect(statuses).toEqual([
      [entitlement.id, "covered"],
      [entitlement.id, "covered"],
      [entitlement.id, "exhausted"],
    ]);
    expect(events.seen.map((e) => e.data.status)).toEqual(["exhausted"]);
    expect(await admin.service.entitlements.usage(entitlement.id)).toEqual({
      entitlementId: entitlement.id,
      status: "exhausted",
      unitKind: "incidents",
      unitsTotal: 2,
      unitsUsed: 2,
      unitsRemaining: 0,
    });
  });

  it("flags a case under an expired entitlement", async () => {
    t.clock.set("2026-03-02T09:00:00Z");
    const { admin, account } = await contractTenant();
    const old = await admin.service.entitlements.create({
      accountId: account.id,
      name: "2025",
      startDate: "2025-01-01",
      endDate: "2025-12-31",
      unitKind: "unlimited",
    });
    const created = await admin.service.cases.create({ subject: "Old cover", channel: "email", accountId: account.id });
    expect(created).toMatchObject({ entitlementId: old.id, entitlementStatus: "expired" });
    expect((await admin.service.entitlements.usage(old.id)).status).toBe("expired");
  });

  it("prefers an entitlement for the case's product over the account-wide one, and a valid one over an expired one", async () => {
    t.clock.set("2026-03-02T09:00:00Z");
    const { admin, account, contract } = await contractTenant();
    const printer = await admin.products.create({ sku: "P-9", name: "Printer 9" });
    const wide = await admin.service.entitlements.create({
      contractId: contract.id,
      name: "Everything",
      unitKind: "unlimited",
    });
    await admin.service.entitlements.create({
      accountId: account.id,
      productId: printer.id,
      name: "Old printer cover",
      startDate: "2025-01-01",
      endDate: "2025-12-31",
      unitKind: "unlimited",
    });
    const forPrinter = await admin.service.entitlements.create({
      contractId: contract.id,
      productId: printer.id,
      name: "Printer",
      unitKind: "incidents",
      unitsTotal: 5,
    });
    expect(
      (
        await admin.service.cases.create({
          subject: "Printer",
          channel: "web",
          accountId: account.id,
          productId: printer.id,
        })
      ).entitlementId,
    ).toBe(forPrinter.id);
    expect(
      (await admin.service.cases.create({ subject: "Other", channel: "web", accountId: account.id })).entitlementId,
    ).toBe(wide.id);
  });

  it("counts logged time against an hours entitlement and flags later cases once it is used up", async () => {
    t.clock.set("2026-03-02T09:00:00Z");
    const { admin, contract, account } = await contractTenant();
    const hours = await admin.service.entitlements.create({
      contractId: contract.id,
      name: "1 hour",
      unitKind: "hours",
      unitsTotal: 1,
    });
    const first = await admin.service.cases.create({ subject: "Consulting", channel: "phone", accountId: account.id });
    expect(first.entitlementStatus).toBe("covered");
    await admin.service.cases.logTime(first.id, { minutes: 45, note: "Setup" });
    expect(await admin.service.entitlements.usage(hours.id)).toMatchObject({
      unitsUsed: 0.75,
      unitsRemaining: 0.25,
      status: "covered",
    });
    const entry = await admin.service.cases.logTime(first.id, { minutes: 30 });
    expect(entry).toMatchObject({ caseId: first.id, minutes: 30, entitlementId: hours.id, userId: "ada" });
    expect((await admin.service.cases.timeEntries(first.id)).map((e) => e.minutes)).toEqual([45, 30]);
    expect(await admin.service.entitlements.usage(hours.id)).toMatchObject({
      unitsUsed: 1.25,
      unitsRemaining: 0,
      status: "exhausted",
    });
    const later = await admin.service.cases.create({ subject: "More", channel: "phone", accountId: account.id });
    expect(later.entitlementStatus).toBe("exhausted");
  });

  it("runs covered cases on the entitlement's SLA policy and support hours", async () => {
    t.clock.set("2026-03-06T20:00:00Z"); // Friday evening
    const { admin, contract, account } = await contractTenant();
    const always = await admin.service.calendars.create({
      name: "24/7",
      timeZone: "UTC",
      workingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "00:00", end: "24:00" })),
    });
    const gold = await admin.service.slaPolicies.create({
      name: "Gold",
      calendarId: always.id,
      targets: { normal: { firstResponseMinutes: 15, resolutionMinutes: 120 } },
    });
    await admin.service.entitlements.create({
      contractId: contract.id,
      name: "Gold cover",
      unitKind: "unlimited",
      slaPolicyId: gold.id,
      calendarId: always.id,
    });
    const covered = await admin.service.cases.create({
      subject: "Weekend outage",
      channel: "phone",
      accountId: account.id,
    });
    expect(covered).toMatchObject({
      slaPolicyId: gold.id,
      firstResponseDueAt: "2026-03-06T20:15:00.000Z",
      resolutionDueAt: "2026-03-06T22:00:00.000Z",
    });
    const uncovered = await admin.service.cases.create({ subject: "No contract", channel: "phone" });
    expect(uncovered.slaPolicyId).not.toBe(gold.id);
  });

  it("refuses entitlements outside their contract, of another account, with inconsistent units, and cases naming another account's entitlement", async () => {
    t.clock.set("2026-03-02T09:00:00Z");
    const { tenantId, admin, contract, account } = await contractTenant();
    const other = await admin.accounts.create({ name: "Other" });
    const theirs = await admin.service.entitlements.create({
      accountId: other.id,
      name: "Theirs",
      startDate: "2026-01-01",
      endDate: "2026-12-31",
      unitKind: "unlimited",
    });
    const attempts = [
      () =>
        admin.service.entitlements.create({
          contractId: contract.id,
          name: "Too long",
          endDate: "2027-06-30",
          unitKind: "unlimited",
        }),
      () =>
        admin.service.entitlements.create({
          contractId: contract.id,
          accountId: other.id,
          name: "Wrong account",
          unitKind: "unlimited",
        }),
      () =>
        admin.service.entitlements.create({
          contractId: contract.id,
          name: "Unlimited 5",
          unitKind: "unlimited",
          unitsTotal: 5,
        }),
      () => admin.service.entitlements.create({ contractId: contract.id, name: "No total", unitKind: "incidents" }),
      () => admin.service.entitlements.create({ accountId: account.id, name: "No dates", unitKind: "unlimited" }),
      () =>
        admin.service.contracts.create({
          accountId: account.id,
          name: "Backwards",
          startDate: "2026-05-01",
          endDate: "2026-04-01",
        }),
      () =>
        admin.service.contracts.create({
          accountId: "acc_01JZZZZZZZZZZZZZZZZZZZZZZZ",
          name: "Nobody",
          startDate: "2026-05-01",
          endDate: "2026-06-01",
        }),
      () =>
        admin.service.cases.create({
          subject: "Borrowed cover",
          channel: "web",
          accountId: account.id,
          entitlementId: theirs.id,
        }),
    ];
    for (const attempt of attempts)
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(ValidationError);
  });
});
