import { type CrmError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { marketing } from "@rapport/marketing";
import { sales } from "@rapport/sales";
import { service } from "@rapport/service";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { cleansing } from "../cleansing-module.js";
import { tenantRows } from "./testing/tenant-rows.js";

describeEachAdapter("cleansing merge", (target) => {
  const t = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [sales(), service(), marketing(), cleansing()],
  });

  async function tenant() {
    const tenantId = await t.tenant();
    return { tenantId, admin: t.as(tenantId, "ada", ["admin"]) };
  }

  /** Two contacts of one person at two accounts, each with history in core, sales and service. */
  async function duplicateContacts(admin: Awaited<ReturnType<typeof tenant>>["admin"]) {
    const globex = await admin.accounts.create({ name: "Globex", type: "customer" });
    const initech = await admin.accounts.create({ name: "Initech", type: "customer" });
    const keep = await admin.contacts.create({
      accountId: globex.id,
      firstName: "Maria",
      lastName: "Anders",
      emails: [{ type: "work", value: "maria@globex.example", primary: true }],
      externalIds: { erp: "C-1" },
      tags: ["vip"],
    });
    t.clock.advance({ hours: 1 });
    const dupe = await admin.contacts.create({
      accountId: initech.id,
      firstName: "Maria",
      lastName: "Anders-Smith",
      title: "CTO",
      emails: [{ type: "work", value: "m.anders@initech.example", primary: true }],
      externalIds: { crm_legacy: "L-77" },
      tags: ["newsletter"],
      custom: {},
    });
    const call = await admin.activities.create({
      kind: "call",
      subject: "Intro",
      relatedTo: { type: "contact", id: dupe.id },
    });
    const deal = await admin.sales.opportunities.create({
      accountId: initech.id,
      primaryContactId: dupe.id,
      name: "Initech renewal",
      amount: 120_000,
      currency: "USD",
    });
    const support = await admin.service.cases.create({
      subject: "Printer",
      channel: "phone",
      accountId: initech.id,
      contactId: dupe.id,
    });
    const logged = await admin.service.calls.create({
      direction: "inbound",
      from: "+4930123456",
      to: "100",
      startedAt: "2026-03-02T09:15:00Z",
      durationSeconds: 60,
      contactId: dupe.id,
    });
    return { globex, initech, keep, dupe, call, deal, support, logged };
  }

  it("plans a contact merge: field winners by rule, conflicts, related records and versions; writes nothing", async () => {
    const { tenantId, admin } = await tenant();
    const { keep, dupe, call, deal, support, logged } = await duplicateContacts(admin);
    const before = await tenantRows(t.adapter, tenantId);
    const plan = await admin.cleansing.merge.plan({ entityType: "contact", survivorId: keep.id, loserIds: [dupe.id] });
    expect(await tenantRows(t.adapter, tenantId)).toEqual(before);
    expect(plan.versions).toMatchObject({ [keep.id]: keep.version, [dupe.id]: dupe.version, [deal.id]: deal.version });
    const title = plan.fields.find((f) => f.field === "title");
    // The survivor keeps its values; an empty one is filled from the other record.
    expect(title).toMatchObject({ rule: "survivor", winnerId: dupe.id, conflict: false });
    expect(plan.fields.find((f) => f.field === "lastName")).toMatchObject({ winnerId: keep.id, conflict: true });
    expect(plan.conflicts.map((c) => c.field)).toEqual(expect.arrayContaining(["lastName", "emails", "accountId"]));
    expect(plan.changes).toEqual(expect.arrayContaining(["title", "tags", "externalIds"]));
    expect(plan.changes).not.toContain("lastName");
    expect(plan.movedExternalIds).toEqual([{ system: "crm_legacy", from: dupe.id }]);
    const related = plan.related.records.map((r) => [r.entityType, r.id, r.links.map((l) => l.field)]);
    expect(related).toEqual(
      expect.arrayContaining([
        ["activity", call.id, ["relatedId"]],
        ["opportunity", deal.id, ["primaryContactId"]],
        ["case", support.id, ["contactId"]],
        ["call", logged.id, ["contactId"]],
      ]),
    );
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);

    const recent = await admin.cleansing.merge.plan({
      entityType: "contact",
      survivorId: keep.id,
      loserIds: [dupe.id],
      rules: { default: "most_recent" },
      overrides: { firstName: keep.id },
    });
    expect(recent.fields.find((f) => f.field === "lastName")).toMatchObject({ rule: "most_recent", winnerId: dupe.id });
  });

  it("applies a plan in one go and undo leaves every table as it was, row by row", async () => {
    const { tenantId, admin } = await tenant();
    const { keep, dupe, call, deal, support, logged, initech } = await duplicateContacts(admin);
    const before = await tenantRows(t.adapter, tenantId);
    const events: string[] = [];
    const off = t.crm.on("*", (e) => {
      if (e.tenantId === tenantId) events.push(e.type);
    });
    const plan = await admin.cleansing.merge.plan({
      entityType: "contact",
      survivorId: keep.id,
      loserIds: [dupe.id],
      rules: { fields: { lastName: "most_recent" } },
    });
    const merged = await admin.cleansing.merge.apply(plan);
    // Four records name the loser, and the call's own activity makes five.
    expect(merged).toMatchObject({ survivorId: keep.id, archivedIds: [dupe.id], repointed: { records: 5 } });
    expect(events).toEqual(expect.arrayContaining(["contact.archived", "contact.updated", "contact.merged"]));

    const survivor = await admin.contacts.get(keep.id);
    expect(survivor).toMatchObject({
      lastName: "Anders-Smith",
      fullName: "Maria Anders-Smith",
      title: "CTO",
      accountId: keep.accountId,
      externalIds: { erp: "C-1", crm_legacy: "L-77" },
    });
    expect([...survivor.tags].sort()).toEqual(["newsletter", "vip"]);
    expect((await admin.contacts.get(dupe.id)).archivedAt).not.toBeNull();
    expect((await admin.contacts.findByExternalId("crm_legacy", "L-77"))?.id).toBe(keep.id);
    expect((await admin.activities.get(call.id)).relatedTo).toEqual({ type: "contact", id: keep.id });
    expect((await admin.sales.opportunities.get(deal.id)).primaryContactId).toBe(keep.id);
    expect((await admin.service.cases.get(support.id)).contactId).toBe(keep.id);
    expect((await admin.service.calls.get(logged.id)).contactId).toBe(keep.id);
    expect((await admin.sales.opportunities.get(deal.id)).accountId).toBe(initech.id);

    const undone = await admin.cleansing.merge.undo(merged.mergeId);
    expect(undone.restoredIds).toEqual(expect.arrayContaining([keep.id, dupe.id, call.id, deal.id, support.id]));
    expect(await tenantRows(t.adapter, tenantId)).toEqual(before);
    expect(events).toContain("contact.merge_undone");
    off();
  });

  it("moves a loser's campaign membership and consent to the survivor, and undo moves them back", async () => {
    const { tenantId, admin } = await tenant();
    const { keep, dupe } = await duplicateContacts(admin);
    const campaign = await admin.marketing.campaigns.create({
      name: "Spring",
      type: "email",
      currency: "EUR",
      startsAt: "2026-01-01T00:00:00.000Z",
      endsAt: "2026-12-31T00:00:00.000Z",
    });
    await admin.marketing.campaigns.members.add(campaign.id, { contactIds: [dupe.id] });
    await admin.marketing.consents.record({
      subject: { type: "contact", id: dupe.id },
      channel: "email",
      status: "granted",
      source: "form",
    });
    const before = await tenantRows(t.adapter, tenantId);
    const plan = await admin.cleansing.merge.plan({ entityType: "contact", survivorId: keep.id, loserIds: [dupe.id] });
    const moved = [...plan.related.records.map((r) => r.entityType), ...plan.related.rows.map((r) => r.table)];
    // Both are records of the marketing module: re-pointed through the record layer.
    expect(moved).toEqual(expect.arrayContaining(["consent", "campaign_member"]));
    const merged = await admin.cleansing.merge.apply(plan);
    const after = await tenantRows(t.adapter, tenantId);
    expect(JSON.stringify(after.marketing_consents)).toContain(keep.id);
    expect(JSON.stringify(after.marketing_consents)).not.toContain(dupe.id);
    await admin.cleansing.merge.undo(merged.mergeId);
    expect(await tenantRows(t.adapter, tenantId)).toEqual(before);
  });

  it("merges accounts: contacts, deals and cases follow; a link the survivor already has is dropped and undo puts it back", async () => {
    const { tenantId, admin } = await tenant();
    const keep = await admin.accounts.create({
      name: "Globex Corp",
      type: "customer",
      website: "https://globex.example",
    });
    const dupe = await admin.accounts.create({ name: "Globex", type: "customer", industry: "Manufacturing" });
    const rivalA = await admin.accounts.create({ name: "Umbrella", type: "competitor" });
    const rivalB = await admin.accounts.create({ name: "Umbrella Inc", type: "competitor" });
    const person = await admin.contacts.create({ accountId: dupe.id, firstName: "Pat", lastName: "Lee" });
    const deal = await admin.sales.opportunities.create({
      accountId: dupe.id,
      name: "Deal",
      amount: 5_000,
      currency: "EUR",
    });
    await admin.sales.opportunities.addCompetitor(deal.id, { accountId: rivalA.id, notes: "cheap" });
    await admin.sales.opportunities.addCompetitor(deal.id, { accountId: rivalB.id, notes: "fast" });
    const support = await admin.service.cases.create({ subject: "Down", channel: "email", accountId: dupe.id });
    const before = await tenantRows(t.adapter, tenantId);

    const merged = await admin.cleansing.merge.apply(
      await admin.cleansing.merge.plan({ entityType: "account", survivorId: keep.id, loserIds: [dupe.id] }),
    );
    expect(await admin.accounts.get(keep.id)).toMatchObject({ name: "Globex Corp", industry: "Manufacturing" });
    expect((await admin.contacts.get(person.id)).accountId).toBe(keep.id);
    expect((await admin.sales.opportunities.get(deal.id)).accountId).toBe(keep.id);
    expect((await admin.service.cases.get(support.id)).accountId).toBe(keep.id);

    // Merging the two competitors: the deal lists the survivor once, the loser's row is dropped.
    const rivals = await admin.cleansing.merge.apply(
      await admin.cleansing.merge.plan({ entityType: "account", survivorId: rivalA.id, loserIds: [rivalB.id] }),
    );
    const competitors = (await admin.sales.opportunities.competitors(deal.id)).map((c) => c.accountId);
    expect(competitors).toEqual([rivalA.id]);

    await admin.cleansing.merge.undo(rivals.mergeId);
    await admin.cleansing.merge.undo(merged.mergeId);
    expect(await tenantRows(t.adapter, tenantId)).toEqual(before);
  });

  it("merges accounts in a hierarchy: subsidiaries follow the survivor, and a survivor whose parent was the duplicate loses that parent", async () => {
    const { tenantId, admin } = await tenant();
    const group = await admin.accounts.create({ name: "Globex Group", type: "customer" });
    const keep = await admin.accounts.create({ name: "Globex GmbH", type: "customer", parentId: group.id });
    const child = await admin.accounts.create({ name: "Globex Services", type: "customer", parentId: group.id });
    const before = await tenantRows(t.adapter, tenantId);
    const plan = await admin.cleansing.merge.plan({ entityType: "account", survivorId: keep.id, loserIds: [group.id] });
    expect(plan.related.records.map((r) => [r.id, r.links.map((l) => l.field)])).toEqual([[child.id, ["parentId"]]]);
    const merged = await admin.cleansing.merge.apply(plan);
    expect((await admin.accounts.get(child.id)).parentId).toBe(keep.id);
    expect((await admin.accounts.get(keep.id)).parentId).toBeNull();
    await admin.cleansing.merge.undo(merged.mergeId);
    expect(await tenantRows(t.adapter, tenantId)).toEqual(before);
  });

  it("merges leads and products", async () => {
    const { admin } = await tenant();
    const a = await admin.sales.leads.create({ lastName: "Ng", company: "Hooli", email: "ng@hooli.example" });
    const b = await admin.sales.leads.create({ lastName: "Ng", company: "Hooli", phone: "+14155550100" });
    await admin.cleansing.merge.apply(
      await admin.cleansing.merge.plan({ entityType: "lead", survivorId: a.id, loserIds: [b.id] }),
    );
    expect(await admin.sales.leads.get(a.id)).toMatchObject({ email: "ng@hooli.example", phone: "+14155550100" });

    const p = await admin.products.create({ sku: "W-1", name: "Widget" });
    const q = await admin.products.create({ sku: "W-1B", name: "Widget", description: "Blue" });
    await admin.cleansing.merge.apply(
      await admin.cleansing.merge.plan({ entityType: "product", survivorId: p.id, loserIds: [q.id] }),
    );
    expect(await admin.products.get(p.id)).toMatchObject({ sku: "W-1", description: "Blue" });
    expect((await admin.products.get(q.id)).archivedAt).not.toBeNull();
  });

  it("refuses bad merges with typed errors and writes nothing", async () => {
    const { tenantId, admin } = await tenant();
    const { keep, dupe, globex } = await duplicateContacts(admin);
    const other = await t.tenant();
    const stranger = await t.as(other, "ada", ["admin"]).contacts.create({ lastName: "Elsewhere" });
    // A well-formed id nothing has.
    const missing = `${dupe.id.slice(0, -1)}${dupe.id.endsWith("0") ? "1" : "0"}`;
    const attempt = (input: Parameters<typeof admin.cleansing.merge.plan>[0]) =>
      expectNothingWritten(t.adapter, tenantId, async () =>
        admin.cleansing.merge.apply(await admin.cleansing.merge.plan(input)),
      );

    const mixed = await attempt({ entityType: "contact", survivorId: keep.id, loserIds: [globex.id] });
    expect(mixed).toBeInstanceOf(ValidationError);
    expect(await attempt({ entityType: "contact", survivorId: keep.id, loserIds: [keep.id] })).toBeInstanceOf(
      ValidationError,
    );
    expect(await attempt({ entityType: "contact", survivorId: keep.id, loserIds: [stranger.id] })).toBeInstanceOf(
      NotFoundError,
    );
    expect(await attempt({ entityType: "contact", survivorId: keep.id, loserIds: [missing] })).toBeInstanceOf(
      NotFoundError,
    );
    const unknownField = await attempt({
      entityType: "contact",
      survivorId: keep.id,
      loserIds: [dupe.id],
      rules: { fields: { shoeSize: "most_recent" } },
    });
    expect(unknownField).toBeInstanceOf(ValidationError);
    expect((unknownField as ValidationError).issues[0]?.path).toEqual(["rules", "fields", "shoeSize"]);
    expect(
      await attempt({
        entityType: "contact",
        survivorId: keep.id,
        loserIds: [dupe.id],
        overrides: { title: globex.id },
      }),
    ).toBeInstanceOf(ValidationError);
    expect(
      await attempt({
        entityType: "contact",
        survivorId: keep.id,
        loserIds: [dupe.id],
        rules: { fields: JSON.parse('{"__proto__":"survivor"}') },
      }),
    ).toBeInstanceOf(ValidationError);

    // A record changed since planning: the plan is stale and nothing is written.
    const plan = await admin.cleansing.merge.plan({ entityType: "contact", survivorId: keep.id, loserIds: [dupe.id] });
    await admin.contacts.update(dupe.id, { title: "CEO" });
    const stale = await expectNothingWritten(t.adapter, tenantId, () => admin.cleansing.merge.apply(plan));
    expect(stale).toMatchObject({ code: "MERGE_PLAN_STALE" });
    // So is a plan whose related records moved: a new case on the loser.
    const fresh = await admin.cleansing.merge.plan({ entityType: "contact", survivorId: keep.id, loserIds: [dupe.id] });
    await admin.service.cases.create({ subject: "New", channel: "email", contactId: dupe.id });
    expect(await expectNothingWritten(t.adapter, tenantId, () => admin.cleansing.merge.apply(fresh))).toMatchObject({
      code: "MERGE_PLAN_STALE",
    });
  });

  it("refuses to undo twice, after a later merge touched the records, or an unknown merge; nothing is written", async () => {
    const { tenantId, admin } = await tenant();
    const { keep, dupe } = await duplicateContacts(admin);
    const third = await admin.contacts.create({ firstName: "M.", lastName: "Anders" });
    const first = await admin.cleansing.merge.apply(
      await admin.cleansing.merge.plan({ entityType: "contact", survivorId: keep.id, loserIds: [dupe.id] }),
    );
    await admin.cleansing.merge.apply(
      await admin.cleansing.merge.plan({ entityType: "contact", survivorId: keep.id, loserIds: [third.id] }),
    );
    const superseded = await expectNothingWritten(t.adapter, tenantId, () => admin.cleansing.merge.undo(first.mergeId));
    expect(superseded).toBeInstanceOf(InvalidTransitionError);
    expect((superseded as CrmError).details.reason).toBe("merge_superseded");

    const a = await admin.contacts.create({ lastName: "Twice" });
    const b = await admin.contacts.create({ lastName: "Twice" });
    const once = await admin.cleansing.merge.apply(
      await admin.cleansing.merge.plan({ entityType: "contact", survivorId: a.id, loserIds: [b.id] }),
    );
    await admin.cleansing.merge.undo(once.mergeId);
    const twice = await expectNothingWritten(t.adapter, tenantId, () => admin.cleansing.merge.undo(once.mergeId));
    expect((twice as CrmError).details.reason).toBe("merge_undone");
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        admin.cleansing.merge.undo(`mrg_${once.mergeId.slice(4, -1)}${once.mergeId.endsWith("0") ? "1" : "0"}`),
      ),
    ).toBeInstanceOf(NotFoundError);
    expect(await expectNothingWritten(t.adapter, tenantId, () => admin.cleansing.merge.undo("nope"))).toBeInstanceOf(
      ValidationError,
    );
  });

  it("keeps fields the actor may not see out of the plan, and the survivor keeps its own values of them", async () => {
    const { tenantId, admin } = await tenant();
    await admin.roles.define({
      name: "merger",
      grants: { "contact:read": "all", "contact:update": "all", "contact:archive": "all" },
      hiddenFields: { contact: ["title"] },
    });
    const merger = t.as(tenantId, "mo", ["merger"]);
    const keep = await admin.contacts.create({ lastName: "Hidden" });
    const dupe = await admin.contacts.create({ lastName: "Hidden", title: "SECRETTITLE", language: "de" });
    const plan = await merger.cleansing.merge.plan({
      entityType: "contact",
      survivorId: keep.id,
      loserIds: [dupe.id],
      rules: { default: "most_recent" },
    });
    expect(JSON.stringify(plan)).not.toContain("SECRETTITLE");
    // Not even that the records differ in it.
    expect(plan.fields.find((f) => f.field === "title")).toBeUndefined();
    expect(plan.conflicts.find((c) => c.field === "title")).toBeUndefined();
    await merger.cleansing.merge.apply(plan);
    expect(await admin.contacts.get(keep.id)).toMatchObject({ title: null, language: "de" });
  });

  it("needs update on every record and archive on the losers", async () => {
    const { tenantId, admin } = await tenant();
    const rep = t.as(tenantId, "rita", ["sales_rep"]);
    const mine = await rep.contacts.create({ lastName: "Mine" });
    const theirs = await admin.contacts.create({ lastName: "Theirs" });
    const error = await expectNothingWritten(t.adapter, tenantId, async () =>
      rep.cleansing.merge.apply(
        await rep.cleansing.merge.plan({ entityType: "contact", survivorId: mine.id, loserIds: [theirs.id] }),
      ),
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    // Update on both is not enough: the loser is archived, which needs archive rights on it.
    await admin.roles.define({ name: "editor", grants: { "contact:read": "all", "contact:update": "all" } });
    const editor = t.as(tenantId, "eddie", ["editor"]);
    const noArchive = await expectNothingWritten(t.adapter, tenantId, async () =>
      editor.cleansing.merge.apply(
        await editor.cleansing.merge.plan({ entityType: "contact", survivorId: mine.id, loserIds: [theirs.id] }),
      ),
    );
    expect(noArchive).toBeInstanceOf(ForbiddenError);
    expect((noArchive as ForbiddenError).message).toContain("archive");
    // Undo needs the same rights: a rep cannot undo a merge of records they may not change.
    const other1 = await admin.contacts.create({ lastName: "Admin one" });
    const other2 = await admin.contacts.create({ lastName: "Admin two" });
    const byAdmin = await admin.cleansing.merge.apply(
      await admin.cleansing.merge.plan({ entityType: "contact", survivorId: other1.id, loserIds: [other2.id] }),
    );
    expect(
      await expectNothingWritten(t.adapter, tenantId, () => rep.cleansing.merge.undo(byAdmin.mergeId)),
    ).toBeInstanceOf(ForbiddenError);
    const reader = t.as(tenantId, "rob", ["read_only"]);
    const other = await admin.contacts.create({ lastName: "Other" });
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        reader.cleansing.merge.plan({ entityType: "contact", survivorId: theirs.id, loserIds: [other.id] }),
      ),
    ).toBeInstanceOf(ForbiddenError);
  });
});
