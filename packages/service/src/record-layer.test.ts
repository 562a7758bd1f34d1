import { InvalidTransitionError } from "@rapport/core";
import { expectNothingWritten, tenantSnapshot, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "./service-module.js";
import { recordEvents, serviceTenant } from "./testing/service-fixtures.js";

describeEachAdapter("service verbs on the record layer", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [service()] });

  it("refuses a case status move with InvalidTransitionError naming the verb, the state and the allowed states, writing nothing", async () => {
    const { tenantId, admin } = await serviceTenant(t);
    const created = await admin.service.cases.create({ subject: "Too early", channel: "web" });
    const close = await expectNothingWritten(t.adapter, tenantId, () => admin.service.cases.close(created.id));
    expect(close).toBeInstanceOf(InvalidTransitionError);
    expect((close as InvalidTransitionError).details).toEqual({
      id: created.id,
      verb: "close",
      state: "new",
      allowed: ["resolved"],
    });
    const reopen = await expectNothingWritten(t.adapter, tenantId, () => admin.service.cases.reopen(created.id));
    expect((reopen as InvalidTransitionError).details).toMatchObject({ verb: "reopen", allowed: ["resolved"] });
  });

  it("resolves a case as one versioned change: audited as change_status, case.updated then the verb's events with the new version", async () => {
    const { tenantId, admin, system } = await serviceTenant(t);
    const created = await admin.service.cases.create({ subject: "Printer", channel: "web" });
    const events = recordEvents(t, ["case.updated", "case.status_changed", "case.resolved"], tenantId);
    const resolved = await admin.service.cases.resolve(created.id, { resolution: "Paper" });
    events.off();
    expect(resolved.version).toBe(created.version + 1);
    expect(events.seen.map((e) => e.type)).toEqual(["case.updated", "case.status_changed", "case.resolved"]);
    expect(events.of("case.updated")[0]?.data).toMatchObject({ id: created.id, version: resolved.version });
    expect(events.of("case.updated")[0]?.data.changed).toEqual(expect.arrayContaining(["status", "resolvedAt"]));
    const audit = (await system.audit.history("case", created.id)).items;
    expect(audit.map((a) => a.action)).toEqual(["create", "change_status"]);
    expect(audit[1]?.changes.status).toEqual(["new", "resolved"]);
  });

  it("an assignment that changes nothing writes nothing, emits nothing and keeps the version", async () => {
    const { tenantId, admin, general } = await serviceTenant(t);
    await admin.service.queues.addMember(general.id, { userId: "amy" });
    const created = await admin.service.cases.create({ subject: "Same place", channel: "web", queueId: general.id });
    const before = await tenantSnapshot(t.adapter, tenantId);
    const events = recordEvents(t, ["case.updated", "case.assigned"], tenantId);
    const same = await admin.service.cases.assign(created.id, { queueId: general.id, agentId: created.ownerId });
    events.off();
    expect(same.version).toBe(created.version);
    expect(events.seen).toEqual([]);
    expect(await tenantSnapshot(t.adapter, tenantId)).toEqual(before);
  });

  it("logs time as a change of the case: a new version, audited as log_time with the entry, and case.time_logged", async () => {
    const { tenantId, admin, system } = await serviceTenant(t);
    const created = await admin.service.cases.create({ subject: "Long call", channel: "phone" });
    const events = recordEvents(t, ["case.time_logged"], tenantId);
    const entry = await admin.service.cases.logTime(created.id, { minutes: 25, note: "Walkthrough" });
    events.off();
    expect((await admin.service.cases.get(created.id)).version).toBe(created.version + 1);
    expect(events.of("case.time_logged").map((e) => e.data.minutes)).toEqual([25]);
    const audit = (await system.audit.history("case", created.id)).items;
    expect(audit.map((a) => a.action)).toEqual(["create", "log_time"]);
    expect(audit[1]?.changes.timeEntry).toEqual([null, { id: entry.id, minutes: 25, note: "Walkthrough" }]);
  });

  it("records queue membership as versioned changes of the queue; adding a member again as they are writes nothing", async () => {
    const { tenantId, admin, system } = await serviceTenant(t);
    const queue = await admin.service.queues.create({ name: "Billing" });
    await admin.service.queues.addMember(queue.id, { userId: "amy" });
    await admin.service.queues.setAvailability(queue.id, "amy", false);
    await admin.service.queues.removeMember(queue.id, "amy");
    expect((await admin.service.queues.get(queue.id)).version).toBe(queue.version + 3);
    const audit = (await system.audit.history("service_queue", queue.id)).items;
    expect(audit.map((a) => [a.action, a.changes.member])).toEqual([
      ["create", undefined],
      ["add_member", [null, { member: "amy", available: true }]],
      [
        "set_availability",
        [
          { member: "amy", available: true },
          { member: "amy", available: false },
        ],
      ],
      ["remove_member", [{ member: "amy", available: false }, null]],
    ]);
    await admin.service.queues.addMember(queue.id, { userId: "bob" });
    const before = await tenantSnapshot(t.adapter, tenantId);
    const events = recordEvents(t, ["service_queue.member_added", "service_queue.updated"], tenantId);
    await admin.service.queues.addMember(queue.id, { userId: "bob" });
    events.off();
    expect(events.seen).toEqual([]);
    expect(await tenantSnapshot(t.adapter, tenantId)).toEqual(before);
  });

  it("moves the default SLA policy by versioned changes of both policies, and emits default_changed with the previous one", async () => {
    const { tenantId, admin, system, policy, calendar } = await serviceTenant(t);
    const next = await admin.service.slaPolicies.create({
      name: "Premium",
      calendarId: calendar.id,
      targets: { urgent: { firstResponseMinutes: 15, resolutionMinutes: 120 } },
    });
    const events = recordEvents(t, ["sla_policy.default_changed"], tenantId);
    const made = await admin.service.slaPolicies.setDefault(next.id);
    events.off();
    expect(made).toMatchObject({ isDefault: true, version: next.version + 1 });
    expect(await admin.service.slaPolicies.get(policy.id)).toMatchObject({
      isDefault: false,
      version: policy.version + 1,
    });
    expect(events.of("sla_policy.default_changed").map((e) => e.data)).toEqual([
      { id: next.id, previousId: policy.id },
    ]);
    const audit = (await system.audit.history("sla_policy", policy.id)).items;
    expect(audit.at(-1)).toMatchObject({ action: "set_default", changes: { isDefault: [true, false] } });
  });

  it("refuses a work order move out of order with InvalidTransitionError naming the allowed states, writing nothing", async () => {
    t.clock.set("2026-03-02T12:00:00Z");
    const { tenantId, admin } = await serviceTenant(t);
    const order = await admin.service.workOrders.create({
      title: "Boiler service",
      location: { address: "Hauptstr. 1", city: "Berlin", country: "DE" },
      requiredSkills: ["hvac"],
      durationMinutes: 90,
      windowStart: "2026-03-03T08:00:00Z",
      windowEnd: "2026-03-03T16:00:00Z",
    });
    const error = await expectNothingWritten(t.adapter, tenantId, () => admin.service.workOrders.arrive(order.id));
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as InvalidTransitionError).details).toEqual({
      id: order.id,
      verb: "arrive",
      state: "new",
      allowed: ["en_route"],
    });
  });
});
