import { ForbiddenError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { cleansing } from "../cleansing-module.js";

describeEachAdapter("cleansing quality flags", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [cleansing()] });

  async function flagged() {
    const tenantId = await t.tenant();
    const admin = t.as(tenantId, "ada", ["admin"]);
    const good = await admin.contacts.create({
      firstName: "Anna",
      lastName: "Berg",
      emails: [{ type: "work", value: "anna@berg.example" }],
      phones: [{ type: "work", value: "+49 30 1234567" }],
      mailingAddress: { line1: "Hauptstraße 5", postalCode: "10115", city: "Berlin", country: "DE" },
    });
    const junk = await admin.contacts.create({
      firstName: "Test",
      lastName: "asdf",
      emails: [{ type: "work", value: "test@test.com" }],
      phones: [{ type: "work", value: "0000000" }],
      mailingAddress: { line1: "1 Main", postalCode: "ABC", country: "DE" },
    });
    const bare = await admin.contacts.create({ lastName: "Bare" });
    return { tenantId, admin, good, junk, bare };
  }

  it("flags invalid, missing and suspicious values, and lists records by flag in id order", async () => {
    const { admin, good, junk, bare } = await flagged();
    const all = await admin.cleansing.quality.list({ entityType: "contact" });
    expect(all.items.map((i) => i.id)).toEqual([junk.id, bare.id].sort());
    expect(all.items.find((i) => i.id === junk.id)?.flags).toEqual([
      "phone_invalid",
      "postcode_invalid",
      "suspicious_value",
    ]);
    expect(all.items.find((i) => i.id === bare.id)?.flags).toEqual([
      "address_missing",
      "email_missing",
      "phone_missing",
    ]);
    expect(all.items.some((i) => i.id === good.id)).toBe(false);
    const suspicious = await admin.cleansing.quality.list({ entityType: "contact", flag: "suspicious_value" });
    expect(suspicious.items.map((i) => i.id)).toEqual([junk.id]);
    const first = await admin.cleansing.quality.list({ entityType: "contact", limit: 1 });
    const second = await admin.cleansing.quality.list({
      entityType: "contact",
      limit: 1,
      cursor: first.nextCursor as string,
    });
    expect([...first.items, ...second.items]).toEqual(all.items);
    expect(second.nextCursor).toBeNull();
  });

  it("keeps flags up to date when a record changes", async () => {
    const { admin, bare } = await flagged();
    await admin.contacts.update(
      bare.id,
      { emails: [{ type: "work", value: "bare@example.org" }] },
      { expectedVersion: bare.version },
    );
    const page = await admin.cleansing.quality.list({ entityType: "contact", flag: "email_missing" });
    expect(page.items.map((i) => i.id)).not.toContain(bare.id);
  });

  it("hides flags read from hidden fields, refuses filtering on them, and lists only records in scope", async () => {
    const { tenantId, junk } = await flagged();
    const system = t.crm.system(tenantId);
    await system.roles.define({
      name: "phoneless",
      grants: { "contact:read": "all" },
      hiddenFields: { contact: ["phones"] },
    });
    const blind = t.as(tenantId, "bo", ["phoneless"]);
    const page = await blind.cleansing.quality.list({ entityType: "contact" });
    expect(page.items.find((i) => i.id === junk.id)?.flags).toEqual(["postcode_invalid"]);
    await expect(blind.cleansing.quality.list({ entityType: "contact", flag: "phone_invalid" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await system.roles.define({ name: "own_contacts", grants: { "contact:read": "own" } });
    expect(
      (await t.as(tenantId, "rita", ["own_contacts"]).cleansing.quality.list({ entityType: "contact" })).items,
    ).toEqual([]);
  });

  it("refuses bad input with a ValidationError and writes nothing", async () => {
    const { tenantId, admin } = await flagged();
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      admin.cleansing.quality.list({ entityType: "contact", flag: "ugly" as never }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    await expectNothingWritten(t.adapter, tenantId, () => admin.cleansing.quality.list({ entityType: "lead" }));
  });
});
