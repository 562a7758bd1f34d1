import { ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "./service-module.js";
import { accountWithContact, recordEvents, serviceTenant } from "./testing/service-fixtures.js";

describeEachAdapter("service records: the standard verbs beside the domain ones", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [service()] });

  it("re-checks the contact's account when a case is updated", async () => {
    const { tenantId, admin } = await serviceTenant(t);
    const one = await accountWithContact(admin, "One");
    const two = await accountWithContact(admin, "Two");
    const created = await admin.service.cases.create({ subject: "Moving", channel: "web", contactId: one.contact.id });
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      admin.service.cases.update(created.id, { accountId: two.account.id }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    const moved = await admin.service.cases.update(created.id, {
      accountId: two.account.id,
      contactId: two.contact.id,
      subject: "Moved",
    });
    expect(moved).toMatchObject({ version: 2, accountId: two.account.id, contactId: two.contact.id, subject: "Moved" });
  });

  it("stops firing SLA events for an archived case", async () => {
    t.clock.set("2026-03-02T09:00:00Z");
    const { tenantId, admin } = await serviceTenant(t);
    const events = recordEvents(t, ["case.sla_warning", "case.sla_breached"], tenantId);
    const created = await admin.service.cases.create({ subject: "Spam", channel: "email", priority: "urgent" });
    await admin.service.cases.archive(created.id);
    t.clock.set("2026-03-03T09:00:00Z");
    await t.crm.jobs.runDue();
    events.off();
    expect(events.seen).toEqual([]);
  });

  it("creates many cases in one transaction, or none when one is invalid", async () => {
    const { tenantId, admin } = await serviceTenant(t);
    const created = await admin.service.cases.createMany([
      { subject: "First", channel: "web" },
      { subject: "Second", channel: "email", type: "complaint", severity: "low" },
    ]);
    expect(created.map((c) => [c.subject, c.status])).toEqual([
      ["First", "new"],
      ["Second", "new"],
    ]);
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      admin.service.cases.createMany([
        { subject: "Fine", channel: "web" },
        { subject: "Broken", channel: "pigeon" as never },
      ]),
    );
    expect(error).toBeInstanceOf(ValidationError);
  });

  it("upserts and bulk-creates calls, entitlements and work orders by their own create paths", async () => {
    const { admin } = await serviceTenant(t);
    const account = await admin.accounts.create({ name: "Bulk" });
    const calls = await admin.service.calls.createMany([
      {
        direction: "inbound",
        from: "+1",
        to: "2",
        startedAt: "2026-03-02T09:00:00Z",
        durationSeconds: 5,
        accountId: account.id,
      },
      { direction: "outbound", from: "2", to: "+1", startedAt: "2026-03-02T09:05:00Z", durationSeconds: 50 },
    ]);
    expect(calls.map((c) => c.activityId === null)).toEqual([false, true]);
    const call = await admin.service.calls.upsertByExternalId("pbx", "c-1", {
      direction: "inbound",
      from: "+1",
      to: "2",
      startedAt: "2026-03-02T10:00:00Z",
      durationSeconds: 5,
    });
    const callAgain = await admin.service.calls.upsertByExternalId("pbx", "c-1", {
      direction: "inbound",
      from: "+1",
      to: "2",
      startedAt: "2026-03-02T10:00:00Z",
      durationSeconds: 65,
    });
    expect([call.created, callAgain.created, callAgain.record.durationSeconds]).toEqual([true, false, 65]);

    const contract = await admin.service.contracts.create({
      accountId: account.id,
      name: "C",
      startDate: "2026-01-01",
      endDate: "2026-12-31",
    });
    const many = await admin.service.entitlements.createMany([
      { contractId: contract.id, name: "A", unitKind: "unlimited" },
      { contractId: contract.id, name: "B", unitKind: "incidents", unitsTotal: 3 },
    ]);
    expect(many.map((e) => [e.name, e.accountId])).toEqual([
      ["A", account.id],
      ["B", account.id],
    ]);
    const ent = await admin.service.entitlements.upsertByExternalId("erp", "E-1", {
      contractId: contract.id,
      name: "E",
      unitKind: "hours",
      unitsTotal: 10,
    });
    const entAgain = await admin.service.entitlements.upsertByExternalId("erp", "E-1", {
      contractId: contract.id,
      name: "E renamed",
      unitKind: "hours",
      unitsTotal: 20,
    });
    expect([ent.created, entAgain.created, entAgain.record.name, entAgain.record.unitsTotal]).toEqual([
      true,
      false,
      "E renamed",
      20,
    ]);

    const window = {
      windowStart: "2026-03-03T08:00:00Z",
      windowEnd: "2026-03-03T16:00:00Z",
      durationMinutes: 30,
      location: { city: "Berlin" },
    };
    const orders = await admin.service.workOrders.createMany([
      { title: "One", ...window },
      { title: "Two", ...window },
    ]);
    expect(orders.map((o) => o.status)).toEqual(["new", "new"]);
    const wo = await admin.service.workOrders.upsertByExternalId("erp", "W-1", { title: "W", ...window });
    const woAgain = await admin.service.workOrders.upsertByExternalId("erp", "W-1", { title: "W2", ...window });
    expect([wo.created, woAgain.created, woAgain.record.title]).toEqual([true, false, "W2"]);
  });

  it("reports the entry rule set", async () => {
    const { admin } = await serviceTenant(t);
    expect((await admin.service.routing.ruleSets.getEntry())?.name).toBe("Inbound");
  });
});
