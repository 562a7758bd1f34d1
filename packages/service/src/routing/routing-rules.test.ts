import { ValidationError } from "@rapport/core";
import { expectNothingWritten, tenantSnapshot, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "../service-module.js";
import { OFFICE_HOURS, serviceTenant } from "../testing/service-fixtures.js";

describeEachAdapter("service routing rules", (target) => {
  const t = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [service({ timeZone: "Europe/Berlin" })],
  });

  it("matches language and business hours", async () => {
    const { admin, system, calendar, general } = await serviceTenant(t);
    const german = await admin.service.queues.create({ name: "Deutsch" });
    const night = await admin.service.queues.create({ name: "Night shift" });
    const rules = await admin.service.routing.ruleSets.create({
      name: "Hours",
      calendarId: calendar.id,
      rules: [
        { name: "After hours", when: { businessHours: "closed" }, action: { kind: "queue", queueId: night.id } },
        { name: "German", when: { languages: ["de"] }, action: { kind: "queue", queueId: german.id } },
      ],
      fallback: { kind: "queue", queueId: general.id },
    });
    await admin.service.routing.ruleSets.setEntry(rules.id);
    t.clock.set("2026-03-04T10:00:00Z"); // Wednesday 11:00 CET
    expect(
      (
        await system.service.intake({
          kind: "email",
          from: "a@example.at",
          subject: "Hallo",
          body: "…",
          language: "de-AT",
        })
      ).queueId,
    ).toBe(german.id);
    expect(
      (
        await system.service.intake({
          kind: "email",
          from: "b@example.com",
          subject: "Hello",
          body: "…",
          language: "en",
        })
      ).queueId,
    ).toBe(general.id);
    t.clock.set("2026-03-04T20:00:00Z"); // 21:00 CET
    expect(
      (
        await system.service.intake({
          kind: "email",
          from: "c@example.at",
          subject: "Hallo",
          body: "…",
          language: "de",
        })
      ).queueId,
    ).toBe(night.id);
  });

  it("follows rule sets into other rule sets", async () => {
    const { admin, system, general } = await serviceTenant(t);
    const vip = await admin.service.queues.create({ name: "VIP" });
    const inner = await admin.service.routing.ruleSets.create({
      name: "Email rules",
      rules: [
        {
          name: "VIP words",
          when: { keywords: ["urgent"] },
          action: { kind: "queue", queueId: vip.id, priority: "urgent" },
        },
      ],
      fallback: { kind: "queue", queueId: general.id },
    });
    const outer = await admin.service.routing.ruleSets.create({
      name: "Door",
      rules: [{ name: "Emails", when: { channels: ["email"] }, action: { kind: "rule_set", ruleSetId: inner.id } }],
      fallback: { kind: "queue", queueId: general.id },
    });
    await admin.service.routing.ruleSets.setEntry(outer.id);
    const preview = await admin.service.routing.preview({
      kind: "email",
      from: "x@example.com",
      subject: "URGENT: down",
      body: "…",
    });
    expect(preview).toMatchObject({
      ruleSetId: inner.id,
      ruleName: "VIP words",
      path: [outer.id, inner.id],
      action: { kind: "queue", queueId: vip.id },
    });
    const routed = await system.service.intake({
      kind: "email",
      from: "x@example.com",
      subject: "URGENT: down",
      body: "…",
    });
    expect(await system.service.cases.get(routed.caseId ?? "")).toMatchObject({ queueId: vip.id, priority: "urgent" });
  });

  it("previews without writing anything", async () => {
    const { tenantId, admin } = await serviceTenant(t);
    const before = await tenantSnapshot(t.adapter, tenantId);
    const decision = await admin.service.routing.preview({
      kind: "email",
      from: "x@example.com",
      subject: "refund now",
      body: "…",
    });
    expect(decision.ruleName).toBe("Complaints");
    expect(await tenantSnapshot(t.adapter, tenantId)).toEqual(before);
  });

  it("refuses a rule set that loops, directly or through another set, and writes nothing", async () => {
    const { tenantId, admin, general } = await serviceTenant(t);
    const a = await admin.service.routing.ruleSets.create({
      name: "A",
      fallback: { kind: "queue", queueId: general.id },
    });
    const b = await admin.service.routing.ruleSets.create({
      name: "B",
      rules: [{ name: "to A", action: { kind: "rule_set", ruleSetId: a.id } }],
      fallback: { kind: "queue", queueId: general.id },
    });
    const loop = await expectNothingWritten(t.adapter, tenantId, () =>
      admin.service.routing.ruleSets.update(a.id, {
        rules: [{ name: "to B", when: { keywords: ["x"] }, action: { kind: "rule_set", ruleSetId: b.id } }],
      }),
    );
    expect(loop).toBeInstanceOf(ValidationError);
    expect((loop as ValidationError).issues[0]?.path).toEqual(["rules", 0, "action", "ruleSetId"]);
    expect((loop as ValidationError).message).toMatch(/loop/);
    const self = await expectNothingWritten(t.adapter, tenantId, () =>
      admin.service.routing.ruleSets.update(b.id, { fallback: { kind: "rule_set", ruleSetId: b.id } }),
    );
    expect(self).toBeInstanceOf(ValidationError);
    expect((await admin.service.routing.ruleSets.get(a.id)).rules).toEqual([]);
  });

  it("refuses rules that name an unknown queue or rule set, or business hours without a calendar", async () => {
    const { tenantId, admin, general } = await serviceTenant(t);
    const attempts = [
      () =>
        admin.service.routing.ruleSets.create({
          name: "Q",
          rules: [{ name: "r", action: { kind: "queue", queueId: "que_01JZZZZZZZZZZZZZZZZZZZZZZZ" } }],
          fallback: { kind: "queue", queueId: general.id },
        }),
      () =>
        admin.service.routing.ruleSets.create({
          name: "F",
          fallback: { kind: "complaint", queueId: "que_01JZZZZZZZZZZZZZZZZZZZZZZZ" },
        }),
      () =>
        admin.service.routing.ruleSets.create({
          name: "S",
          fallback: { kind: "rule_set", ruleSetId: "rrs_01JZZZZZZZZZZZZZZZZZZZZZZZ" },
        }),
      () =>
        admin.service.routing.ruleSets.create({
          name: "H",
          rules: [{ name: "night", when: { businessHours: "closed" }, action: { kind: "queue", queueId: general.id } }],
          fallback: { kind: "queue", queueId: general.id },
        }),
      () =>
        admin.service.routing.ruleSets.create({
          name: "D",
          rules: [
            { name: "x", action: { kind: "queue", queueId: general.id } },
            { name: "x", action: { kind: "queue", queueId: general.id } },
          ],
          fallback: { kind: "queue", queueId: general.id },
        }),
    ];
    for (const attempt of attempts)
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(ValidationError);
  });

  it("keeps working hours on the rule set's own calendar", async () => {
    const { admin, system, general } = await serviceTenant(t);
    const tokyo = await admin.service.calendars.create({
      name: "Tokyo",
      timeZone: "Asia/Tokyo",
      workingHours: OFFICE_HOURS,
    });
    const night = await admin.service.queues.create({ name: "Tokyo closed" });
    const rules = await admin.service.routing.ruleSets.create({
      name: "Tokyo",
      calendarId: tokyo.id,
      rules: [{ name: "Closed", when: { businessHours: "closed" }, action: { kind: "queue", queueId: night.id } }],
      fallback: { kind: "queue", queueId: general.id },
    });
    await admin.service.routing.ruleSets.setEntry(rules.id);
    t.clock.set("2026-03-04T01:00:00Z"); // 10:00 in Tokyo
    expect((await system.service.intake({ kind: "web_form", subject: "Hi", message: "…" })).queueId).toBe(general.id);
    t.clock.set("2026-03-04T10:00:00Z"); // 19:00 in Tokyo
    expect((await system.service.intake({ kind: "web_form", subject: "Hi", message: "…" })).queueId).toBe(night.id);
  });
});
