import { ForbiddenError, InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "../service-module.js";
import { recordEvents, serviceTenant } from "../testing/service-fixtures.js";

describeEachAdapter("service complaints", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [service()] });

  it("escalates a complaint by hand, one level at a time or straight to a level, never down", async () => {
    t.clock.set("2026-03-02T09:00:00Z");
    const { tenantId, admin } = await serviceTenant(t);
    const events = recordEvents(t, ["case.escalated"], tenantId);
    const complaint = await admin.service.cases.create({
      subject: "Rude driver",
      channel: "phone",
      type: "complaint",
      severity: "high",
      rootCause: "delivery",
    });
    expect(complaint).toMatchObject({ escalationLevel: "agent", severity: "high", rootCause: "delivery" });
    expect(
      await admin.service.complaints.escalate(complaint.id, { reason: "Customer asked for a supervisor" }),
    ).toMatchObject({ escalationLevel: "supervisor" });
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      admin.service.complaints.escalate(complaint.id, { level: "agent", reason: "Down" }),
    );
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect(
      await admin.service.complaints.escalate(complaint.id, { level: "manager", reason: "Threatens to cancel" }),
    ).toMatchObject({ escalationLevel: "manager" });
    await expect(admin.service.complaints.escalate(complaint.id, { reason: "Higher?" })).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    events.off();
    expect(events.seen.map((e) => [e.data.from, e.data.to, e.data.ruleId])).toEqual([
      ["agent", "supervisor", null],
      ["supervisor", "manager", null],
    ]);
  });

  it("refuses to escalate a case that is not a complaint, and lets only allowed roles escalate", async () => {
    const { tenantId, admin } = await serviceTenant(t);
    const question = await admin.service.cases.create({ subject: "How do I…", channel: "web" });
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        admin.service.complaints.escalate(question.id, { reason: "No" }),
      ),
    ).toBeInstanceOf(InvalidTransitionError);
    const complaint = await admin.service.cases.create({ subject: "Bad", channel: "web", type: "complaint" });
    const reader = t.as(tenantId, "rita", ["read_only"]);
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        reader.service.complaints.escalate(complaint.id, { reason: "x" }),
      ),
    ).toBeInstanceOf(ForbiddenError);
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        admin.service.complaints.escalate(complaint.id, { reason: "" }),
      ),
    ).toBeInstanceOf(ValidationError);
  });

  it("escalates critical complaints on arrival by rule, moving them to the rule's queue", async () => {
    const { admin } = await serviceTenant(t);
    const managers = await admin.service.queues.create({ name: "Complaint managers" });
    await admin.service.queues.addMember(managers.id, { userId: "mia" });
    await admin.service.complaints.rules.create({
      name: "Critical to managers",
      trigger: "created",
      severities: ["critical"],
      toLevel: "manager",
      queueId: managers.id,
    });
    const critical = await admin.service.cases.create({
      subject: "Injury",
      channel: "phone",
      type: "complaint",
      severity: "critical",
    });
    expect(critical).toMatchObject({ escalationLevel: "manager", queueId: managers.id, ownerId: "mia" });
    const mild = await admin.service.cases.create({
      subject: "Late",
      channel: "phone",
      type: "complaint",
      severity: "low",
    });
    expect(mild).toMatchObject({ escalationLevel: "agent", queueId: null });
  });

  it("escalates aged complaints from runDue exactly once", async () => {
    t.clock.set("2026-03-02T09:00:00Z");
    const { tenantId, admin } = await serviceTenant(t);
    await admin.service.complaints.rules.create({
      name: "Unanswered hour",
      trigger: "aged",
      afterMinutes: 60,
      toLevel: "supervisor",
    });
    const events = recordEvents(t, ["case.escalated"], tenantId);
    const complaint = await admin.service.cases.create({ subject: "Waiting", channel: "email", type: "complaint" });
    const resolved = await admin.service.cases.create({ subject: "Handled", channel: "email", type: "complaint" });
    await admin.service.cases.resolve(resolved.id);
    t.clock.set("2026-03-02T09:59:00Z");
    await t.crm.jobs.runDue();
    expect(events.seen).toHaveLength(0);
    t.clock.set("2026-03-02T10:00:00Z");
    await Promise.all([t.crm.jobs.runDue(), t.crm.jobs.runDue()]);
    await t.crm.jobs.runDue();
    events.off();
    expect(events.seen.map((e) => e.data.id)).toEqual([complaint.id]);
    expect((await admin.service.cases.get(complaint.id)).escalationLevel).toBe("supervisor");
  });

  it("escalates a complaint whose SLA breaks, by rule", async () => {
    t.clock.set("2026-03-02T09:00:00Z");
    const { admin } = await serviceTenant(t);
    await admin.service.complaints.rules.create({
      name: "Breach to manager",
      trigger: "sla_breached",
      toLevel: "manager",
    });
    const complaint = await admin.service.cases.create({
      subject: "Broken",
      channel: "email",
      type: "complaint",
      priority: "urgent",
    });
    t.clock.set("2026-03-02T09:31:00Z"); // past the 30-minute urgent response target
    await t.crm.jobs.runDue();
    expect(await admin.service.cases.get(complaint.id)).toMatchObject({
      firstResponseStatus: "breached",
      escalationLevel: "manager",
    });
  });

  it("keeps the complaint register in SQL: accounts, filters, pages and a summary by root cause and severity", async () => {
    t.clock.set("2026-03-02T09:00:00Z");
    const { tenantId, admin } = await serviceTenant(t);
    const globex = await admin.accounts.create({ name: "Globex" });
    const first = await admin.service.cases.create({
      subject: "Wrong bill",
      channel: "email",
      type: "complaint",
      severity: "high",
      rootCause: "billing",
      accountId: globex.id,
    });
    t.clock.set("2026-03-02T10:00:00Z");
    const second = await admin.service.cases.create({
      subject: "Double charge",
      channel: "phone",
      type: "complaint",
      severity: "high",
      rootCause: "billing",
    });
    t.clock.set("2026-03-02T11:00:00Z");
    const third = await admin.service.cases.create({
      subject: "Late parcel",
      channel: "web",
      type: "complaint",
      severity: "low",
    });
    await admin.service.cases.create({ subject: "Not a complaint", channel: "web" });
    await admin.service.cases.resolve(first.id);
    await admin.service.complaints.escalate(second.id, { reason: "Repeat" });

    const page1 = await admin.service.complaints.register({ limit: 2 });
    expect(page1.items.map((e) => e.caseId)).toEqual([third.id, second.id]);
    const page2 = await admin.service.complaints.register({ limit: 2, cursor: page1.nextCursor ?? "" });
    expect(page2).toMatchObject({
      nextCursor: null,
      items: [
        {
          caseId: first.id,
          accountName: "Globex",
          status: "resolved",
          severity: "high",
          rootCause: "billing",
          receivedAt: "2026-03-02T09:00:00.000Z",
        },
      ],
    });
    expect(
      (await admin.service.complaints.register({ state: "open", severity: "high" })).items.map((e) => [
        e.caseId,
        e.escalationLevel,
      ]),
    ).toEqual([[second.id, "supervisor"]]);
    expect(
      (await admin.service.complaints.register({ from: "2026-03-02T09:30:00Z", to: "2026-03-02T10:30:00Z" })).items.map(
        (e) => e.caseId,
      ),
    ).toEqual([second.id]);

    expect(await admin.service.complaints.summary()).toEqual([
      { rootCause: "billing", severity: "high", received: 2, open: 1, escalated: 1, slaBreached: 0 },
      { rootCause: null, severity: "low", received: 1, open: 1, escalated: 0, slaBreached: 0 },
    ]);
    const analyst = t.as(tenantId, "ann", ["analyst"]);
    expect((await analyst.service.complaints.summary({ from: "2026-03-02T10:30:00Z" })).map((r) => r.received)).toEqual(
      [1],
    );
    await expect(t.as(tenantId, "rita", ["read_only"]).service.complaints.register()).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(admin.service.complaints.register({ cursor: "garbage" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("refuses escalation rules without their age, with an age they do not use, or with an unknown queue", async () => {
    const { tenantId, admin } = await serviceTenant(t);
    const attempts = [
      () => admin.service.complaints.rules.create({ name: "No age", trigger: "aged", toLevel: "supervisor" }),
      () =>
        admin.service.complaints.rules.create({
          name: "Odd age",
          trigger: "created",
          afterMinutes: 5,
          toLevel: "supervisor",
        }),
      () =>
        admin.service.complaints.rules.create({
          name: "Nowhere",
          trigger: "created",
          toLevel: "manager",
          queueId: "que_01JZZZZZZZZZZZZZZZZZZZZZZZ",
        }),
      () => admin.service.complaints.rules.create({ name: "Down", trigger: "created", toLevel: "agent" as never }),
    ];
    for (const attempt of attempts)
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(ValidationError);
  });
});
