import { ConflictError, ForbiddenError, InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "../service-module.js";
import { accountWithContact, recordEvents, serviceTenant } from "../testing/service-fixtures.js";

describeEachAdapter("service cases", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [service()] });

  it("creates a case with its account, contact, channel, type, priority and product, and emits case.created", async () => {
    const { admin, agent } = await serviceTenant(t);
    const { account, contact } = await accountWithContact(admin, "Globex");
    const product = await admin.products.create({ sku: "PRN-1", name: "Printer" });
    const events = recordEvents(t, ["case.created"]);
    const created = await agent("sam").service.cases.create({
      subject: "Printer jams",
      description: "Every third page",
      channel: "phone",
      type: "problem",
      priority: "high",
      accountId: account.id,
      contactId: contact.id,
      productId: product.id,
    });
    events.off();
    expect(created).toMatchObject({
      subject: "Printer jams",
      status: "new",
      channel: "phone",
      type: "problem",
      priority: "high",
      accountId: account.id,
      contactId: contact.id,
      productId: product.id,
      ownerId: "sam",
      severity: null,
      entitlementStatus: "none",
    });
    expect(events.of("case.created").map((e) => e.data.id)).toEqual([created.id]);
  });

  it("takes the account from the contact when only the contact is given", async () => {
    const { admin } = await serviceTenant(t);
    const { account, contact } = await accountWithContact(admin, "Initech");
    const created = await admin.service.cases.create({
      subject: "Login fails",
      channel: "email",
      contactId: contact.id,
    });
    expect(created.accountId).toBe(account.id);
  });

  it("refuses a contact of another account with a ValidationError and writes nothing", async () => {
    const { tenantId, admin } = await serviceTenant(t);
    const { account } = await accountWithContact(admin, "Globex");
    const other = await accountWithContact(admin, "Umbrella");
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      admin.service.cases.create({
        subject: "Wrong person",
        channel: "email",
        accountId: account.id,
        contactId: other.contact.id,
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toEqual(["contactId"]);
  });

  it("refuses an unknown queue with a ValidationError and writes nothing", async () => {
    const { tenantId, admin } = await serviceTenant(t);
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      admin.service.cases.create({ subject: "Somewhere", channel: "web", queueId: "que_01JZZZZZZZZZZZZZZZZZZZZZZZ" }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toEqual(["queueId"]);
  });

  it("refuses complaint fields on a case that is not a complaint, and unknown keys", async () => {
    const { tenantId, admin } = await serviceTenant(t);
    for (const input of [
      { subject: "Hm", channel: "web", type: "question", severity: "high" },
      { subject: "Hm", channel: "web", colour: "red" },
      { subject: "", channel: "web" },
      { subject: "Hm", channel: "fax" },
    ]) {
      const error = await expectNothingWritten(t.adapter, tenantId, () => admin.service.cases.create(input as never));
      expect(error).toBeInstanceOf(ValidationError);
    }
  });

  it("moves through new → open → pending → open → resolved → closed with events, and a closed case is final", async () => {
    const { tenantId, admin } = await serviceTenant(t);
    const events = recordEvents(t, ["case.status_changed", "case.resolved", "case.closed"]);
    const created = await admin.service.cases.create({ subject: "Slow", channel: "chat" });
    await admin.service.cases.open(created.id);
    await admin.service.cases.pend(created.id, { reason: "Asked for logs" });
    await admin.service.cases.open(created.id);
    const resolved = await admin.service.cases.resolve(created.id, { resolution: "Cleared the cache" });
    expect(resolved).toMatchObject({
      status: "resolved",
      resolution: "Cleared the cache",
      resolvedAt: t.clock.now().toISOString(),
    });
    const closed = await admin.service.cases.close(created.id);
    expect(closed).toMatchObject({ status: "closed", closedAt: t.clock.now().toISOString() });
    events.off();
    expect(events.of("case.status_changed").map((e) => `${e.data.from}>${e.data.to}`)).toEqual([
      "new>open",
      "open>pending",
      "pending>open",
      "open>resolved",
      "resolved>closed",
    ]);
    expect(events.of("case.resolved")).toHaveLength(1);
    expect(events.of("case.closed")).toHaveLength(1);

    const error = await expectNothingWritten(t.adapter, tenantId, () => admin.service.cases.resolve(created.id));
    expect(error).toBeInstanceOf(InvalidTransitionError);
    await expect(admin.service.cases.reopen(created.id)).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it("reopens a resolved case, and refuses to reopen one that is not resolved", async () => {
    const { admin } = await serviceTenant(t);
    const events = recordEvents(t, ["case.reopened"]);
    const created = await admin.service.cases.create({ subject: "Flaky", channel: "portal" });
    await expect(admin.service.cases.reopen(created.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    await admin.service.cases.resolve(created.id);
    const reopened = await admin.service.cases.reopen(created.id, { reason: "Came back" });
    events.off();
    expect(reopened).toMatchObject({ status: "open", resolvedAt: null });
    expect(events.of("case.reopened").map((e) => e.data.reason)).toEqual(["Came back"]);
  });

  it("checks expectedVersion on status verbs", async () => {
    const { tenantId, admin } = await serviceTenant(t);
    const created = await admin.service.cases.create({ subject: "Versioned", channel: "web" });
    await admin.service.cases.open(created.id, { expectedVersion: created.version });
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      admin.service.cases.pend(created.id, { expectedVersion: created.version }),
    );
    expect(error).toBeInstanceOf(ConflictError);
  });

  it("lets one of two concurrent writers with the same expectedVersion win, and the other gets ConflictError", async () => {
    const { admin } = await serviceTenant(t);
    const created = await admin.service.cases.create({ subject: "Contended", channel: "web" });
    const results = await Promise.allSettled([
      admin.service.cases.open(created.id, { expectedVersion: created.version }),
      admin.service.cases.resolve(created.id, { expectedVersion: created.version }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason).toBeInstanceOf(ConflictError);
    expect((await admin.service.cases.get(created.id)).version).toBe(created.version + 1);
  });

  it("assigns to a queue, which hands the case to its next agent, or straight to an agent; emits case.assigned", async () => {
    const { admin, general } = await serviceTenant(t);
    await admin.service.queues.addMember(general.id, { userId: "amy" });
    const events = recordEvents(t, ["case.assigned"]);
    const created = await admin.service.cases.create({ subject: "Route me", channel: "web", ownerId: null });
    const queued = await admin.service.cases.assign(created.id, { queueId: general.id });
    expect(queued).toMatchObject({ queueId: general.id, ownerId: "amy" });
    const direct = await admin.service.cases.assign(created.id, { agentId: "bob" });
    expect(direct).toMatchObject({ queueId: general.id, ownerId: "bob" });
    events.off();
    expect(events.of("case.assigned").map((e) => [e.data.agentId, e.data.previousAgentId])).toEqual([
      ["amy", null],
      ["bob", "amy"],
    ]);
  });

  it("a comment is a record of its own: an internal one leaves the case's version alone, is audited as case_comment and announced as case_comment.created then case.commented", async () => {
    const { admin, tenantId } = await serviceTenant(t);
    const created = await admin.service.cases.create({ subject: "Question", channel: "email" });
    const events = recordEvents(t, ["case_comment.created", "case.commented", "case.updated"], tenantId);
    const comment = await admin.service.cases.comment(created.id, {
      body: "Checking the logs",
      visibility: "internal",
    });
    events.off();
    expect((await admin.service.cases.get(created.id)).version).toBe(created.version);
    expect(events.seen.map((e) => e.type)).toEqual(["case_comment.created", "case.commented"]);
    expect(events.of("case.commented")[0]?.data).toEqual({
      id: created.id,
      commentId: comment.id,
      visibility: "internal",
      author: "agent",
    });
    const audit = (await t.crm.system(tenantId).audit.history("case_comment", comment.id)).items;
    expect(audit.map((a) => a.action)).toEqual(["create"]);
    expect(audit[0]?.changes.body).toEqual([null, "Checking the logs"]);
  });

  it("keeps internal comments from the customer's view, and a customer's reply reopens a pending case", async () => {
    const { admin } = await serviceTenant(t);
    const created = await admin.service.cases.create({ subject: "Question", channel: "email" });
    await admin.service.cases.comment(created.id, { body: "Probably the proxy", visibility: "internal" });
    await admin.service.cases.comment(created.id, { body: "Could you send the logs?", visibility: "public" });
    await admin.service.cases.pend(created.id);
    await admin.service.cases.comment(created.id, { body: "Here they are", author: "customer", visibility: "public" });
    const all = await admin.service.cases.comments(created.id);
    const visible = await admin.service.cases.comments(created.id, { visibility: "public" });
    expect(all.map((c) => c.body)).toEqual(["Probably the proxy", "Could you send the logs?", "Here they are"]);
    expect(visible.map((c) => c.body)).toEqual(["Could you send the logs?", "Here they are"]);
    expect((await admin.service.cases.get(created.id)).status).toBe("open");
    await expect(
      admin.service.cases.comment(created.id, { body: "x", author: "customer", visibility: "internal" }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("triages a question into a complaint with severity and root cause, and back", async () => {
    const { admin } = await serviceTenant(t);
    const created = await admin.service.cases.create({ subject: "Annoyed", channel: "phone" });
    const complaint = await admin.service.cases.triage(created.id, {
      type: "complaint",
      severity: "high",
      rootCause: "billing",
    });
    expect(complaint).toMatchObject({
      type: "complaint",
      severity: "high",
      rootCause: "billing",
      escalationLevel: "agent",
    });
    const back = await admin.service.cases.triage(created.id, { type: "question" });
    expect(back).toMatchObject({ type: "question", severity: null, rootCause: null, escalationLevel: null });
    await expect(admin.service.cases.triage(created.id, { severity: "low" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("limits verbs by permission: a read-only user can read but not resolve", async () => {
    const { tenantId, admin } = await serviceTenant(t);
    const created = await admin.service.cases.create({ subject: "Locked", channel: "web" });
    const reader = t.as(tenantId, "rita", ["read_only"]);
    expect((await reader.service.cases.get(created.id)).id).toBe(created.id);
    const error = await expectNothingWritten(t.adapter, tenantId, () => reader.service.cases.resolve(created.id));
    expect(error).toBeInstanceOf(ForbiddenError);
  });

  it("upserts a case by external id: creates it once, then updates its description", async () => {
    const { admin } = await serviceTenant(t);
    const first = await admin.service.cases.upsertByExternalId("erp", "T-1", {
      subject: "From ERP",
      channel: "portal",
    });
    const second = await admin.service.cases.upsertByExternalId("erp", "T-1", {
      subject: "From ERP",
      channel: "portal",
      description: "More",
    });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, record: { id: first.record.id, description: "More" } });
  });
});
