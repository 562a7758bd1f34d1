import { DuplicateError, ForbiddenError, NotFoundError, ValidationError } from "@rapport/core";
import { expectNothingWritten, tenantSnapshot } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { anAccount, salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("team selling", (target) => {
  const t = useSalesCrm(target);

  async function dealWithTeam() {
    const tenant = await salesTenant(t);
    const account = await anAccount(tenant.alice);
    const opp = await tenant.alice.sales.opportunities.create({
      accountId: account.id,
      name: "Team deal",
      amount: 900_000,
      currency: "USD",
    });
    return {
      ...tenant,
      opp,
      sam: t.as(tenant.tenantId, "sam", ["sales_rep"]),
      eve: t.as(tenant.tenantId, "eve", ["sales_rep"]),
    };
  }

  it("a team member gains access to the opportunity in team scope: get, list, and (with edit access) moving it", async () => {
    const { alice, bob, sam, opp } = await dealWithTeam();
    await expect(sam.sales.opportunities.get(opp.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await sam.sales.opportunities.list()).items).toEqual([]);
    const member = await alice.sales.opportunities.addTeamMember(opp.id, {
      userId: "sam",
      role: "sales_engineer",
      access: "edit",
    });
    expect(member).toMatchObject({
      userId: "sam",
      role: "sales_engineer",
      access: "edit",
      addedBy: "alice",
      addedAt: t.clock.now().toISOString(),
    });
    expect((await sam.sales.opportunities.get(opp.id)).id).toBe(opp.id);
    expect((await sam.sales.opportunities.list()).items.map((o) => o.id)).toEqual([opp.id]);
    const moved = await sam.sales.opportunities.moveStage(opp.id, "interest");
    expect(moved.stageKey).toBe("interest");
    expect((await sam.sales.opportunities.update(opp.id, { nextStep: "Demo on Friday" })).nextStep).toBe(
      "Demo on Friday",
    );
    // Non-members still see nothing.
    await expect(bob.sales.opportunities.get(opp.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await bob.sales.opportunities.list()).items).toEqual([]);
    // Team members work the deal but do not manage its team or archive it.
    await expect(
      sam.sales.opportunities.addTeamMember(opp.id, { userId: "bob", role: "support" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(sam.sales.opportunities.archive(opp.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("read access lets a member see the deal but not change it", async () => {
    const { tenantId, alice, eve, opp } = await dealWithTeam();
    await alice.sales.opportunities.addTeamMember(opp.id, { userId: "eve", role: "executive_sponsor" });
    expect((await eve.sales.opportunities.get(opp.id)).id).toBe(opp.id);
    for (const attempt of [
      () => eve.sales.opportunities.moveStage(opp.id, "interest"),
      () => eve.sales.opportunities.update(opp.id, { name: "Eve's now" }),
      () => eve.sales.opportunities.win(opp.id),
    ]) {
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(ForbiddenError);
    }
    await alice.sales.opportunities.updateTeamMember(opp.id, "eve", { access: "edit" });
    expect((await eve.sales.opportunities.moveStage(opp.id, "interest")).stageKey).toBe("interest");
  });

  it("team changes are changes of the opportunity: versioned, audited under team.<user>, announced as opportunity.updated; an empty patch writes nothing", async () => {
    const { tenantId, alice, system, opp } = await dealWithTeam();
    const updates: unknown[] = [];
    const off = t.crm.on("opportunity.updated", (e) => {
      if (e.tenantId === tenantId) updates.push(e.data);
    });
    await alice.sales.opportunities.addTeamMember(opp.id, { userId: "sam", role: "sales_engineer" });
    await alice.sales.opportunities.updateTeamMember(opp.id, "sam", { access: "edit" });
    const rows = await tenantSnapshot(t.adapter, tenantId);
    const same = await alice.sales.opportunities.updateTeamMember(opp.id, "sam", { access: "edit" });
    expect(await tenantSnapshot(t.adapter, tenantId)).toEqual(rows);
    expect(same).toMatchObject({ userId: "sam", access: "edit" });
    await alice.sales.opportunities.removeTeamMember(opp.id, "sam");
    off();
    expect((await alice.sales.opportunities.get(opp.id)).version).toBe(4);
    expect(updates).toEqual([2, 3, 4].map((version) => ({ id: opp.id, version, changed: ["team.sam"] })));
    const audit = (await system.audit.history("opportunity", opp.id)).items;
    expect(audit.map((a) => a.action)).toEqual([
      "create",
      "add_team_member",
      "update_team_member",
      "remove_team_member",
    ]);
    expect(audit[1]?.changes["team.sam"]?.[0]).toBeNull();
    expect(audit[2]?.changes["team.sam"]?.map((m) => (m as { access: string }).access)).toEqual(["read", "edit"]);
    expect(audit[3]?.changes["team.sam"]?.[1]).toBeNull();
  });

  it("removing a member takes the access away again", async () => {
    const { alice, sam, opp } = await dealWithTeam();
    await alice.sales.opportunities.addTeamMember(opp.id, { userId: "sam", role: "sales_engineer" });
    await alice.sales.opportunities.removeTeamMember(opp.id, "sam");
    await expect(sam.sales.opportunities.get(opp.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await alice.sales.opportunities.team(opp.id)).toEqual([]);
  });

  it("refuses bad team changes, writing nothing", async () => {
    const { tenantId, alice, opp } = await dealWithTeam();
    await alice.sales.opportunities.addTeamMember(opp.id, { userId: "sam", role: "sales_engineer" });
    const cases: [() => Promise<unknown>, new (...args: never[]) => Error][] = [
      [() => alice.sales.opportunities.addTeamMember(opp.id, { userId: "sam", role: "support" }), DuplicateError],
      [
        () => alice.sales.opportunities.addTeamMember(opp.id, { userId: "kim", role: "Sales Engineer" }),
        ValidationError,
      ],
      [
        () =>
          alice.sales.opportunities.addTeamMember(opp.id, { userId: "kim", role: "support", access: "admin" as never }),
        ValidationError,
      ],
      [() => alice.sales.opportunities.updateTeamMember(opp.id, "kim", { role: "support" }), NotFoundError],
      [() => alice.sales.opportunities.removeTeamMember(opp.id, "kim"), NotFoundError],
      [() => alice.sales.opportunities.addNote(opp.id, { body: "" }), ValidationError],
    ];
    for (const [attempt, type] of cases)
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(type);
  });

  it("notes are shared with the whole team, newest first, paged", async () => {
    const { alice, sam, bob, opp } = await dealWithTeam();
    await alice.sales.opportunities.addTeamMember(opp.id, { userId: "sam", role: "sales_engineer" });
    const first = await alice.sales.opportunities.addNote(opp.id, { body: "Budget confirmed." });
    t.clock.advance({ minutes: 5 });
    const second = await sam.sales.opportunities.addNote(opp.id, { body: "POC environment is ready." });
    expect(second).toMatchObject({ authorId: "sam", opportunityId: opp.id });
    const page1 = await sam.sales.opportunities.notes(opp.id, { limit: 1 });
    expect(page1.items.map((n) => n.id)).toEqual([second.id]);
    const page2 = await sam.sales.opportunities.notes(opp.id, { limit: 1, cursor: page1.nextCursor as string });
    expect(page2).toEqual({ items: [first], nextCursor: null });
    await expect(bob.sales.opportunities.notes(opp.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(bob.sales.opportunities.addNote(opp.id, { body: "Sneaky" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("a note is a record of its own: a reader's note leaves the opportunity's version alone, is audited as opportunity_note and announced as opportunity_note.created", async () => {
    const { tenantId, alice, sam, system, opp } = await dealWithTeam();
    await alice.sales.opportunities.addTeamMember(opp.id, { userId: "sam", role: "sales_engineer", access: "read" });
    const version = (await alice.sales.opportunities.get(opp.id)).version;
    const events: { type: string; data: unknown }[] = [];
    const off = t.crm.on("*", (e) => {
      if (e.tenantId === tenantId) events.push({ type: e.type, data: e.data });
    });
    const note = await sam.sales.opportunities.addNote(opp.id, { body: "Legal signed off." });
    off();
    expect(note).toMatchObject({ opportunityId: opp.id, body: "Legal signed off.", authorId: "sam" });
    // The owner's next edit, made with the version read before the note, does not conflict.
    await alice.sales.opportunities.update(opp.id, { name: "Team deal (renewed)" }, { expectedVersion: version });
    expect(events.map((e) => e.type)).toEqual(["opportunity_note.created"]);
    expect(events[0]?.data).toMatchObject({ id: note.id });
    const audit = (await system.audit.history("opportunity_note", note.id)).items;
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([["create", "sam"]]);
    expect(audit[0]?.changes.body).toEqual([null, "Legal signed off."]);
    expect((await system.audit.history("opportunity", opp.id)).items.map((a) => a.action)).toEqual([
      "create",
      "add_team_member",
      "update",
    ]);
  });

  it("a member's activity shows on the opportunity timeline with notes and stage changes, newest first", async () => {
    const { alice, sam, opp } = await dealWithTeam();
    await alice.sales.opportunities.addTeamMember(opp.id, { userId: "sam", role: "sales_engineer", access: "edit" });
    t.clock.advance({ minutes: 1 });
    await alice.activities.create({
      kind: "call",
      relatedTo: { type: "opportunity", id: opp.id },
      subject: "Discovery call",
    });
    t.clock.advance({ minutes: 1 });
    await sam.activities.create({
      kind: "meeting",
      relatedTo: { type: "opportunity", id: opp.id },
      subject: "Architecture workshop",
      body: "Whiteboarded the integration",
    });
    t.clock.advance({ minutes: 1 });
    await sam.sales.opportunities.addNote(opp.id, { body: "Needs SSO" });
    t.clock.advance({ minutes: 1 });
    await sam.sales.opportunities.moveStage(opp.id, "interest");
    const timeline = await alice.sales.opportunities.timeline(opp.id, { limit: 3 });
    expect(timeline.items.map((e) => [e.type, e.userId])).toEqual([
      ["stage", "sam"],
      ["note", "sam"],
      ["activity", "sam"],
    ]);
    expect(timeline.items[2]).toMatchObject({
      kind: "meeting",
      subject: "Architecture workshop",
      body: "Whiteboarded the integration",
    });
    const rest = await alice.sales.opportunities.timeline(opp.id, { limit: 3, cursor: timeline.nextCursor as string });
    expect(rest.items.map((e) => e.type)).toEqual(["activity", "stage"]);
    expect(rest.items[1]).toMatchObject({ type: "stage", stageKey: "awareness", fromStageKey: null, userId: "alice" });
    expect(rest.nextCursor).toBeNull();
    await expect(alice.sales.opportunities.timeline(opp.id, { cursor: "garbage" })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it("managers see and manage every team; team changes are audited on the opportunity", async () => {
    const { manager, system, opp } = await dealWithTeam();
    await manager.sales.opportunities.addTeamMember(opp.id, { userId: "sam", role: "sales_engineer" });
    await manager.sales.opportunities.updateTeamMember(opp.id, "sam", { role: "solution_consultant" });
    const history = await system.audit.history("opportunity", opp.id);
    expect(history.items.map((h) => h.action)).toEqual(["create", "add_team_member", "update_team_member"]);
  });
});
