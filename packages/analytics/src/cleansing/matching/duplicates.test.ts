import { ForbiddenError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { sales } from "@rapport/sales";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { cleansing } from "../cleansing-module.js";

describeEachAdapter("cleansing duplicates", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [cleansing()] });

  async function people() {
    const tenantId = await t.tenant();
    const admin = t.as(tenantId, "ada", ["admin"]);
    const rows = [
      {
        firstName: "Jonathan",
        lastName: "Smith",
        emails: [{ type: "work", value: "jon.smith+crm@gmail.com" }],
        mailingAddress: { line1: "12 High Street", postalCode: "SW1A 1AA", city: "London", country: "GB" },
      },
      {
        firstName: "Jonathon",
        lastName: "Smyth",
        emails: [{ type: "work", value: "JonSmith@googlemail.com" }],
        mailingAddress: { line1: "12 High St.", postalCode: "sw1a1aa", city: "London", country: "GB" },
      },
      {
        firstName: "Maria",
        lastName: "Garcia",
        phones: [{ type: "mobile", value: "+34 612 345 678" }],
        mailingAddress: { line1: "Calle Mayor 5", postalCode: "28013", city: "Madrid", country: "ES" },
      },
      {
        firstName: "Garcia",
        lastName: "Maria",
        phones: [{ type: "mobile", value: "0034612345678" }],
        mailingAddress: { line1: "C. Mayor 5", postalCode: "28013", city: "Madrid", country: "ES" },
      },
      {
        firstName: "Peter",
        lastName: "Jones",
        mailingAddress: { line1: "1 Elm Road", postalCode: "SW1A 1AA", city: "London", country: "GB" },
      },
    ] as const;
    const ids: string[] = [];
    for (const row of rows) ids.push((await admin.contacts.create(row as never)).id);
    return { tenantId, admin, ids };
  }

  it("finds duplicate contacts with per-field reasons, each pair once, and leaves a different person out", async () => {
    const { admin, ids } = await people();
    const page = await admin.cleansing.duplicates.find({ entityType: "contact" });
    const pairs = page.items.map((p) => [p.a, p.b].sort().join("+")).sort();
    expect(pairs).toEqual([[ids[0], ids[1]].sort().join("+"), [ids[2], ids[3]].sort().join("+")].sort());
    const smith = page.items.find((p) => [p.a, p.b].includes(ids[0] as string));
    expect(smith?.score).toBeGreaterThanOrEqual(0.9);
    const email = smith?.reasons.find((r) => r.field === "email");
    expect(email).toMatchObject({ level: "exact", similarity: 1 });
    expect(email?.weight).toBeGreaterThan(0);
    const weights = smith?.reasons.reduce((sum, r) => sum + r.weight, 0) ?? 0;
    expect(Math.abs(weights - (smith?.weight ?? 0))).toBeLessThan(0.1);
    const garcia = page.items.find((p) => [p.a, p.b].includes(ids[2] as string));
    expect(garcia?.reasons.find((r) => r.field === "lastName")).toMatchObject({ level: "exact", swapped: true });
    expect(page.stats.pairsCompared).toBeGreaterThan(0);
    expect(page.nextCursor).toBeNull();
  });

  it("learns m, u and the prior by EM when asked: the same duplicates, with weights learnt from the tenant's pairs", async () => {
    const { admin, ids } = await people();
    const fixed = await admin.cleansing.duplicates.find({ entityType: "contact", threshold: 0 });
    const learnt = await admin.cleansing.duplicates.find({ entityType: "contact", threshold: 0, learn: true });
    const pairsOf = (page: typeof fixed) => page.items.map((p) => `${p.a}+${p.b}`).sort();
    expect(pairsOf(learnt)).toEqual(pairsOf(fixed));
    expect(learnt.items.map((p) => p.weight)).not.toEqual(fixed.items.map((p) => p.weight));
    const smith = learnt.items.find((p) => [p.a, p.b].includes(ids[0] as string));
    expect(smith?.score).toBeGreaterThan(0.5);
  });

  it("two finds at once both refresh the index safely and agree", async () => {
    const { tenantId, admin } = await people();
    const other = t.as(tenantId, "bea", ["admin"]);
    const [first, second] = await Promise.all([
      admin.cleansing.duplicates.find({ entityType: "contact" }),
      other.cleansing.duplicates.find({ entityType: "contact" }),
    ]);
    expect(second.items).toEqual(first.items);
    expect(first.items).toHaveLength(2);
  });

  it("pages with a cursor and yields the same pairs as one page", async () => {
    const { admin } = await people();
    const all = await admin.cleansing.duplicates.find({ entityType: "contact", threshold: 0.5 });
    const first = await admin.cleansing.duplicates.find({ entityType: "contact", threshold: 0.5, limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const rest = await admin.cleansing.duplicates.find({
      entityType: "contact",
      threshold: 0.5,
      limit: 10,
      cursor: first.nextCursor as string,
    });
    expect([...first.items, ...rest.items]).toEqual(all.items);
    await expect(
      admin.cleansing.duplicates.find({ entityType: "contact", threshold: 0.6, cursor: first.nextCursor as string }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("sees a record's change on the next find (the index follows versions)", async () => {
    const { admin, ids } = await people();
    const peter = await admin.contacts.get(ids[4] as string);
    await admin.contacts.update(
      peter.id,
      { firstName: "Jonathan", lastName: "Smith", emails: [{ type: "work", value: "jonsmith@gmail.com" }] },
      { expectedVersion: peter.version },
    );
    const page = await admin.cleansing.duplicates.find({ entityType: "contact" });
    expect(page.items.some((p) => [p.a, p.b].includes(peter.id))).toBe(true);
    await admin.contacts.archive(peter.id);
    const after = await admin.cleansing.duplicates.find({ entityType: "contact" });
    expect(after.items.some((p) => [p.a, p.b].includes(peter.id))).toBe(false);
  });

  it("uses no field the actor's roles hide, and matches only records in the actor's scope", async () => {
    const { tenantId, admin } = await people();
    await t.crm
      .system(tenantId)
      .roles.define({ name: "emailless", grants: { "contact:read": "all" }, hiddenFields: { contact: ["emails"] } });
    const blind = t.as(tenantId, "bo", ["emailless"]);
    const page = await blind.cleansing.duplicates.find({ entityType: "contact", threshold: 0 });
    expect(page.items.length).toBeGreaterThan(0);
    for (const pair of page.items) expect(pair.reasons.map((r) => r.field)).not.toContain("email");
    expect(JSON.stringify(page)).not.toContain("gmail");
    // A role reading only its own contacts: the admin owns all five, so its holder finds nothing.
    await t.crm.system(tenantId).roles.define({ name: "own_contacts", grants: { "contact:read": "own" } });
    const rep = t.as(tenantId, "rita", ["own_contacts"]);
    expect((await rep.cleansing.duplicates.find({ entityType: "contact" })).items).toEqual([]);
    const own = await admin.cleansing.duplicates.find({ entityType: "contact", scope: "own" });
    expect(own.items.length).toBe(2);
    await t.crm.system(tenantId).roles.define({ name: "accounts_only", grants: { "account:read": "all" } });
    const none = t.as(tenantId, "nick", ["accounts_only"]);
    await expect(none.cleansing.duplicates.find({ entityType: "contact" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("refuses bad input and an unknown custom field with typed errors, writing nothing", async () => {
    const { tenantId, admin } = await people();
    await expectNothingWritten(t.adapter, tenantId, () =>
      admin.cleansing.duplicates.find({ entityType: "contact", fields: [{ field: "custom.nope", compare: "date" }] }),
    );
    await expectNothingWritten(t.adapter, tenantId, () =>
      admin.cleansing.duplicates.find({ entityType: "spaceship" as never }),
    );
    await expectNothingWritten(t.adapter, tenantId, () =>
      admin.cleansing.duplicates.find({ entityType: "contact", threshold: 2 }),
    );
    await expectNothingWritten(t.adapter, tenantId, () => admin.cleansing.duplicates.find({ entityType: "lead" }));
    await expectNothingWritten(t.adapter, tenantId, () =>
      admin.cleansing.duplicates.find({ entityType: "contact", cursor: "bm9wZQ" }),
    );
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      admin.cleansing.duplicates.find({ entityType: "contact", ["__proto__" as never]: 1 } as never),
    );
    expect(error).toBeInstanceOf(ValidationError);
  });

  it("compares custom fields named in the rule and blocks on them", async () => {
    const tenantId = await t.tenant();
    const admin = t.as(tenantId, "ada", ["admin"]);
    await admin.customFields.define({ entityType: "contact", key: "nationalId", label: "National id", kind: "text" });
    const a = await admin.contacts.create({ firstName: "Li", lastName: "Wei", custom: { nationalId: "AB-123456" } });
    const b = await admin.contacts.create({ firstName: "Lee", lastName: "Way", custom: { nationalId: "ab123456" } });
    await admin.contacts.create({ firstName: "Li", lastName: "Wei", custom: { nationalId: "ZZ-999999" } });
    const page = await admin.cleansing.duplicates.find({
      entityType: "contact",
      fields: [{ field: "custom.nationalId", compare: "identifier", block: true }],
    });
    expect(page.items.map((p) => [p.a, p.b].sort())).toEqual([[a.id, b.id].sort()]);
    expect(page.items[0]?.reasons.find((r) => r.field === "custom.nationalId")).toMatchObject({ level: "exact" });
  });

  it("matches accounts by company name without legal forms, and products by SKU", async () => {
    const tenantId = await t.tenant();
    const admin = t.as(tenantId, "ada", ["admin"]);
    const a = await admin.accounts.create({
      name: "Globex GmbH",
      website: "https://www.globex.de/",
      billingAddress: { line1: "Hauptstraße 5", postalCode: "10115", city: "Berlin", country: "DE" },
    });
    const b = await admin.accounts.create({
      name: "GLOBEX",
      website: "http://globex.de",
      billingAddress: { line1: "Hauptstr. 5", postalCode: "10115", city: "Berlin", country: "DE" },
    });
    await admin.accounts.create({
      name: "Initech LLC",
      billingAddress: { line1: "1 Main St", postalCode: "10115", city: "Berlin", country: "DE" },
    });
    const accounts = await admin.cleansing.duplicates.find({ entityType: "account" });
    expect(accounts.items.map((p) => [p.a, p.b].sort())).toEqual([[a.id, b.id].sort()]);
    const p1 = await admin.products.create({ sku: "WID-001", name: "Widget, blue" });
    const p2 = await admin.products.create({ sku: "WID-001-B", name: "Blue widget" });
    await admin.products.create({ sku: "GAD-9", name: "Gadget" });
    const products = await admin.cleansing.duplicates.find({ entityType: "product", threshold: 0.5 });
    expect(products.items.map((p) => [p.a, p.b].sort())).toEqual([[p1.id, p2.id].sort()]);
  });

  it("links two sets tagged by source: only pairs across the sets", async () => {
    const tenantId = await t.tenant();
    const admin = t.as(tenantId, "ada", ["admin"]);
    const left = await admin.contacts.create({
      firstName: "Anna",
      lastName: "Berg",
      tags: ["crm-a"],
      emails: [{ type: "work", value: "anna@berg.example" }],
    });
    const leftTwin = await admin.contacts.create({
      firstName: "Anna",
      lastName: "Berg",
      tags: ["crm-a"],
      emails: [{ type: "work", value: "anna@berg.example" }],
    });
    const right = await admin.contacts.create({
      firstName: "Ana",
      lastName: "Berg",
      externalIds: { erp: "C-1" },
      emails: [{ type: "work", value: "Anna@Berg.example" }],
    });
    const page = await admin.cleansing.duplicates.link({
      entityType: "contact",
      left: { source: "crm-a" },
      right: { externalIdSystem: "erp" },
    });
    expect(page.items.map((p) => [p.left, p.right]).sort()).toEqual(
      [
        [left.id, right.id],
        [leftTwin.id, right.id],
      ].sort(),
    );
  });
});

describeEachAdapter("cleansing duplicates with sales", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [sales(), cleansing()] });

  it("matches leads through sales' tables", async () => {
    const tenantId = await t.tenant();
    const admin = t.as(tenantId, "ada", ["admin"]);
    const a = await admin.sales.leads.create({
      firstName: "Kim",
      lastName: "Park",
      company: "Acme Inc.",
      email: "kim@acme.example",
      source: "web_form",
    });
    const b = await admin.sales.leads.create({
      firstName: "Kim",
      lastName: "Park",
      company: "ACME",
      email: "KIM@acme.example",
      source: "event",
    });
    const page = await admin.cleansing.duplicates.find({ entityType: "lead" });
    expect(page.items.map((p) => [p.a, p.b].sort())).toEqual([[a.id, b.id].sort()]);
  });
});
