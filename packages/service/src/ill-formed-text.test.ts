import { ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "./service-module.js";
import { serviceTenant } from "./testing/service-fixtures.js";

/** Text no adapter stores alike: a lone surrogate (ill-formed UTF-16) and the NUL character. */
const BAD_TEXTS = ["bad \uD800 text", "nul \u0000"];

const WINDOW = { windowStart: "2026-03-03T08:00:00Z", windowEnd: "2026-03-03T16:00:00Z" };

describeEachAdapter("service text inputs refuse NUL and lone surrogates", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [service()] });

  /** A tenant with a case, a complaint and a work order to aim verbs at. */
  async function targets() {
    t.clock.set("2026-03-02T12:00:00Z");
    const tenant = await serviceTenant(t);
    const { admin } = tenant;
    const account = await admin.accounts.create({ name: "Globex", type: "customer" });
    const problem = await admin.service.cases.create({ subject: "Printer jams", channel: "phone" });
    const complaint = await admin.service.cases.create({ subject: "Rude driver", channel: "web", type: "complaint" });
    const order = await admin.service.workOrders.create({
      title: "Boiler service",
      location: { city: "Berlin" },
      durationMinutes: 60,
      ...WINDOW,
    });
    return { ...tenant, account, problem, complaint, order };
  }

  type Targets = Awaited<ReturnType<typeof targets>>;

  const call = { direction: "inbound", from: "+4930123456", to: "200", startedAt: "2026-03-02T09:15:00Z" } as const;
  const chat = (text: string) => [{ from: "customer" as const, text }];

  /** Every free-text field of the main service verbs: a label, the issue path it must name, and the call with `bad` in it. */
  const attempts: [label: string, path: string, call: (x: Targets, bad: string) => Promise<unknown>][] = [
    ["cases.create subject", "subject", (x, bad) => x.admin.service.cases.create({ subject: bad, channel: "web" })],
    [
      "cases.create description",
      "description",
      (x, bad) => x.admin.service.cases.create({ subject: "S", description: bad, channel: "web" }),
    ],
    [
      "cases.create custom value",
      "custom",
      (x, bad) => x.admin.service.cases.create({ subject: "S", channel: "web", custom: { note: bad } }),
    ],
    [
      "cases.create tag",
      "tags",
      (x, bad) => x.admin.service.cases.create({ subject: "S", channel: "web", tags: [bad] }),
    ],
    ["cases.update subject", "subject", (x, bad) => x.admin.service.cases.update(x.problem.id, { subject: bad })],
    ["cases.comment body", "body", (x, bad) => x.admin.service.cases.comment(x.problem.id, { body: bad })],
    ["cases.pend reason", "reason", (x, bad) => x.admin.service.cases.pend(x.problem.id, { reason: bad })],
    [
      "cases.resolve resolution",
      "resolution",
      (x, bad) => x.admin.service.cases.resolve(x.problem.id, { resolution: bad }),
    ],
    ["cases.logTime note", "note", (x, bad) => x.admin.service.cases.logTime(x.problem.id, { minutes: 5, note: bad })],
    [
      "complaints.escalate reason",
      "reason",
      (x, bad) => x.admin.service.complaints.escalate(x.complaint.id, { reason: bad }),
    ],
    [
      "intake email subject",
      "subject",
      (x, bad) => x.system.service.intake({ kind: "email", from: "a@b.example", subject: bad, body: "B" }),
    ],
    [
      "intake email body",
      "body",
      (x, bad) => x.system.service.intake({ kind: "email", from: "a@b.example", subject: "S", body: bad }),
    ],
    [
      "intake email from",
      "from",
      (x, bad) => x.system.service.intake({ kind: "email", from: `a${bad}@b.example`, subject: "S", body: "B" }),
    ],
    [
      "intake web form message",
      "message",
      (x, bad) => x.system.service.intake({ kind: "web_form", subject: "S", message: bad }),
    ],
    [
      "intake web form field value",
      "fields",
      (x, bad) => x.system.service.intake({ kind: "web_form", subject: "S", message: "M", fields: { order: bad } }),
    ],
    [
      "intake web form field name",
      "fields",
      (x, bad) => x.system.service.intake({ kind: "web_form", subject: "S", message: "M", fields: { [bad]: "1" } }),
    ],
    [
      "intake web form customer name",
      "customer.name",
      (x, bad) => x.system.service.intake({ kind: "web_form", subject: "S", message: "M", customer: { name: bad } }),
    ],
    [
      "intake call notes",
      "notes",
      (x, bad) => x.system.service.intake({ kind: "call", ...call, durationSeconds: 10, notes: bad }),
    ],
    [
      "intake chat line",
      "transcript.0.text",
      (x, bad) => x.system.service.intake({ kind: "chat", subject: "S", transcript: chat(bad) }),
    ],
    [
      "intake idempotencyKey",
      "idempotencyKey",
      (x, bad) => x.system.service.intake({ kind: "web_form", subject: "S", message: "M", idempotencyKey: bad }),
    ],
    [
      "calls.create notes",
      "notes",
      (x, bad) => x.admin.service.calls.create({ ...call, durationSeconds: 10, notes: bad }),
    ],
    [
      "calls.create from",
      "from",
      (x, bad) => x.admin.service.calls.create({ ...call, from: bad, durationSeconds: 10 }),
    ],
    ["queues.create name", "name", (x, bad) => x.admin.service.queues.create({ name: bad })],
    [
      "technicians.create skill",
      "skills.0",
      (x, bad) => x.admin.service.technicians.create({ name: "Tom", skills: [bad], calendarId: x.calendar.id }),
    ],
    [
      "workOrders.create description",
      "description",
      (x, bad) =>
        x.admin.service.workOrders.create({
          title: "T",
          description: bad,
          location: { city: "Berlin" },
          durationMinutes: 60,
          ...WINDOW,
        }),
    ],
    [
      "workOrders.create address",
      "location.address",
      (x, bad) =>
        x.admin.service.workOrders.create({ title: "T", location: { address: bad }, durationMinutes: 60, ...WINDOW }),
    ],
    ["workOrders.update title", "title", (x, bad) => x.admin.service.workOrders.update(x.order.id, { title: bad })],
    ["workOrders.complete notes", "notes", (x, bad) => x.admin.service.workOrders.complete(x.order.id, { notes: bad })],
    [
      "workOrders.complete part description",
      "parts.0.description",
      (x, bad) => x.admin.service.workOrders.complete(x.order.id, { parts: [{ description: bad, quantity: 1 }] }),
    ],
    ["workOrders.cancel reason", "reason", (x, bad) => x.admin.service.workOrders.cancel(x.order.id, { reason: bad })],
    [
      "contracts.create description",
      "description",
      (x, bad) =>
        x.admin.service.contracts.create({
          accountId: x.account.id,
          name: "Support",
          startDate: "2026-01-01",
          endDate: "2026-12-31",
          description: bad,
        }),
    ],
  ];

  it("every free-text field of the main verbs refuses them with ValidationError naming the field, writing nothing", async () => {
    const x = await targets();
    await x.system.customFields.define({ entityType: "case", key: "note", label: "Note", kind: "text" });
    const wrong: string[] = [];
    for (const [label, path, attempt] of attempts) {
      for (const bad of BAD_TEXTS) {
        const error = await expectNothingWritten(t.adapter, x.tenantId, () => attempt(x, bad)).catch((e: unknown) => e);
        const paths = error instanceof ValidationError ? error.issues.map((issue) => issue.path.join(".")) : [];
        if (!paths.some((p) => p.includes(path))) wrong.push(`${label} ${JSON.stringify(bad)}: ${String(error)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("a complaint register cursor whose decoded values hold NUL or a lone surrogate is refused as malformed", async () => {
    const x = await targets();
    const states = [
      ...BAD_TEXTS.map((bad) => ["2026-03-02T09:00:00.000Z", bad]),
      ...BAD_TEXTS.map((bad) => [bad, "case_1"]),
    ];
    for (const state of states) {
      const cursor = Buffer.from(JSON.stringify(state)).toString("base64url");
      const error = await x.admin.service.complaints.register({ cursor }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.path.join("."))).toEqual(["cursor"]);
    }
  });

  it("web form field names and values of well-formed text reach the case's description exactly", async () => {
    const x = await targets();
    const result = await x.system.service.intake({
      kind: "web_form",
      subject: "Order 😀",
      message: "Line\u2028separated",
      fields: { "Bestellnr. 𝔘": "A-1 😀" },
    });
    const created = await x.admin.service.cases.get(result.caseId ?? "");
    expect(created.subject).toBe("Order 😀");
    expect(created.description).toContain("Line\u2028separated");
    expect(created.description).toContain("Bestellnr. 𝔘");
    expect(created.description).toContain("A-1 😀");
  });
});
