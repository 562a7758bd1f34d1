import { ForbiddenError } from "@rapport/core";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { anAccount, salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("hidden fields and record scope on history and timelines", (target) => {
  const t = useSalesCrm(target);

  it("audit.history of an opportunity and a lead leaves out hidden amount, custom.margin and email", async () => {
    const { tenantId, system, manager, alice } = await salesTenant(t);
    await system.customFields.define({ entityType: "opportunity", key: "margin", label: "Margin", kind: "number" });
    await system.roles.define({
      name: "junior_auditor",
      grants: { "opportunity:read": "all", "lead:read": "all", "audit:read": "all" },
      hiddenFields: { opportunity: ["amount", "custom.margin"], lead: ["email"] },
    });
    const account = await anAccount(alice);
    const opp = await alice.sales.opportunities.create({
      accountId: account.id,
      name: "Big deal",
      amount: 909_090,
      currency: "EUR",
      custom: { margin: 47 },
    });
    await manager.sales.opportunities.update(opp.id, { amount: 808_080, custom: { margin: 43 }, nextStep: "Call" });
    const lead = await manager.sales.leads.create({ lastName: "Hidden", email: "hidden.person@example.com" });
    await manager.sales.leads.update(lead.id, { email: "moved.person@example.com" });

    const junior = t.as(tenantId, "jr", ["junior_auditor"]);
    const oppHistory = (await junior.audit.history("opportunity", opp.id)).items;
    expect(oppHistory.map((r) => r.action)).toEqual(["create", "update"]);
    expect(oppHistory[0]?.changes.name).toEqual([null, "Big deal"]);
    expect(oppHistory[1]?.changes).toEqual({ nextStep: [null, "Call"] });
    const leadHistory = (await junior.audit.history("lead", lead.id)).items;
    expect(leadHistory.map((r) => r.action)).toEqual(["create", "update"]);
    expect(leadHistory[1]?.changes).toEqual({});
    const text = JSON.stringify([oppHistory, leadHistory]);
    for (const secret of ["909090", "808080", "margin", "amount", "person@example.com", "email"]) {
      expect(text).not.toContain(secret);
    }
    // The manager, who sees every field, reads the same entries in full.
    const full = (await manager.audit.history("opportunity", opp.id)).items[1]?.changes;
    expect(full).toMatchObject({ amount: [909_090, 808_080], "custom.margin": [47, 43] });
  });

  it("audit.history of an opportunity is refused to a role holding audit:read but not the opportunity", async () => {
    const { tenantId, system, alice } = await salesTenant(t);
    await system.roles.define({ name: "audit_own", grants: { "audit:read": "own" } });
    const opp = await alice.sales.opportunities.create({
      accountId: (await anAccount(alice)).id,
      name: "Private",
      amount: 1_000,
      currency: "EUR",
    });
    const auditor = t.as(tenantId, "alice", ["audit_own"]);
    await expect(auditor.sales.opportunities.get(opp.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(auditor.audit.history("opportunity", opp.id)).rejects.toBeInstanceOf(ForbiddenError);
    // A rep on the deal team reads the deal, and so its history when they may read the audit trail.
    await system.roles.define({ name: "team_auditor", grants: { "audit:read": "all", "opportunity:read": "team" } });
    await alice.sales.opportunities.addTeamMember(opp.id, { userId: "sam", role: "support" });
    const sam = t.as(tenantId, "sam", ["team_auditor"]);
    expect((await sam.audit.history("opportunity", opp.id)).items.map((r) => r.action)).toEqual([
      "create",
      "add_team_member",
    ]);
    const eve = t.as(tenantId, "eve", ["team_auditor"]);
    await expect(eve.audit.history("opportunity", opp.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("the opportunity timeline shows only activities in the actor's activity scope and leaves out hidden fields", async () => {
    const { tenantId, system, alice } = await salesTenant(t);
    await system.roles.define({
      name: "deal_viewer",
      grants: { "opportunity:read": "all", "activity:read": "own" },
      hiddenFields: { opportunity: ["stageKey"] },
    });
    await system.roles.define({
      name: "bodyless",
      grants: { "opportunity:read": "all", "activity:read": "all" },
      hiddenFields: { activity: ["body"] },
    });
    const opp = await alice.sales.opportunities.create({
      accountId: (await anAccount(alice)).id,
      name: "Timeline deal",
      amount: 1_000,
      currency: "EUR",
    });
    t.clock.advance({ minutes: 1 });
    await alice.activities.create({
      kind: "call",
      relatedTo: { type: "opportunity", id: opp.id },
      subject: "Pricing call",
      body: "They can pay 2x",
    });
    t.clock.advance({ minutes: 1 });
    await alice.sales.opportunities.addNote(opp.id, { body: "Follow up" });
    t.clock.advance({ minutes: 1 });
    await alice.sales.opportunities.moveStage(opp.id, "interest");

    const full = await alice.sales.opportunities.timeline(opp.id);
    expect(full.items.map((e) => e.type)).toEqual(["stage", "note", "activity", "stage"]);
    // activity:read own: alice's call is not theirs; stageKey hidden: no stage entries.
    const viewer = t.as(tenantId, "vera", ["deal_viewer"]);
    await expect(viewer.activities.list()).resolves.toMatchObject({ items: [] });
    expect((await viewer.sales.opportunities.timeline(opp.id)).items.map((e) => e.type)).toEqual(["note"]);
    const bodyless = t.as(tenantId, "bo", ["bodyless"]);
    const seen = (await bodyless.sales.opportunities.timeline(opp.id)).items.find((e) => e.type === "activity");
    expect(seen).toMatchObject({ kind: "call", subject: "Pricing call" });
    expect(seen).not.toHaveProperty("body");
  });
});
