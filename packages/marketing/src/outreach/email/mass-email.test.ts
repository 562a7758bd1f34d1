import { CrmError, ForbiddenError, ValidationError } from "@rapport/core";
import { expectNothingWritten, tenantSnapshot, useTestCrm } from "@rapport/core/testing";
import { sales } from "@rapport/sales";
import { describeEachAdapter } from "@rapport/testkit";
import { describe, expect, it } from "vitest";
import { marketing } from "../../marketing-module.js";
import { contactWithEmail, type OutreachCrm, outreachTenant, testEmailOptions } from "../testing/outreach-fixtures.js";
import type { MailTransport, OutgoingMessage } from "../transports/mail-transport.js";
import { memoryTransport } from "../transports/memory-transport.js";

const TEMPLATE = {
  name: "Newsletter",
  subject: "News for {{ contact.firstName }}",
  html: '<style>h1 { font-size: 20px; }</style><h1>Hi {{ contact.firstName }}</h1><p>{{ data.headline }}</p><img src="https://acme.example/o/{{ tracking_token }}"><a href="{{ unsubscribe_url }}">Unsubscribe</a>',
  text: "Hi {{ contact.firstName }} - {{ data.headline }}",
};

/** A transport the tests can switch: the memory transport, idempotent or not. */
function switchableTransport() {
  const state = { inner: memoryTransport(), idempotent: true, calls: [] as string[] };
  const transport: MailTransport = {
    get idempotent() {
      return state.idempotent;
    },
    // Every hand-over is counted, before the memory transport's own deduplication.
    send: (message) => {
      state.calls.push(message.idempotencyKey);
      return state.inner.send(message);
    },
  };
  return { transport, state };
}

function tokenOf(message: OutgoingMessage): string {
  const link = /^<(.+)>$/.exec(message.headers["List-Unsubscribe"] ?? "")?.[1] ?? "";
  return new URL(link).searchParams.get("token") ?? "";
}

function trackingOf(message: OutgoingMessage): string {
  return /acme\.example\/o\/([A-Za-z0-9_-]+)/.exec(message.html)?.[1] ?? "";
}

describeEachAdapter("marketing mass email", (target) => {
  const switchable = switchableTransport();
  const sleeps: number[] = [];
  const t: OutreachCrm = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [
      sales(),
      marketing({
        email: testEmailOptions({
          transport: switchable.transport,
          sleep: async (ms) => {
            sleeps.push(ms);
            t.clock.advance(ms);
          },
        }).options,
      }),
    ],
  });

  /** A tenant with a template and contacts; `consenting` of them granted email consent. */
  async function audience(names: readonly string[], consenting: readonly string[]) {
    switchable.state.inner = memoryTransport();
    switchable.state.idempotent = true;
    const tenant = await outreachTenant(t);
    const template = await tenant.marketer.marketing.templates.create(TEMPLATE);
    const contacts: Record<string, string> = {};
    for (const name of names) {
      const contact = await contactWithEmail(tenant.system, name, `${name.toLowerCase()}@example.com`);
      contacts[name] = contact.id;
      if (consenting.includes(name)) {
        await tenant.marketer.marketing.consents.record({
          subject: { type: "contact", id: contact.id },
          channel: "email",
          status: "granted",
          source: "signup",
        });
      }
    }
    return { ...tenant, template, contacts, sent: () => switchable.state.inner.sent };
  }

  it("sends one personalised message per consenting recipient, with one-click unsubscribe headers, and completes the send", async () => {
    const { marketer, template, contacts, sent } = await audience(["Ann", "Bob"], ["Ann", "Bob"]);
    const completed: unknown[] = [];
    const off = t.crm.on("mail_send.completed", (event) => void completed.push(event.data));
    const report = await marketer.marketing.email.send({
      templateId: template.id,
      audience: { contactIds: [contacts.Ann as string, contacts.Bob as string, contacts.Ann as string] },
      data: { headline: "Prices <down>" },
    });
    off();
    expect(report).toMatchObject({ pending: 0, sent: 2, skipped: 0, failed: 0, unknown: 0 });
    expect(report.send).toMatchObject({
      status: "completed",
      recipientCount: 2,
      fromAddress: "Acme News <news@acme.example>",
    });
    expect(sent().map((m) => [m.to, m.subject, m.text])).toEqual([
      ["ann@example.com", "News for Ann", "Hi Ann - Prices <down>"],
      ["bob@example.com", "News for Bob", "Hi Bob - Prices <down>"],
    ]);
    const first = sent()[0] as OutgoingMessage;
    expect(first.html).toContain('<h1 style="font-size: 20px;">Hi Ann</h1><p>Prices &lt;down&gt;</p>');
    expect(first.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(first.headers["List-Unsubscribe"]).toMatch(
      /^<https:\/\/acme\.example\/unsubscribe\?token=[\w-]+\.[\w-]{43}>$/,
    );
    expect(first.html).toContain(
      `href="${/^<(.+)>$/.exec(first.headers["List-Unsubscribe"] ?? "")?.[1]?.replaceAll("&", "&amp;")}"`,
    );
    expect(completed).toEqual([{ id: report.send.id, version: 3, sent: 2, skipped: 0, failed: 0, unknown: 0 }]);
    expect(await marketer.marketing.email.report(report.send.id)).toEqual(report);
    const recipients = await marketer.marketing.email.recipients(report.send.id);
    expect(recipients.items.map((r) => [r.contactId, r.status, r.messageId !== null])).toEqual([
      [contacts.Ann, "sent", true],
      [contacts.Bob, "sent", true],
    ]);
    // Delivering a completed send again sends nothing.
    expect(await marketer.marketing.email.deliver(report.send.id)).toMatchObject({ sent: 2 });
    expect(sent()).toHaveLength(2);
  });

  it("refuses a send with a recipient who may not be emailed (nothing written, nothing sent), or skips them when told to", async () => {
    const { marketer, system, template, contacts, sent, tenantId } = await audience(
      ["Ann", "Bob", "Cy", "Di"],
      ["Ann", "Di"],
    );
    await marketer.marketing.consents.record({
      subject: { type: "contact", id: contacts.Cy as string },
      channel: "email",
      status: "withdrawn",
      source: "form",
    });
    await system.contacts.update(contacts.Di as string, { doNotEmail: true });
    const nobody = await contactWithEmail(system, "Ed", null);
    const contactIds = [...Object.values(contacts), nobody.id];
    const input = { templateId: template.id, audience: { contactIds }, data: { headline: "x" } };
    const refused = await expectNothingWritten(t.adapter, tenantId, () => marketer.marketing.email.send(input));
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).details).toMatchObject({
      reason: "no_consent",
      excluded: {
        [contacts.Bob as string]: "no_consent",
        [contacts.Cy as string]: "withdrawn",
        [contacts.Di as string]: "do_not_contact",
        [nobody.id]: "no_consent",
      },
    });
    expect(sent()).toEqual([]);
    const report = await marketer.marketing.email.send({ ...input, withoutConsent: "skip" });
    expect(report).toMatchObject({ sent: 1, skipped: 4 });
    expect(sent().map((m) => m.to)).toEqual(["ann@example.com"]);
  });

  it("checks consent again when it claims a recipient: a withdrawal after the send was created is honoured", async () => {
    const { marketer, template, contacts, sent } = await audience(["Ann", "Bob"], ["Ann", "Bob"]);
    const created = await marketer.marketing.email.createSend({
      templateId: template.id,
      audience: { contactIds: [contacts.Ann as string, contacts.Bob as string] },
      data: { headline: "x" },
    });
    expect(created).toMatchObject({ pending: 2, send: { status: "queued" } });
    await marketer.marketing.consents.withdraw({
      subject: { type: "contact", id: contacts.Bob as string },
      channel: "email",
      source: "call",
    });
    const report = await marketer.marketing.email.deliver(created.send.id);
    expect(report).toMatchObject({ sent: 1, skipped: 1 });
    expect(sent().map((m) => m.to)).toEqual(["ann@example.com"]);
    const bob = (await marketer.marketing.email.recipients(created.send.id)).items[1];
    expect(bob).toMatchObject({ status: "skipped", reason: "withdrawn" });
  });

  it("throttles through the clock and the sleep hook: perSecond 2 waits 500 ms between messages", async () => {
    const { marketer, template, contacts } = await audience(["Ann", "Bob", "Cy"], ["Ann", "Bob", "Cy"]);
    sleeps.length = 0;
    const report = await marketer.marketing.email.send({
      templateId: template.id,
      audience: { contactIds: Object.values(contacts) },
      data: { headline: "x" },
      perSecond: 2,
    });
    expect(report.sent).toBe(3);
    expect(sleeps).toEqual([500, 500]);
    const claimed = (await marketer.marketing.email.recipients(report.send.id)).items.map((r) =>
      Date.parse(r.claimedAt ?? ""),
    );
    expect([(claimed[1] ?? 0) - (claimed[0] ?? 0), (claimed[2] ?? 0) - (claimed[1] ?? 0)]).toEqual([500, 500]);
  });

  it("marks a recipient the transport refuses as failed and does not retry it", async () => {
    const { marketer, template, contacts, sent } = await audience(["Ann", "Bob"], ["Ann", "Bob"]);
    switchable.state.inner.rejectAddresses(["bob@example.com"]);
    const report = await marketer.marketing.email.send({
      templateId: template.id,
      audience: { contactIds: Object.values(contacts) },
      data: { headline: "x" },
    });
    expect(report).toMatchObject({ sent: 1, failed: 1, send: { status: "completed" } });
    expect((await marketer.marketing.email.recipients(report.send.id)).items[1]).toMatchObject({
      status: "failed",
      reason: "550 mailbox bob@example.com unavailable",
    });
    await marketer.marketing.email.deliver(report.send.id);
    expect(sent()).toHaveLength(1);
  });

  it("never hands over again a claim a crash left unresolved unless the transport is idempotent", async () => {
    const { marketer, template, contacts, sent, tenantId } = await audience(["Ann", "Bob"], ["Ann", "Bob"]);
    const created = await marketer.marketing.email.createSend({
      templateId: template.id,
      audience: { contactIds: Object.values(contacts) },
      data: { headline: "x" },
    });
    // The state a process killed between claiming Ann and writing her outcome leaves behind.
    await t.adapter.db
      .updateTable("marketing_mail_recipients")
      .set({ status: "claimed", claimed_at: t.clock.now().toISOString() })
      .where("tenant_id", "=", tenantId)
      .where("contact_id", "=", contacts.Ann as string)
      .execute();
    switchable.state.idempotent = false;
    const report = await marketer.marketing.email.deliver(created.send.id);
    expect(report).toMatchObject({ sent: 1, unknown: 1, pending: 0, send: { status: "completed" } });
    expect(sent().map((m) => m.to)).toEqual(["bob@example.com"]);

    const again = await marketer.marketing.email.createSend({
      templateId: template.id,
      audience: { contactIds: Object.values(contacts) },
      data: { headline: "y" },
    });
    await t.adapter.db
      .updateTable("marketing_mail_recipients")
      .set({ status: "claimed", claimed_at: t.clock.now().toISOString() })
      .where("tenant_id", "=", tenantId)
      .where("send_id", "=", again.send.id)
      .where("contact_id", "=", contacts.Ann as string)
      .execute();
    switchable.state.idempotent = true;
    expect(await marketer.marketing.email.deliver(again.send.id)).toMatchObject({ sent: 2, unknown: 0 });
  });

  it("unsubscribes with the signed link: consent withdrawn once; a tampered, foreign or expired token is refused and writes nothing", async () => {
    const { marketer, system, template, contacts, sent, tenantId } = await audience(["Ann"], ["Ann"]);
    await marketer.marketing.email.send({
      templateId: template.id,
      audience: { contactIds: [contacts.Ann as string] },
      data: { headline: "x" },
    });
    const token = tokenOf(sent()[0] as OutgoingMessage);
    const [payload = "", signature = ""] = token.split(".");
    const tampered = `${payload.slice(0, -2)}${payload.endsWith("AA") ? "BB" : "AA"}.${signature}`;
    const other = await outreachTenant(t);
    for (const [client, bad, reason] of [
      [system, tampered, "unsubscribe_token_invalid"],
      [system, `${payload}.${"A".repeat(43)}`, "unsubscribe_token_invalid"],
      [system, "garbage", "unsubscribe_token_invalid"],
    ] as const) {
      const error = await expectNothingWritten(t.adapter, tenantId, () => client.marketing.email.unsubscribe(bad));
      expect((error as ValidationError).details.reason).toBe(reason);
    }
    const foreign = await expectNothingWritten(t.adapter, other.tenantId, () =>
      other.system.marketing.email.unsubscribe(token),
    );
    expect((foreign as ValidationError).details.reason).toBe("unsubscribe_token_invalid");

    expect(await system.marketing.email.unsubscribe(token)).toEqual({ contactId: contacts.Ann, changed: true });
    const consent = await marketer.marketing.consents.get({
      subject: { type: "contact", id: contacts.Ann as string },
      channel: "email",
    });
    expect(consent).toMatchObject({ status: "withdrawn", source: expect.stringMatching(/^unsubscribe:msend_/) });
    const before = await tenantSnapshot(t.adapter, tenantId);
    expect(await system.marketing.email.unsubscribe(token)).toEqual({ contactId: contacts.Ann, changed: false });
    expect(await tenantSnapshot(t.adapter, tenantId)).toEqual(before);

    t.clock.advance({ days: 61 });
    const expired = await expectNothingWritten(t.adapter, tenantId, () => system.marketing.email.unsubscribe(token));
    expect((expired as ValidationError).details.reason).toBe("unsubscribe_token_expired");
  });

  it("records opens and clicks once per recipient, and bounces and complaints into suppression and consent", async () => {
    const { marketer, system, template, contacts, sent, tenantId } = await audience(["Ann", "Bob"], ["Ann", "Bob"]);
    const report = await marketer.marketing.email.send({
      templateId: template.id,
      audience: { contactIds: Object.values(contacts) },
      data: { headline: "x" },
    });
    const [ann, bob] = sent() as [OutgoingMessage, OutgoingMessage];
    expect(await system.marketing.email.recordOpen(trackingOf(ann))).toBe(true);
    const before = await tenantSnapshot(t.adapter, tenantId);
    expect(await system.marketing.email.recordOpen(trackingOf(ann))).toBe(false);
    expect(await tenantSnapshot(t.adapter, tenantId)).toEqual(before);
    expect(await system.marketing.email.recordClick(trackingOf(bob), "https://acme.example/offer")).toBe(true);
    expect(await system.marketing.email.recordClick(trackingOf(bob), "https://acme.example/offer")).toBe(false);
    const bad = await expectNothingWritten(t.adapter, tenantId, () =>
      system.marketing.email.recordOpen("A".repeat(22)),
    );
    expect((bad as ValidationError).details.reason).toBe("tracking_token_unknown");
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        system.marketing.email.recordClick(trackingOf(bob), "javascript:alert(1)"),
      ),
    ).toBeInstanceOf(ValidationError);
    const rows = (await marketer.marketing.email.recipients(report.send.id)).items;
    expect(rows.map((r) => [r.openedAt !== null, r.clickedAt !== null])).toEqual([
      [true, false],
      [true, true],
    ]);

    await system.marketing.email.recordBounce({ address: "ann@example.com", kind: "soft" });
    expect(await marketer.marketing.suppressions.isSuppressed("ann@example.com")).toBe(false);
    await system.marketing.email.recordBounce({ address: "ann@example.com", kind: "hard" });
    expect(await marketer.marketing.suppressions.isSuppressed("ann@example.com")).toBe(true);
    await marketer.marketing.email.recordComplaint({ address: "bob@example.com" });
    expect(await marketer.marketing.suppressions.isSuppressed("bob@example.com")).toBe(true);
    expect(
      await marketer.marketing.consents.check({
        subject: { type: "contact", id: contacts.Bob as string },
        channel: "email",
      }),
    ).toMatchObject({ allowed: false, reason: "withdrawn" });
    const next = await marketer.marketing.email.send({
      templateId: template.id,
      audience: { contactIds: Object.values(contacts) },
      data: { headline: "y" },
      withoutConsent: "skip",
    });
    expect(next).toMatchObject({ sent: 0, skipped: 2 });
  });

  it("refuses bad input, a missing merge value, an unknown or foreign contact and a caller without the permission: nothing written or sent", async () => {
    const { marketer, reader, template, contacts, sent, tenantId } = await audience(["Ann"], ["Ann"]);
    const broken = await marketer.marketing.templates.create({
      ...TEMPLATE,
      text: null,
      html: "<p>{{ data.missing }}</p>",
    });
    const other = await outreachTenant(t);
    const foreign = await contactWithEmail(other.system, "Zed", "zed@example.com");
    const ok = { templateId: template.id, audience: { contactIds: [contacts.Ann as string] }, data: { headline: "x" } };
    const retired = await marketer.marketing.templates.create({ ...TEMPLATE, name: "Retired" });
    await marketer.marketing.templates.archive(retired.id);
    const attempts: [() => Promise<unknown>, new (...args: never[]) => Error][] = [
      [() => marketer.marketing.email.send({ ...ok, templateId: broken.id }), ValidationError],
      [() => marketer.marketing.email.send({ ...ok, data: {} }), ValidationError],
      [() => marketer.marketing.email.send({ ...ok, templateId: retired.id }), ValidationError],
      [() => marketer.marketing.email.send({ ...ok, templateId: "etpl_01JZZZZZZZZZZZZZZZZZZZZZZZ" }), ValidationError],
      [() => marketer.marketing.email.send({ ...ok, audience: { contactIds: [foreign.id] } }), ValidationError],
      [() => marketer.marketing.email.send({ ...ok, audience: { contactIds: [] } }), ValidationError],
      [() => marketer.marketing.email.send({ ...ok, perSecond: 0 }), ValidationError],
      [() => marketer.marketing.email.send({ ...ok, data: JSON.parse('{"__proto__": {"x": 1}}') }), ValidationError],
      [
        () => marketer.marketing.email.send({ ...ok, data: { nested: JSON.parse('{"constructor": 1}') } }),
        ValidationError,
      ],
      [() => marketer.marketing.email.send({ ...ok, from: "a@b.c\r\nBcc: x@y.z" }), ValidationError],
      [() => reader.marketing.email.send(ok), ForbiddenError],
      [() => marketer.marketing.email.deliver("msend_01JZZZZZZZZZZZZZZZZZZZZZZZ"), CrmError],
    ];
    for (const [attempt, type] of attempts) {
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(type);
    }
    expect(sent()).toEqual([]);
  });

  it("hands each recipient to the transport once when two deliveries of the same send run at once", async () => {
    const names = ["Ann", "Bob", "Cy", "Di", "Ed", "Flo", "Gus", "Hal"];
    const { marketer, template, contacts } = await audience(names, names);
    switchable.state.idempotent = false;
    switchable.state.calls = [];
    const created = await marketer.marketing.email.createSend({
      templateId: template.id,
      audience: { contactIds: Object.values(contacts) },
      data: { headline: "x" },
    });
    const reports = await Promise.all([
      marketer.marketing.email.deliver(created.send.id),
      marketer.marketing.email.deliver(created.send.id),
    ]);
    expect(switchable.state.calls).toHaveLength(names.length);
    expect(new Set(switchable.state.calls).size).toBe(names.length);
    const final = await marketer.marketing.email.report(created.send.id);
    expect(final).toMatchObject({ sent: names.length, pending: 0, unknown: 0, send: { status: "completed" } });
    expect(reports.every((r) => r.pending === 0)).toBe(true);
  });

  it("refuses to deliver inside a transaction, where claims could not commit before sending", async () => {
    const { marketer, template, contacts } = await audience(["Ann"], ["Ann"]);
    const created = await marketer.marketing.email.createSend({
      templateId: template.id,
      audience: { contactIds: [contacts.Ann as string] },
      data: { headline: "x" },
    });
    const error = await marketer
      .transaction((tx) => tx.marketing.email.deliver(created.send.id))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "EMAIL_DELIVERY_IN_TRANSACTION" });
  });
});

describeEachAdapter("marketing mass email without a transport", (target) => {
  const t: OutreachCrm = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [sales(), marketing()],
  });

  it("refuses to send with EMAIL_NOT_CONFIGURED, writing nothing", async () => {
    const { marketer, system, tenantId } = await outreachTenant(t);
    const template = await marketer.marketing.templates.create(TEMPLATE);
    const ann = await contactWithEmail(system, "Ann", "ann@example.com");
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      marketer.marketing.email.send({ templateId: template.id, audience: { contactIds: [ann.id] } }),
    );
    expect(error).toMatchObject({
      code: "EMAIL_NOT_CONFIGURED",
      details: { missing: ["transport", "from", "unsubscribeSecret", "unsubscribeUrl"] },
    });
  });
});

describe("marketing({ email }) options", () => {
  it("refuses a short unsubscribe secret and a malformed URL", () => {
    expect(() => marketing({ email: { unsubscribeSecret: "short" } })).toThrow(CrmError);
    expect(() => marketing({ email: { unsubscribeUrl: "not a url" } })).toThrow(/unsubscribeUrl/);
    expect(() => marketing({ email: { optInTtlHours: -1 } })).toThrow(/optInTtlHours/);
  });
});
