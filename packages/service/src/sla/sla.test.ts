import { ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "../service-module.js";
import { recordEvents, serviceTenant } from "../testing/service-fixtures.js";

const FRIDAY_4PM_BERLIN = "2026-03-27T15:00:00.000Z";

describeEachAdapter("service SLA policies and clocks", (target) => {
  const t = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [service({ timeZone: "Europe/Berlin" })],
  });

  /** A tenant whose default policy gives normal cases 60 minutes to respond and 480 to resolve, warning at 80 %. */
  async function tenantWithPolicy() {
    const tenant = await serviceTenant(t);
    await tenant.admin.service.slaPolicies.update(tenant.policy.id, {
      warningPercent: 80,
      targets: {
        normal: { firstResponseMinutes: 60, resolutionMinutes: 480 },
        urgent: { firstResponseMinutes: 15, resolutionMinutes: 120 },
      },
    });
    return tenant;
  }

  const slaEvents = ["case.sla_warning", "case.sla_breached"];
  const fired = (events: ReturnType<typeof recordEvents>) =>
    events.seen.map((e) => `${e.type.slice(9)}:${e.data.metric}`);

  it("seeds a default policy with targets for every priority", async () => {
    const { policy, calendar } = await serviceTenant(t);
    expect(policy).toMatchObject({ name: "Standard", isDefault: true, calendarId: calendar.id, warningPercent: 80 });
    expect(Object.keys(policy.targets).sort()).toEqual(["high", "low", "normal", "urgent"]);
  });

  it("fires each warning and breach exactly once across a weekend and the DST change", async () => {
    t.clock.set(FRIDAY_4PM_BERLIN);
    const { tenantId, admin } = await tenantWithPolicy();
    const events = recordEvents(t, slaEvents, tenantId);
    const created = await admin.service.cases.create({ subject: "Server down", channel: "phone" });
    // Response due Friday 17:00 CET; resolution: 60 minutes on Friday + 420 on Monday → 16:00 CEST = 14:00 UTC.
    expect(created).toMatchObject({
      firstResponseDueAt: "2026-03-27T16:00:00.000Z",
      firstResponseStatus: "running",
      resolutionDueAt: "2026-03-30T14:00:00.000Z",
      resolutionStatus: "running",
      slaPolicyId: expect.stringMatching(/^sla_/),
    });

    const run = async (at: string) => {
      t.clock.set(at);
      await t.crm.jobs.runDue();
      await t.crm.jobs.runDue();
    };
    await run("2026-03-27T15:47:00Z");
    expect(fired(events)).toEqual([]);
    await run("2026-03-27T15:48:00Z"); // 80 % of 60 minutes
    expect(fired(events)).toEqual(["warning:first_response"]);
    await run("2026-03-28T10:00:00Z"); // Saturday
    expect(fired(events)).toEqual(["warning:first_response", "breached:first_response"]);
    await run("2026-03-29T12:00:00Z"); // Sunday, after the clocks went forward
    await run("2026-03-30T12:23:00Z"); // Monday 14:23 CEST: 383 of 480 minutes
    expect(fired(events)).toHaveLength(2);
    await run("2026-03-30T12:24:00Z"); // 384 minutes = 80 %
    expect(fired(events)).toEqual(["warning:first_response", "breached:first_response", "warning:resolution"]);
    await run("2026-03-30T13:59:00Z");
    expect(fired(events)).toHaveLength(3);
    await run("2026-03-30T14:00:00Z");
    await run("2026-03-31T09:00:00Z");
    events.off();
    expect(fired(events)).toEqual([
      "warning:first_response",
      "breached:first_response",
      "warning:resolution",
      "breached:resolution",
    ]);

    const breached = await admin.service.cases.get(created.id);
    expect(breached).toMatchObject({
      firstResponseStatus: "breached",
      resolutionStatus: "breached",
      slaElapsedMinutes: 480,
    });
    const sla = await admin.service.cases.sla(created.id);
    expect(sla.resolution).toMatchObject({
      status: "breached",
      dueAt: "2026-03-30T14:00:00.000Z",
      targetMinutes: 480,
      breachedAt: "2026-03-30T14:00:00.000Z",
    });
    // Tuesday 11:00 CEST: all of Monday after 09:00 (480 to the breach, 60 more) and 120 on Tuesday.
    expect(sla.resolution?.elapsedMinutes).toBe(660);
  });

  it("skips a holiday on the policy's calendar: the breach comes a working day later", async () => {
    t.clock.set("2026-03-27T15:00:00Z"); // Friday 16:00 CET
    const { tenantId, admin, calendar } = await tenantWithPolicy();
    await admin.service.calendars.update(calendar.id, { holidays: [{ name: "Company day", start: "2026-03-30" }] });
    const events = recordEvents(t, ["case.sla_breached"], tenantId);
    const created = await admin.service.cases.create({ subject: "Over the holiday", channel: "email" });
    // 60 minutes on Friday, Monday is off, 420 on Tuesday → Tuesday 16:00 CEST = 14:00 UTC.
    expect(created.resolutionDueAt).toBe("2026-03-31T14:00:00.000Z");
    t.clock.set("2026-03-30T16:00:00Z");
    await t.crm.jobs.runDue();
    expect(events.seen.map((e) => e.data.metric)).toEqual(["first_response"]);
    t.clock.set("2026-03-31T14:00:00Z");
    await t.crm.jobs.runDue();
    await t.crm.jobs.runDue();
    events.off();
    expect(events.seen.map((e) => e.data.metric)).toEqual(["first_response", "resolution"]);
  });

  it("fires once when several runDue calls race", async () => {
    t.clock.set("2026-03-02T09:00:00Z");
    const { tenantId, admin } = await tenantWithPolicy();
    const events = recordEvents(t, slaEvents, tenantId);
    await admin.service.cases.create({ subject: "Race", channel: "web", priority: "urgent" });
    t.clock.set("2026-03-03T09:00:00Z");
    await Promise.all([t.crm.jobs.runDue(), t.crm.jobs.runDue(), t.crm.jobs.runDue(), t.crm.jobs.runDue()]);
    await t.crm.jobs.runDue();
    events.off();
    expect(fired(events).sort()).toEqual([
      "breached:first_response",
      "breached:resolution",
      "warning:first_response",
      "warning:resolution",
    ]);
  });

  it("pauses the clocks while the case waits on the customer and moves the due dates by the time paused", async () => {
    t.clock.set("2026-03-02T08:00:00Z"); // Monday 09:00 CET
    const { tenantId, admin } = await tenantWithPolicy();
    const events = recordEvents(t, slaEvents, tenantId);
    const created = await admin.service.cases.create({ subject: "Waiting", channel: "email" });
    expect(created.resolutionDueAt).toBe("2026-03-02T16:00:00.000Z");
    await admin.service.cases.comment(created.id, { body: "Which version?", visibility: "public" });
    t.clock.set("2026-03-02T09:00:00Z");
    const pending = await admin.service.cases.pend(created.id);
    expect(pending).toMatchObject({
      status: "pending",
      resolutionStatus: "paused",
      resolutionDueAt: null,
      slaElapsedMinutes: 60,
      firstResponseStatus: "met",
    });
    t.clock.set("2026-03-03T12:00:00Z"); // the job finds nothing while paused
    await t.crm.jobs.runDue();
    expect(fired(events)).toEqual([]);
    // The customer answers Tuesday 10:00 CET: 420 minutes left → Tuesday 17:00 CET.
    t.clock.set("2026-03-03T09:00:00Z");
    await admin.service.cases.comment(created.id, { body: "Version 7", author: "customer", visibility: "public" });
    const resumed = await admin.service.cases.get(created.id);
    expect(resumed).toMatchObject({
      status: "open",
      resolutionStatus: "running",
      resolutionDueAt: "2026-03-03T16:00:00.000Z",
    });
    t.clock.set("2026-03-03T11:00:00Z");
    const resolved = await admin.service.cases.resolve(created.id);
    expect(resolved).toMatchObject({ resolutionStatus: "met", slaElapsedMinutes: 180 });
    events.off();
  });

  it("records the first response when an agent answers publicly, not with an internal note", async () => {
    t.clock.set("2026-03-02T08:00:00Z");
    const { admin } = await tenantWithPolicy();
    const created = await admin.service.cases.create({ subject: "Hello", channel: "email" });
    t.clock.set("2026-03-02T08:10:00Z");
    await admin.service.cases.comment(created.id, { body: "Looking", visibility: "internal" });
    expect((await admin.service.cases.get(created.id)).firstResponseStatus).toBe("running");
    t.clock.set("2026-03-02T08:20:00Z");
    await admin.service.cases.comment(created.id, { body: "We are on it", visibility: "public" });
    const answered = await admin.service.cases.get(created.id);
    expect(answered).toMatchObject({ firstResponseStatus: "met", firstRespondedAt: "2026-03-02T08:20:00.000Z" });
    expect((await admin.service.cases.sla(created.id)).firstResponse).toMatchObject({
      status: "met",
      elapsedMinutes: 20,
      completedAt: "2026-03-02T08:20:00.000Z",
    });
  });

  it("records a breach at resolution when the job had not run yet, and the job does not fire it again", async () => {
    t.clock.set("2026-03-02T08:00:00Z");
    const { tenantId, admin } = await tenantWithPolicy();
    const events = recordEvents(t, slaEvents, tenantId);
    const created = await admin.service.cases.create({ subject: "Late", channel: "web", priority: "urgent" });
    t.clock.set("2026-03-02T11:00:00Z"); // 180 business minutes, over both targets
    const resolved = await admin.service.cases.resolve(created.id);
    expect(resolved).toMatchObject({ firstResponseStatus: "breached", resolutionStatus: "breached" });
    await t.crm.jobs.runDue();
    events.off();
    expect(fired(events).sort()).toEqual(["breached:first_response", "breached:resolution"]);
  });

  it("runs the resolution clock again on reopen, keeping the time counted", async () => {
    t.clock.set("2026-03-02T08:00:00Z");
    const { admin } = await tenantWithPolicy();
    const created = await admin.service.cases.create({ subject: "Again", channel: "web" });
    t.clock.set("2026-03-02T09:00:00Z");
    await admin.service.cases.resolve(created.id);
    t.clock.set("2026-03-03T08:00:00Z");
    const reopened = await admin.service.cases.reopen(created.id);
    // 60 minutes used; 420 left from Tuesday 09:00 CET → 16:00 CET = 15:00 UTC.
    expect(reopened).toMatchObject({
      resolutionStatus: "running",
      resolutionDueAt: "2026-03-03T15:00:00.000Z",
      firstResponseStatus: "met",
    });
  });

  it("retargets the clocks when the priority changes, keeping the time counted", async () => {
    t.clock.set("2026-03-02T08:00:00Z");
    const { admin } = await tenantWithPolicy();
    const created = await admin.service.cases.create({ subject: "Escalating", channel: "phone" });
    t.clock.set("2026-03-02T08:30:00Z");
    const urgent = await admin.service.cases.triage(created.id, { priority: "urgent" });
    // Urgent: 120 minutes to resolve, 30 used → due at 11:00 CET (10:00 UTC); response 15, 30 used → due now.
    expect(urgent).toMatchObject({
      priority: "urgent",
      resolutionDueAt: "2026-03-02T10:00:00.000Z",
      firstResponseDueAt: "2026-03-02T08:30:00.000Z",
    });
  });

  it("uses a policy's own calendar, and lets a policy become the default", async () => {
    t.clock.set("2026-03-02T08:00:00Z");
    const { admin, policy } = await tenantWithPolicy();
    const always = await admin.service.calendars.create({
      name: "24/7",
      timeZone: "UTC",
      workingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "00:00", end: "24:00" })),
    });
    const premium = await admin.service.slaPolicies.create({
      name: "24/7",
      calendarId: always.id,
      targets: { normal: { firstResponseMinutes: 30, resolutionMinutes: 1_440 } },
    });
    expect(premium.isDefault).toBe(false);
    await admin.service.slaPolicies.setDefault(premium.id);
    expect((await admin.service.slaPolicies.get(policy.id)).isDefault).toBe(false);
    expect((await admin.service.slaPolicies.getDefault())?.id).toBe(premium.id);
    const created = await admin.service.cases.create({ subject: "Around the clock", channel: "web" });
    expect(created).toMatchObject({ slaPolicyId: premium.id, resolutionDueAt: "2026-03-03T08:00:00.000Z" });
    const low = await admin.service.cases.create({ subject: "No target", channel: "web", priority: "low" });
    expect(low).toMatchObject({ slaPolicyId: null, resolutionStatus: null, resolutionDueAt: null });
  });

  it("refuses an SLA target of zero, an unknown calendar and a warning share of 100 %, writing nothing", async () => {
    const { tenantId, admin, calendar, policy } = await serviceTenant(t);
    const bad = [
      () =>
        admin.service.slaPolicies.create({
          name: "Zero",
          calendarId: calendar.id,
          targets: { high: { firstResponseMinutes: 0, resolutionMinutes: 60 } },
        }),
      () => admin.service.slaPolicies.create({ name: "None", calendarId: calendar.id, targets: {} }),
      () =>
        admin.service.slaPolicies.create({
          name: "Nowhere",
          calendarId: "bcal_01JZZZZZZZZZZZZZZZZZZZZZZZ",
          targets: { high: { firstResponseMinutes: 5, resolutionMinutes: 60 } },
        }),
      () =>
        admin.service.slaPolicies.create({
          name: "Late",
          calendarId: calendar.id,
          warningPercent: 100,
          targets: { high: { firstResponseMinutes: 5, resolutionMinutes: 60 } },
        }),
      () =>
        admin.service.slaPolicies.update(policy.id, {
          targets: { urgent: { firstResponseMinutes: 10, resolutionMinutes: 0 } },
        }),
    ];
    for (const attempt of bad) {
      const error = await expectNothingWritten(t.adapter, tenantId, attempt);
      expect(error).toBeInstanceOf(ValidationError);
    }
  });
});
