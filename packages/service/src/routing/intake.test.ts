import { ConflictError, IdempotencyKeyError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "../service-module.js";
import { accountWithContact, recordEvents, serviceTenant } from "../testing/service-fixtures.js";

describeEachAdapter("service intake and routing", (target) => {
  const t = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [service({ timeZone: "Europe/Berlin" })],
  });

  /** A tenant with its own entry rules: gold accounts to Premium, "invoice" to Billing, calls to Phone, the rest to General. */
  async function routedTenant() {
    const tenant = await serviceTenant(t);
    const { admin } = tenant;
    const premium = await admin.service.queues.create({ name: "Premium" });
    const billing = await admin.service.queues.create({ name: "Billing" });
    const phone = await admin.service.queues.create({ name: "Phone support" });
    await admin.service.queues.addMember(phone.id, { userId: "pia" });
    const rules = await admin.service.routing.ruleSets.create({
      name: "Front door",
      rules: [
        { name: "Gold customers", when: { accountTiers: ["gold"] }, action: { kind: "queue", queueId: premium.id } },
        {
          name: "Invoices",
          when: { keywords: ["invoice"] },
          action: { kind: "queue", queueId: billing.id, priority: "high" },
        },
        { name: "Calls", when: { channels: ["phone"] }, action: { kind: "queue", queueId: phone.id } },
      ],
      fallback: { kind: "queue", queueId: tenant.general.id },
    });
    await admin.service.routing.ruleSets.setEntry(rules.id);
    return { ...tenant, premium, billing, phone, rules };
  }

  it("routes an email, a call and a web form through intake to where the rules say", async () => {
    t.clock.set("2026-03-04T10:00:00Z");
    const { tenantId, admin, system, premium, billing, phone, general } = await routedTenant();
    const gold = await accountWithContact(admin, "Goldberg", "gina@goldberg.example");
    await admin.service.contracts.create({
      accountId: gold.account.id,
      name: "Gold support",
      tier: "gold",
      startDate: "2026-01-01",
      endDate: "2026-12-31",
    });
    const events = recordEvents(t, ["intake.routed"], tenantId);

    const email = await system.service.intake({
      kind: "email",
      from: "Gina@Goldberg.example",
      subject: "Cannot log in",
      body: "Since this morning",
    });
    expect(email).toMatchObject({
      channel: "email",
      destination: "case",
      queueId: premium.id,
      ruleName: "Gold customers",
      replayed: false,
    });
    expect(await admin.service.cases.get(email.caseId ?? "")).toMatchObject({
      channel: "email",
      accountId: gold.account.id,
      contactId: gold.contact.id,
      subject: "Cannot log in",
      description: "Since this morning",
      intakeId: email.intakeId,
    });

    const call = await system.service.intake({
      kind: "call",
      from: "+4930111222",
      to: "200",
      startedAt: "2026-03-04T09:50:00Z",
      durationSeconds: 420,
      disposition: "answered",
      recordingRef: "rec-778",
      notes: "Printer offline",
    });
    expect(call).toMatchObject({
      channel: "phone",
      queueId: phone.id,
      ruleName: "Calls",
      agentId: "pia",
      callId: expect.stringMatching(/^call_/),
    });
    expect(await admin.service.calls.get(call.callId ?? "")).toMatchObject({
      direction: "inbound",
      from: "+4930111222",
      to: "200",
      durationSeconds: 420,
      recordingRef: "rec-778",
      caseId: call.caseId,
      ownerId: "pia",
    });

    const form = await system.service.intake({
      kind: "web_form",
      subject: "Question about my invoice",
      message: "Line 3 is wrong",
      fields: { order: "A-17" },
    });
    expect(form).toMatchObject({ channel: "web", queueId: billing.id, ruleName: "Invoices" });
    expect(await admin.service.cases.get(form.caseId ?? "")).toMatchObject({
      priority: "high",
      description: "Line 3 is wrong\n\norder: A-17",
    });

    const chat = await system.service.intake({
      kind: "chat",
      transcript: [
        { from: "bot", text: "Hi!" },
        { from: "customer", text: "My screen flickers" },
      ],
    });
    expect(chat).toMatchObject({ channel: "chat", queueId: general.id, ruleName: null });
    expect((await admin.service.cases.get(chat.caseId ?? "")).subject).toBe("My screen flickers");

    events.off();
    expect(events.seen.map((e) => e.data.queueId)).toEqual([premium.id, phone.id, billing.id, general.id]);
    expect(await admin.service.intakes.get(form.intakeId)).toMatchObject({ ...form, replayed: false });
  });

  it("puts a call on the case's timeline as a call activity", async () => {
    t.clock.set("2026-03-04T10:00:00Z");
    const { system, admin } = await routedTenant();
    const call = await system.service.intake({
      kind: "call",
      from: "+4930999",
      to: "200",
      startedAt: "2026-03-04T09:58:00Z",
      durationSeconds: 90,
      disposition: "answered",
    });
    const timeline = await admin.activities.timeline({ type: "case", id: call.caseId ?? "" });
    expect(timeline.items).toHaveLength(1);
    expect(timeline.items[0]).toMatchObject({
      kind: "call",
      durationMinutes: 2,
      outcome: "answered",
      occurredAt: "2026-03-04T09:58:00.000Z",
    });
    expect((await admin.service.calls.get(call.callId ?? "")).activityId).toBe(timeline.items[0]?.id);
  });

  it("sends complaints to the complaint handler with the seeded rules", async () => {
    const { system, complaints } = await serviceTenant(t);
    const routed = await system.service.intake({
      kind: "email",
      from: "angry@example.com",
      subject: "I want a refund",
      body: "Broken on arrival",
    });
    expect(routed).toMatchObject({ queueId: complaints.id, ruleName: "Complaints" });
    expect(await system.service.cases.get(routed.caseId ?? "")).toMatchObject({
      type: "complaint",
      severity: "medium",
      escalationLevel: "agent",
    });
  });

  it("files a buying enquiry as a case in the fallback queue when the sales module is not installed", async () => {
    const { system, general } = await serviceTenant(t);
    const routed = await system.service.intake({
      kind: "web_form",
      subject: "Pricing for 20 seats",
      message: "Please send a quote",
      customer: { email: "buyer@example.com" },
    });
    expect(routed).toMatchObject({
      destination: "case",
      queueId: general.id,
      ruleName: "Buying enquiries",
      leadId: null,
    });
    expect(routed.note).toMatch(/sales module is not installed/);
  });

  it("returns the first result for a repeated idempotency key, and refuses the key for another request", async () => {
    const { tenantId, system } = await serviceTenant(t);
    const request = {
      kind: "email",
      from: "dup@example.com",
      subject: "Twice",
      body: "Sent twice",
      idempotencyKey: "msg-1",
    } as const;
    const first = await system.service.intake(request);
    const again = await system.service.intake(request);
    expect(again).toMatchObject({ ...first, replayed: true });
    expect(
      (await system.service.cases.list({ filter: [{ field: "subject", op: "eq", value: "Twice" }] })).items,
    ).toHaveLength(1);
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      system.service.intake({ ...request, body: "Something else" }),
    );
    expect(error).toBeInstanceOf(IdempotencyKeyError);
    expect(error).not.toBeInstanceOf(ConflictError);
    expect((error as IdempotencyKeyError).code).toBe("IDEMPOTENCY_KEY_REUSED");
  });

  it("creates one case when the same idempotency key arrives concurrently", async () => {
    const { system } = await serviceTenant(t);
    const request = {
      kind: "web_form",
      subject: "Concurrent",
      message: "Same form, posted five times",
      idempotencyKey: "form-race",
    } as const;
    const results = await Promise.all(Array.from({ length: 5 }, () => system.service.intake(request)));
    expect(new Set(results.map((r) => r.intakeId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(
      (await system.service.cases.list({ filter: [{ field: "subject", op: "eq", value: "Concurrent" }] })).items,
    ).toHaveLength(1);
  });

  it("refuses bad requests — a negative call duration, an unknown kind, a contact of another account — and writes nothing", async () => {
    const { tenantId, system, admin } = await serviceTenant(t);
    const one = await accountWithContact(admin, "One");
    const two = await accountWithContact(admin, "Two");
    const attempts = [
      () =>
        system.service.intake({
          kind: "call",
          from: "+491",
          to: "2",
          startedAt: "2026-03-04T09:00:00Z",
          durationSeconds: -5,
        }),
      () => system.service.intake({ kind: "fax", from: "x" } as never),
      () => system.service.intake({ kind: "email", from: "not-an-email", subject: "x", body: "y" }),
      () =>
        system.service.intake({
          kind: "email",
          from: "a@example.com",
          subject: "x",
          body: "y",
          accountId: one.account.id,
          contactId: two.contact.id,
        }),
    ];
    for (const attempt of attempts)
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(ValidationError);
  });
});
