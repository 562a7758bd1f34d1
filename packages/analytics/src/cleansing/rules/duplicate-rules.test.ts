import { type CrmError, DuplicateError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { sales } from "@rapport/sales";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { cleansing } from "../cleansing-module.js";

const maria = {
  firstName: "Maria",
  lastName: "Anders",
  emails: [{ type: "work" as const, value: "maria.anders@example.com", primary: true }],
  phones: [{ type: "work" as const, value: "+49 30 1234567", primary: true }],
};
const mariaAgain = {
  firstName: "MARIA",
  lastName: "Anders ",
  emails: [{ type: "work" as const, value: "Maria.Anders@example.com", primary: true }],
  phones: [{ type: "mobile" as const, value: "+49 30 1234567", primary: true }],
};

describeEachAdapter("cleansing duplicate rules", (target) => {
  const t = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [sales(), cleansing({ duplicateRules: { leads: true } })],
  });

  async function tenant() {
    const tenantId = await t.tenant();
    const admin = t.as(tenantId, "ada", ["admin"]);
    const events: { type: string; data: Record<string, unknown> }[] = [];
    t.crm.on("*", (e) => {
      if (e.tenantId === tenantId) events.push({ type: e.type, data: e.data as Record<string, unknown> });
    });
    return { tenantId, admin, events };
  }

  it("a block rule refuses a duplicate contact on create, import and update with the matches, and writes nothing", async () => {
    const { tenantId, admin } = await tenant();
    const first = await admin.contacts.create(maria);
    const rule = await admin.cleansing.rules.create({ entityType: "contact", name: "No twins", action: "block" });
    expect(rule).toMatchObject({ entityType: "contact", action: "block", threshold: 0.9, active: true });

    const refused = await expectNothingWritten(t.adapter, tenantId, () => admin.contacts.create(mariaAgain));
    expect(refused).toBeInstanceOf(DuplicateError);
    expect((refused as CrmError).details).toMatchObject({ reason: "duplicate_rule", ruleId: rule.id });
    expect((refused as CrmError).details.matches).toEqual([{ id: first.id, score: expect.any(Number) }]);

    const imported = await expectNothingWritten(t.adapter, tenantId, () =>
      admin.contacts.createMany([{ firstName: "Thomas", lastName: "Hardy" }, mariaAgain]),
    );
    expect(imported).toBeInstanceOf(DuplicateError);

    const other = await admin.contacts.create({ firstName: "Thomas", lastName: "Hardy" });
    const updated = await expectNothingWritten(t.adapter, tenantId, () => admin.contacts.update(other.id, mariaAgain));
    expect(updated).toBeInstanceOf(DuplicateError);
    // A change to fields the rule does not compare passes.
    await admin.contacts.update(first.id, { title: "Owner" });

    // An inactive rule does nothing.
    await admin.cleansing.rules.update(rule.id, { active: false });
    await expect(admin.contacts.create(mariaAgain)).resolves.toMatchObject({ lastName: "Anders" });
  });

  it("an alert rule lets the write through and records an alert and duplicate.detected with the candidates", async () => {
    const { tenantId, admin, events } = await tenant();
    const first = await admin.contacts.create(maria);
    const rule = await admin.cleansing.rules.create({ entityType: "contact", name: "Flag twins", action: "alert" });
    const second = await admin.contacts.create(mariaAgain);
    const detected = events.filter((e) => e.type === "duplicate.detected");
    expect(detected).toHaveLength(1);
    expect(detected[0]?.data).toMatchObject({
      ruleId: rule.id,
      entityType: "contact",
      recordId: second.id,
      operation: "create",
      candidates: [{ id: first.id, score: expect.any(Number) }],
    });
    const alerts = await admin.cleansing.rules.alerts(second.id);
    expect(alerts).toEqual([
      expect.objectContaining({
        ruleId: rule.id,
        recordId: second.id,
        candidates: [expect.objectContaining({ id: first.id })],
      }),
    ]);
    // A reader who may not see the candidate does not learn of it from the alert.
    await admin.roles.define({ name: "own_contacts", grants: { "contact:read": "own" } });
    const owned = await admin.contacts.create({ ...mariaAgain, ownerId: "olga" });
    const olga = t.as(tenantId, "olga", ["own_contacts"]);
    const seen = await olga.cleansing.rules.alerts(owned.id);
    expect(seen.length).toBeGreaterThan(0);
    for (const alert of seen) expect(alert.candidates).toEqual([]);
  });

  it("matches an import's records against each other too", async () => {
    const { tenantId, admin, events } = await tenant();
    const rule = await admin.cleansing.rules.create({ entityType: "contact", name: "Flag twins", action: "alert" });
    const [first, second] = await admin.contacts.createMany([
      maria,
      mariaAgain,
      { firstName: "Thomas", lastName: "Hardy" },
    ]);
    const detected = events.filter((e) => e.type === "duplicate.detected").map((e) => e.data);
    expect(detected).toEqual([
      expect.objectContaining({
        ruleId: rule.id,
        recordId: second?.id,
        candidates: [{ id: first?.id, score: expect.any(Number) }],
      }),
    ]);
    await admin.cleansing.rules.update(rule.id, { action: "block" });
    const refused = await expectNothingWritten(t.adapter, tenantId, () =>
      admin.contacts.createMany([
        {
          ...maria,
          firstName: "Hanna",
          lastName: "Moos",
          emails: [{ type: "work", value: "hanna@example.de", primary: true }],
        },
        { firstName: "HANNA", lastName: "Moos", emails: [{ type: "work", value: "Hanna@example.de", primary: true }] },
      ]),
    );
    expect(refused).toBeInstanceOf(DuplicateError);
  });

  it("applies to leads, web-to-lead capture included", async () => {
    const { admin, events } = await tenant();
    await admin.sales.leads.create({
      firstName: "Wei",
      lastName: "Ng",
      company: "Hooli",
      email: "wei.ng@hooli.example",
      phone: "+14155550100",
    });
    await admin.cleansing.rules.create({ entityType: "lead", name: "Lead twins", action: "alert" });
    // Another address, so capture's own dedupe (open leads by email or phone) leaves it alone: by phone it would attach.
    const captured = await admin.sales.leads.capture(
      { firstName: "WEI", lastName: "Ng", company: "Hooli Inc.", email: "wei.ng@hooli.example.com" },
      { idempotencyKey: "form-1" },
    );
    expect(captured.outcome).toBe("created");
    expect(events.filter((e) => e.type === "duplicate.detected").map((e) => e.data.entityType)).toContain("lead");
  });

  it("refuses a rule on an unknown field or type, and merges stay outside the rules", async () => {
    const { tenantId, admin } = await tenant();
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        admin.cleansing.rules.create({
          entityType: "contact",
          name: "Bad",
          action: "block",
          fields: [{ field: "custom.shoeSize", compare: "text" }],
        }),
      ),
    ).toBeInstanceOf(ValidationError);
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        admin.cleansing.rules.create({ entityType: "widget" as never, name: "Bad", action: "block" }),
      ),
    ).toBeInstanceOf(ValidationError);

    const { phones: _phones, ...withoutPhone } = maria;
    const a = await admin.contacts.create(withoutPhone);
    await admin.cleansing.rules.create({ entityType: "contact", name: "Twins", action: "alert" });
    const b = await admin.contacts.create(mariaAgain);
    await admin.contacts.create(maria);
    await admin.cleansing.rules.create({ entityType: "contact", name: "No twins", action: "block" });
    // The survivor takes b's phone, which makes it match the third Maria under the block rule: the merge is not refused.
    const plan = await admin.cleansing.merge.plan({ entityType: "contact", survivorId: a.id, loserIds: [b.id] });
    expect(plan.changes).toContain("phones");
    const merged = await admin.cleansing.merge.apply(plan);
    expect(merged.archivedIds).toEqual([b.id]);
  });
});
