import { ForbiddenError, InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectEntityTablesMatch, expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { sales } from "@rapport/sales";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { marketing } from "../../marketing-module.js";
import { contactWithEmail, type OutreachCrm, outreachTenant, testEmailOptions } from "../testing/outreach-fixtures.js";
import type { ConsentEventData } from "./consent-store.js";

describeEachAdapter("marketing consent", (target) => {
  const t: OutreachCrm = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [sales(), marketing({ email: testEmailOptions().options })],
  });

  it("declares the outreach entities as their migrated tables store them", async () => {
    await expectEntityTablesMatch(t.adapter, [marketing()]);
  });

  it("records consent per contact and channel, with source, lawful basis and the clock's time, and audits every change", async () => {
    const { marketer, system } = await outreachTenant(t);
    const ann = await contactWithEmail(system, "Ann", "ann@example.com");
    const subject = { type: "contact", id: ann.id } as const;
    const start = t.clock.now();
    const granted = await marketer.marketing.consents.record({
      subject,
      channel: "email",
      status: "granted",
      source: "signup-form",
    });
    expect(granted).toMatchObject({
      subjectType: "contact",
      subjectId: ann.id,
      channel: "email",
      status: "granted",
      lawfulBasis: "consent",
      source: "signup-form",
      changedAt: start.toISOString(),
      version: 1,
    });
    expect(granted).not.toHaveProperty("optInTokenHash");
    t.clock.advance({ days: 3 });
    const withdrawn = await marketer.marketing.consents.withdraw({ subject, channel: "email", source: "phone call" });
    expect(withdrawn).toMatchObject({
      status: "withdrawn",
      source: "phone call",
      version: 2,
      changedAt: new Date(start.getTime() + 3 * 86_400_000).toISOString(),
    });
    await marketer.marketing.consents.record({
      subject,
      channel: "post",
      status: "granted",
      lawfulBasis: "legitimate_interest",
      source: "contract clause 7",
    });
    expect(
      (await marketer.marketing.consents.listFor(subject)).map((c) => [c.channel, c.status, c.lawfulBasis]),
    ).toEqual([
      ["email", "withdrawn", "consent"],
      ["post", "granted", "legitimate_interest"],
    ]);
    const history = await system.audit.history("consent", granted.id);
    expect(history.items.map((entry) => [entry.action, entry.changes.status?.[1]])).toEqual([
      ["create", "granted"],
      ["withdraw", "withdrawn"],
    ]);
  });

  it("writes nothing and emits nothing for a change to the same state", async () => {
    const { marketer, system, tenantId } = await outreachTenant(t);
    const ann = await contactWithEmail(system, "Ann", "ann@example.com");
    const subject = { type: "contact", id: ann.id } as const;
    await marketer.marketing.consents.record({ subject, channel: "sms", status: "withdrawn", source: "form" });
    const events: string[] = [];
    const off = t.crm.on("consent.withdrawn", (event) => void events.push((event.data as ConsentEventData).id));
    try {
      await expectUnchanged(tenantId, () =>
        marketer.marketing.consents.withdraw({ subject, channel: "sms", source: "again" }),
      );
      await expectUnchanged(tenantId, () =>
        marketer.marketing.consents.record({ subject, channel: "sms", status: "withdrawn", source: "form" }),
      );
    } finally {
      off();
    }
    expect(events).toEqual([]);
  });

  async function expectUnchanged(tenantId: string, call: () => Promise<unknown>) {
    const { tenantSnapshot } = await import("@rapport/core/testing");
    const before = await tenantSnapshot(t.adapter, tenantId);
    await call();
    expect(await tenantSnapshot(t.adapter, tenantId)).toEqual(before);
  }

  it("runs a double opt-in: pending with a token, confirmed to granted; a used, unknown or expired token writes nothing", async () => {
    const { marketer, system, tenantId } = await outreachTenant(t);
    const ann = await contactWithEmail(system, "Ann", "ann@example.com");
    const subject = { type: "contact", id: ann.id } as const;
    const granted: string[] = [];
    const off = t.crm.on("consent.granted", (event) => void granted.push((event.data as ConsentEventData).subjectId));
    const start = t.clock.now().getTime();
    const request = await marketer.marketing.consents.requestOptIn({
      subject,
      channel: "email",
      source: "newsletter-box",
    });
    expect(request.consent).toMatchObject({ status: "pending", source: "newsletter-box" });
    expect(request.expiresAt).toBe(new Date(start + 72 * 3_600_000).toISOString());
    expect(await marketer.marketing.consents.check({ subject, channel: "email" })).toEqual({
      allowed: false,
      status: "pending",
      reason: "pending",
    });
    t.clock.advance({ hours: 2 });
    const confirmed = await system.marketing.consents.confirmOptIn(request.token);
    off();
    expect(confirmed).toMatchObject({
      status: "granted",
      lawfulBasis: "consent",
      changedAt: new Date(start + 2 * 3_600_000).toISOString(),
    });
    expect(granted).toEqual([ann.id]);
    expect(await marketer.marketing.consents.check({ subject, channel: "email" })).toEqual({
      allowed: true,
      status: "granted",
      reason: "granted",
    });
    const used = await expectNothingWritten(t.adapter, tenantId, () =>
      system.marketing.consents.confirmOptIn(request.token),
    );
    expect(used).toBeInstanceOf(ValidationError);
    expect((used as ValidationError).details.reason).toBe("opt_in_token_invalid");

    const bob = await contactWithEmail(system, "Bob", "bob@example.com");
    const late = await marketer.marketing.consents.requestOptIn({
      subject: { type: "contact", id: bob.id },
      channel: "email",
      source: "form",
    });
    t.clock.advance({ hours: 73 });
    const expired = await expectNothingWritten(t.adapter, tenantId, () =>
      system.marketing.consents.confirmOptIn(late.token),
    );
    expect((expired as ValidationError).details.reason).toBe("opt_in_token_expired");
    const unknown = await expectNothingWritten(t.adapter, tenantId, () =>
      system.marketing.consents.confirmOptIn("A".repeat(43)),
    );
    expect((unknown as ValidationError).details.reason).toBe("opt_in_token_invalid");
    expect(
      await expectNothingWritten(t.adapter, tenantId, () => system.marketing.consents.confirmOptIn("nope")),
    ).toBeInstanceOf(ValidationError);
    const again = await expectNothingWritten(t.adapter, tenantId, () =>
      marketer.marketing.consents.requestOptIn({ subject, channel: "email", source: "form" }),
    );
    expect(again).toBeInstanceOf(InvalidTransitionError);
  });

  it("keeps consent for leads when sales is installed", async () => {
    const { marketer, system } = await outreachTenant(t);
    const lead = await system.sales.leads.create({
      lastName: "Lee",
      company: "Leeds Ltd",
      email: "lee@leeds.example",
    } as never);
    const subject = { type: "lead", id: lead.id } as const;
    await marketer.marketing.consents.record({ subject, channel: "phone", status: "granted", source: "trade fair" });
    expect(await marketer.marketing.consents.check({ subject, channel: "phone" })).toMatchObject({ allowed: true });
    expect(await marketer.marketing.consents.check({ subject, channel: "email" })).toEqual({
      allowed: false,
      status: null,
      reason: "no_consent",
    });
  });

  it("checks do-not-email and the suppression list on top of consent", async () => {
    const { marketer, system, admin } = await outreachTenant(t);
    const ann = await contactWithEmail(system, "Ann", "ann@example.com");
    const subject = { type: "contact", id: ann.id } as const;
    await marketer.marketing.consents.record({ subject, channel: "email", status: "granted", source: "form" });
    await marketer.marketing.suppressions.add({ address: "ANN@example.com", reason: "manual" });
    expect(await marketer.marketing.suppressions.isSuppressed("ann@example.com")).toBe(true);
    expect((await marketer.marketing.suppressions.list()).items.map((s) => [s.address, s.reason])).toEqual([
      ["ann@example.com", "manual"],
    ]);
    expect(await marketer.marketing.consents.check({ subject, channel: "email" })).toMatchObject({
      allowed: false,
      reason: "suppressed",
    });
    // Marketers add suppressions; lifting one is an admin's call.
    await expect(marketer.marketing.suppressions.lift("ann@example.com")).rejects.toBeInstanceOf(ForbiddenError);
    expect(await admin.marketing.suppressions.lift("ann@example.com")).toMatchObject({
      archivedAt: expect.any(String),
    });
    expect(await admin.marketing.suppressions.lift("ann@example.com")).toBeNull();
    expect(await marketer.marketing.consents.check({ subject, channel: "email" })).toMatchObject({ allowed: true });
    await system.contacts.update(ann.id, { doNotEmail: true });
    expect(await marketer.marketing.consents.check({ subject, channel: "email" })).toMatchObject({
      allowed: false,
      reason: "do_not_contact",
    });
  });

  it("applies the consent scopes: get and listFor read, and a change writes, only what the role may", async () => {
    const { admin, marketer, system, tenantId } = await outreachTenant(t);
    await admin.roles.define({ name: "own_consents", grants: { "consent:*": "own", "contact:read": "all" } });
    const owner = t.as(tenantId, "olga", ["own_consents"]);
    const ann = await contactWithEmail(system, "Ann", "ann@example.com");
    const subject = { type: "contact", id: ann.id } as const;
    await marketer.marketing.consents.record({ subject, channel: "email", status: "granted", source: "form" });
    await owner.marketing.consents.record({ subject, channel: "sms", status: "granted", source: "call" });
    expect((await owner.marketing.consents.listFor(subject)).map((c) => c.channel)).toEqual(["sms"]);
    await expect(owner.marketing.consents.get({ subject, channel: "email" })).rejects.toBeInstanceOf(ForbiddenError);
    const overwrite = await expectNothingWritten(t.adapter, tenantId, () =>
      owner.marketing.consents.withdraw({ subject, channel: "email", source: "not mine" }),
    );
    expect(overwrite).toBeInstanceOf(ForbiddenError);
    expect(await owner.marketing.consents.get({ subject, channel: "sms" })).toMatchObject({ status: "granted" });
  });

  it("refuses bad input with a typed error and writes nothing", async () => {
    const { marketer, reader, system, tenantId } = await outreachTenant(t);
    const ann = await contactWithEmail(system, "Ann", "ann@example.com");
    const subject = { type: "contact", id: ann.id } as const;
    const attempts: [() => Promise<unknown>, new (...args: never[]) => Error][] = [
      [
        () => marketer.marketing.consents.record({ subject, channel: "fax" as never, status: "granted", source: "x" }),
        ValidationError,
      ],
      [
        () =>
          marketer.marketing.consents.record({ subject, channel: "email", status: "pending" as never, source: "x" }),
        ValidationError,
      ],
      [
        () =>
          marketer.marketing.consents.record({
            subject,
            channel: "email",
            status: "granted",
            lawfulBasis: "whim" as never,
            source: "x",
          }),
        ValidationError,
      ],
      [
        () => marketer.marketing.consents.record({ subject, channel: "email", status: "granted", source: " " }),
        ValidationError,
      ],
      [
        () =>
          marketer.marketing.consents.record({
            subject: { type: "contact", id: "con_01JZZZZZZZZZZZZZZZZZZZZZZZ" },
            channel: "email",
            status: "granted",
            source: "x",
          }),
        ValidationError,
      ],
      [
        () =>
          marketer.marketing.consents.record({
            subject: { type: "account", id: ann.id } as never,
            channel: "email",
            status: "granted",
            source: "x",
          }),
        ValidationError,
      ],
      [
        () =>
          marketer.marketing.consents.record({
            subject,
            channel: "email",
            status: "granted",
            source: "x",
            ["__proto__" as never]: 1,
          }),
        ValidationError,
      ],
      [
        () => reader.marketing.consents.record({ subject, channel: "email", status: "granted", source: "x" }),
        ForbiddenError,
      ],
      [() => marketer.marketing.suppressions.add({ address: "not an address", reason: "manual" }), ValidationError],
    ];
    for (const [attempt, type] of attempts) {
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(type);
    }
  });
});
