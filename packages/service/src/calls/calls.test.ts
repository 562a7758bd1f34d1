import { ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "../service-module.js";
import { accountWithContact, serviceTenant } from "../testing/service-fixtures.js";

describeEachAdapter("service calls", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [service()] });

  it("logs a call on a case and shows it on the case's and the account's timelines", async () => {
    const { agent, admin } = await serviceTenant(t);
    const sam = agent("sam");
    const { account, contact } = await accountWithContact(admin, "Globex");
    const support = await sam.service.cases.create({
      subject: "Printer",
      channel: "phone",
      accountId: account.id,
      contactId: contact.id,
    });
    const call = await sam.service.calls.create({
      direction: "outbound",
      from: "200",
      to: "+4930123456",
      startedAt: "2026-03-02T09:15:00Z",
      durationSeconds: 340,
      disposition: "answered",
      recordingRef: "https://pbx.example/rec/1",
      notes: "Walked through the reset",
      contactId: contact.id,
      caseId: support.id,
    });
    expect(call).toMatchObject({
      direction: "outbound",
      durationSeconds: 340,
      ownerId: "sam",
      caseId: support.id,
      activityId: expect.any(String),
    });
    const caseTimeline = await sam.activities.timeline({ type: "case", id: support.id });
    expect(caseTimeline.items.map((a) => [a.id, a.kind, a.durationMinutes, a.body])).toEqual([
      [call.activityId, "call", 6, "Walked through the reset"],
    ]);
    const accountTimeline = await sam.activities.timeline({ type: "account", id: account.id });
    expect(accountTimeline.items.map((a) => a.id)).toContain(call.activityId);
    expect(
      (await sam.service.calls.list({ filter: [{ field: "caseId", op: "eq", value: support.id }] })).items.map(
        (c) => c.id,
      ),
    ).toEqual([call.id]);
  });

  it("puts a call with only a contact on the contact's timeline; a call with no link has no activity", async () => {
    const { admin } = await serviceTenant(t);
    const { contact } = await accountWithContact(admin, "Initech");
    const linked = await admin.service.calls.create({
      direction: "inbound",
      from: "+1555",
      to: "100",
      startedAt: "2026-03-02T10:00:00Z",
      durationSeconds: 0,
      disposition: "no_answer",
      contactId: contact.id,
    });
    expect((await admin.activities.timeline({ type: "contact", id: contact.id })).items.map((a) => a.id)).toEqual([
      linked.activityId,
    ]);
    const loose = await admin.service.calls.create({
      direction: "inbound",
      from: "anonymous",
      to: "100",
      startedAt: "2026-03-02T10:05:00Z",
      durationSeconds: 12,
    });
    expect(loose.activityId).toBeNull();
  });

  it("updates what is known after the call", async () => {
    const { admin } = await serviceTenant(t);
    const call = await admin.service.calls.create({
      direction: "inbound",
      from: "+1555",
      to: "100",
      startedAt: "2026-03-02T10:00:00Z",
      durationSeconds: 30,
    });
    const updated = await admin.service.calls.update(
      call.id,
      { disposition: "callback_requested", recordingRef: "rec-9" },
      { expectedVersion: 1 },
    );
    expect(updated).toMatchObject({ version: 2, disposition: "callback_requested", recordingRef: "rec-9" });
  });

  it("refuses a negative duration, unknown links, a contact of another account and a lead without sales, writing nothing", async () => {
    const { tenantId, admin } = await serviceTenant(t);
    const one = await accountWithContact(admin, "One");
    const two = await accountWithContact(admin, "Two");
    const base = {
      direction: "inbound",
      from: "+1",
      to: "2",
      startedAt: "2026-03-02T10:00:00Z",
      durationSeconds: 10,
    } as const;
    const attempts = [
      () => admin.service.calls.create({ ...base, durationSeconds: -1 }),
      () => admin.service.calls.create({ ...base, caseId: "case_01JZZZZZZZZZZZZZZZZZZZZZZZ" }),
      () => admin.service.calls.create({ ...base, accountId: one.account.id, contactId: two.contact.id }),
      () => admin.service.calls.create({ ...base, leadId: "lead_01JZZZZZZZZZZZZZZZZZZZZZZZ" }),
      () => admin.service.calls.create({ ...base, direction: "sideways" as never }),
      () => admin.service.calls.create({ ...base, startedAt: "yesterday" }),
    ];
    for (const attempt of attempts) {
      const error = await expectNothingWritten(t.adapter, tenantId, attempt);
      expect(error).toBeInstanceOf(ValidationError);
    }
  });
});
