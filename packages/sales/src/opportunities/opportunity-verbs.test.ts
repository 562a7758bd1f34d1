import {
  ConflictError,
  DuplicateError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
} from "@rapport/core";
import { expectNothingWritten, tenantSnapshot } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { aCompetitor, anAccount, salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("opportunity stage verbs", (target) => {
  const t = useSalesCrm(target);

  async function anOpportunity(
    client: Awaited<ReturnType<typeof salesTenant>>["alice"],
    extra: Record<string, unknown> = {},
  ) {
    const account = await anAccount(client);
    return client.sales.opportunities.create({ accountId: account.id, name: "Deal", ...extra });
  }

  it("moveStage records history with timestamps and actor, follows the stage probability and emits opportunity.stage_changed", async () => {
    const { tenantId, alice, system } = await salesTenant(t);
    const changes: unknown[] = [];
    const off = t.crm.on("opportunity.stage_changed", (e) => {
      if (e.tenantId === tenantId) changes.push(e.data);
    });
    const opp = await anOpportunity(alice);
    const created = t.clock.now().toISOString();
    t.clock.advance({ days: 2 });
    const moved = await alice.sales.opportunities.moveStage(opp.id, "interest", { expectedVersion: 1 });
    off();
    expect(moved).toMatchObject({
      stageKey: "interest",
      probability: 15,
      version: 2,
      stageEnteredAt: t.clock.now().toISOString(),
    });
    expect(changes).toEqual([
      {
        id: opp.id,
        version: 2,
        pipelineId: opp.pipelineId,
        fromStage: "awareness",
        toStage: "interest",
        probability: 15,
      },
    ]);
    const history = await alice.sales.opportunities.stageHistory(opp.id);
    expect(
      history.map(({ stageKey, fromStageKey, enteredAt, leftAt, actorId }) => ({
        stageKey,
        fromStageKey,
        enteredAt,
        leftAt,
        actorId,
      })),
    ).toEqual([
      {
        stageKey: "awareness",
        fromStageKey: null,
        enteredAt: created,
        leftAt: t.clock.now().toISOString(),
        actorId: "alice",
      },
      {
        stageKey: "interest",
        fromStageKey: "awareness",
        enteredAt: t.clock.now().toISOString(),
        leftAt: null,
        actorId: "alice",
      },
    ]);
    const audit = await system.audit.history("opportunity", opp.id);
    expect(audit.items.map((a) => a.action)).toEqual(["create", "move_stage"]);
    expect(audit.items[1]?.changes.stageKey).toEqual(["awareness", "interest"]);
  });

  it("moveStage refuses unknown stages, another pipeline's stage, required fields, closing stages, the same stage and stale versions — writing nothing", async () => {
    const { tenantId, alice, manager } = await salesTenant(t);
    await manager.sales.pipelines.create({
      name: "Partner deals",
      stages: [
        { key: "registered", name: "Registered", probability: 20 },
        { key: "won", name: "Won", probability: 100, kind: "won" },
        { key: "lost", name: "Lost", probability: 0, kind: "lost" },
      ],
    });
    const opp = await anOpportunity(alice);
    const cases: [() => Promise<unknown>, new (...args: never[]) => Error][] = [
      [() => alice.sales.opportunities.moveStage(opp.id, "nope"), ValidationError],
      [() => alice.sales.opportunities.moveStage(opp.id, "registered"), ValidationError],
      [() => alice.sales.opportunities.moveStage(opp.id, "Not A Key"), ValidationError],
      [() => alice.sales.opportunities.moveStage(opp.id, "trial"), ValidationError],
      [() => alice.sales.opportunities.moveStage(opp.id, "won"), InvalidTransitionError],
      [() => alice.sales.opportunities.moveStage(opp.id, "awareness"), InvalidTransitionError],
      [() => alice.sales.opportunities.moveStage(opp.id, "interest", { expectedVersion: 2 }), ConflictError],
      [() => alice.sales.opportunities.moveStage("opp_01JDQ8Z6X4W3F2R5T7Y9B1N3M5", "interest"), NotFoundError],
    ];
    for (const [attempt, type] of cases)
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(type);
    const missing = (await alice.sales.opportunities
      .moveStage(opp.id, "trial")
      .catch((e: unknown) => e)) as ValidationError;
    expect(missing.issues.map((i) => i.path)).toEqual([["amount"], ["closeDate"]]);
    expect(missing.details.reason).toBe("required_fields_missing");
  });

  it("a stage can require competitors to be recorded", async () => {
    const { alice, manager } = await salesTenant(t);
    const pipeline = await manager.sales.pipelines.getDefault();
    await manager.sales.pipelines.updateStage(pipeline.id, "interest", { requiredFields: ["competitors"] });
    const opp = await anOpportunity(alice);
    await expect(alice.sales.opportunities.moveStage(opp.id, "interest")).rejects.toBeInstanceOf(ValidationError);
    const rival = await aCompetitor(alice);
    await alice.sales.opportunities.addCompetitor(opp.id, {
      accountId: rival.id,
      strengths: "Cheaper",
      weaknesses: "No API",
    });
    expect((await alice.sales.opportunities.moveStage(opp.id, "interest")).stageKey).toBe("interest");
  });

  it("win closes the opportunity in the won stage and emits opportunity.won; a closed opportunity cannot move", async () => {
    const { tenantId, alice } = await salesTenant(t);
    const won: unknown[] = [];
    const off = t.crm.on("opportunity.won", (e) => {
      if (e.tenantId === tenantId) won.push(e.data);
    });
    const opp = await anOpportunity(alice, { amount: 500_000, currency: "USD" });
    const closed = await alice.sales.opportunities.win(opp.id, { expectedVersion: 1 });
    off();
    expect(closed).toMatchObject({
      status: "won",
      stageKey: "won",
      probability: 100,
      closeDate: t.clock.now().toISOString().slice(0, 10),
      closedAt: t.clock.now().toISOString(),
      version: 2,
    });
    expect(won).toEqual([{ id: opp.id, version: 2, ownerId: "alice", amount: 500_000, currency: "USD" }]);
    for (const attempt of [
      () => alice.sales.opportunities.moveStage(opp.id, "interest"),
      () => alice.sales.opportunities.win(opp.id),
      () => alice.sales.opportunities.lose(opp.id, { reasonId: "lrsn_01JDQ8Z6X4W3F2R5T7Y9B1N3M5" }),
    ]) {
      const error = await expectNothingWritten(t.adapter, tenantId, attempt);
      expect(error).toBeInstanceOf(InvalidTransitionError);
    }
  });

  it("win needs the won stage's required fields", async () => {
    const { tenantId, alice } = await salesTenant(t);
    const opp = await anOpportunity(alice);
    const error = (await expectNothingWritten(t.adapter, tenantId, () =>
      alice.sales.opportunities.win(opp.id),
    )) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((i) => i.path)).toEqual([["amount"]]);
  });

  it("lose records a tenant-defined reason and the competitor, adds it to the competitors and emits opportunity.lost", async () => {
    const { tenantId, alice, manager } = await salesTenant(t);
    const lost: unknown[] = [];
    const off = t.crm.on("opportunity.lost", (e) => {
      if (e.tenantId === tenantId) lost.push(e.data);
    });
    const reason = await manager.sales.lostReasons.create({ name: "Missing SSO" });
    const rival = await aCompetitor(alice, "Initrode");
    const opp = await anOpportunity(alice);
    const closed = await alice.sales.opportunities.lose(opp.id, {
      reasonId: reason.id,
      competitorId: rival.id,
      note: "They bundled SSO",
    });
    off();
    expect(closed).toMatchObject({
      status: "lost",
      stageKey: "lost",
      probability: 0,
      lostReasonId: reason.id,
      lostToCompetitorId: rival.id,
      lostNote: "They bundled SSO",
    });
    expect(lost).toEqual([{ id: opp.id, version: 2, lostReasonId: reason.id, competitorId: rival.id }]);
    expect((await alice.sales.opportunities.competitors(opp.id)).map((c) => c.accountId)).toEqual([rival.id]);
    expect((await alice.sales.lostReasons.list()).items.map((r) => r.name)).toContain("Price");
  });

  it("lose refuses an unknown or archived reason and a competitor that is not a competitor account, writing nothing", async () => {
    const { tenantId, alice, manager } = await salesTenant(t);
    const reason = await manager.sales.lostReasons.create({ name: "Old reason" });
    await manager.sales.lostReasons.archive(reason.id);
    const live = (await alice.sales.lostReasons.list()).items[0];
    if (!live) throw new Error("no seeded lost reason");
    const customer = await anAccount(alice, "A customer");
    const opp = await anOpportunity(alice);
    for (const options of [
      { reasonId: "lrsn_01JDQ8Z6X4W3F2R5T7Y9B1N3M5" },
      { reasonId: reason.id },
      { reasonId: live.id, competitorId: customer.id },
      { reasonId: live.id, competitorId: "acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5" },
      { reasonId: live.id, surprise: 1 },
    ]) {
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        alice.sales.opportunities.lose(opp.id, options as never),
      );
      expect(error, JSON.stringify(options)).toBeInstanceOf(ValidationError);
    }
    const notCompetitor = (await alice.sales.opportunities
      .lose(opp.id, { reasonId: live.id, competitorId: customer.id })
      .catch((e: unknown) => e)) as ValidationError;
    expect(notCompetitor.details.reason).toBe("not_a_competitor");
  });

  it("competitors carry strengths and weaknesses notes; only competitor accounts qualify, once each", async () => {
    const { tenantId, alice, bob } = await salesTenant(t);
    const opp = await anOpportunity(alice);
    const rival = await aCompetitor(alice, "Vandelay");
    const customer = await anAccount(alice, "Customer Co");
    const added = await alice.sales.opportunities.addCompetitor(opp.id, {
      accountId: rival.id,
      strengths: "Price",
      weaknesses: "Support",
    });
    expect(added).toMatchObject({
      accountId: rival.id,
      strengths: "Price",
      weaknesses: "Support",
      notes: null,
      addedBy: "alice",
    });
    const cases: [() => Promise<unknown>, new (...args: never[]) => Error][] = [
      [() => alice.sales.opportunities.addCompetitor(opp.id, { accountId: customer.id }), ValidationError],
      [() => alice.sales.opportunities.addCompetitor(opp.id, { accountId: rival.id }), DuplicateError],
      [() => alice.sales.opportunities.updateCompetitor(opp.id, customer.id, { notes: "x" }), NotFoundError],
      [() => bob.sales.opportunities.addCompetitor(opp.id, { accountId: rival.id }), ForbiddenError],
    ];
    for (const [attempt, type] of cases)
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(type);
    const updated = await alice.sales.opportunities.updateCompetitor(opp.id, rival.id, {
      notes: "Met them at the trial",
      strengths: null,
    });
    expect(updated).toMatchObject({ notes: "Met them at the trial", strengths: null, weaknesses: "Support" });
    await alice.sales.opportunities.removeCompetitor(opp.id, rival.id);
    expect(await alice.sales.opportunities.competitors(opp.id)).toEqual([]);
  });

  it("competitor changes are changes of the opportunity: versioned, audited under competitor.<id>, announced as opportunity.updated; an empty patch writes nothing", async () => {
    const { tenantId, alice, system } = await salesTenant(t);
    const opp = await anOpportunity(alice);
    const rival = await aCompetitor(alice, "Vandelay");
    const updates: unknown[] = [];
    const off = t.crm.on("opportunity.updated", (e) => {
      if (e.tenantId === tenantId) updates.push(e.data);
    });
    const field = `competitor.${rival.id}`;
    await alice.sales.opportunities.addCompetitor(opp.id, { accountId: rival.id, strengths: "Price" });
    await alice.sales.opportunities.updateCompetitor(opp.id, rival.id, { notes: "Met them" });
    const rows = await tenantSnapshot(t.adapter, tenantId);
    const same = await alice.sales.opportunities.updateCompetitor(opp.id, rival.id, { notes: "Met them" });
    expect(await tenantSnapshot(t.adapter, tenantId)).toEqual(rows);
    expect(same).toMatchObject({ notes: "Met them", strengths: "Price" });
    await alice.sales.opportunities.removeCompetitor(opp.id, rival.id);
    off();
    expect((await alice.sales.opportunities.get(opp.id)).version).toBe(4);
    expect(updates).toEqual([2, 3, 4].map((version) => ({ id: opp.id, version, changed: [field] })));
    const audit = (await system.audit.history("opportunity", opp.id)).items;
    expect(audit.map((a) => a.action)).toEqual(["create", "add_competitor", "update_competitor", "remove_competitor"]);
    expect(audit[1]?.changes[field]?.[0]).toBeNull();
    expect(audit[2]?.changes[field]?.map((c) => (c as { notes: string | null }).notes)).toEqual([null, "Met them"]);
    expect(audit[3]?.changes[field]?.[1]).toBeNull();
  });

  it("lose to a new competitor is one change: one version, one audit entry naming the competitor, events carrying that version", async () => {
    const { tenantId, alice, manager, system } = await salesTenant(t);
    const reason = await manager.sales.lostReasons.create({ name: "Features" });
    const rival = await aCompetitor(alice, "Initrode");
    const opp = await anOpportunity(alice);
    const seen: { type: string; version: unknown }[] = [];
    const offs = ["opportunity.updated", "opportunity.stage_changed", "opportunity.lost"].map((type) =>
      t.crm.on(type as "opportunity.lost", (e) => {
        if (e.tenantId === tenantId) seen.push({ type, version: (e.data as { version: unknown }).version });
      }),
    );
    const closed = await alice.sales.opportunities.lose(opp.id, { reasonId: reason.id, competitorId: rival.id });
    for (const off of offs) off();
    expect(closed.version).toBe(2);
    expect(seen.map((e) => e.version)).toEqual([2, 2, 2]);
    expect(seen.map((e) => e.type).sort()).toEqual([
      "opportunity.lost",
      "opportunity.stage_changed",
      "opportunity.updated",
    ]);
    const audit = (await system.audit.history("opportunity", opp.id)).items;
    expect(audit.map((a) => a.action)).toEqual(["create", "lose"]);
    expect(audit[1]?.changes[`competitor.${rival.id}`]?.[0]).toBeNull();
    expect(audit[1]?.changes.status).toEqual(["open", "lost"]);
  });

  it("an archived opportunity refuses every verb with reason opportunity_closed, writing nothing", async () => {
    const { tenantId, alice } = await salesTenant(t);
    const opp = await anOpportunity(alice, { amount: 1_000, currency: "USD" });
    const rival = await aCompetitor(alice, "Globex");
    await alice.sales.opportunities.archive(opp.id);
    for (const attempt of [
      () => alice.sales.opportunities.moveStage(opp.id, "interest"),
      () => alice.sales.opportunities.win(opp.id),
      () => alice.sales.opportunities.addCompetitor(opp.id, { accountId: rival.id }),
      () => alice.sales.opportunities.addTeamMember(opp.id, { userId: "sam", role: "support" }),
    ]) {
      const error = (await expectNothingWritten(t.adapter, tenantId, attempt)) as InvalidTransitionError;
      expect(error).toBeInstanceOf(InvalidTransitionError);
      expect(error.details.reason).toBe("opportunity_closed");
    }
  });

  it("a verb's result leaves out the fields the actor's roles hide, while the change keeps them", async () => {
    const { tenantId, alice, system } = await salesTenant(t);
    await system.roles.define({
      name: "deal_mover",
      grants: { "opportunity:read": "all", "opportunity:move_stage": "all", "opportunity:close": "all" },
      hiddenFields: { opportunity: ["amount"] },
    });
    const mover = t.as(tenantId, "milo", ["deal_mover"]);
    const opp = await anOpportunity(alice, { amount: 42_000, currency: "USD" });
    const moved = await mover.sales.opportunities.moveStage(opp.id, "interest");
    expect(moved.stageKey).toBe("interest");
    expect(moved).not.toHaveProperty("amount");
    const won = await mover.sales.opportunities.win(opp.id);
    expect(won.status).toBe("won");
    expect(won).not.toHaveProperty("amount");
    expect((await alice.sales.opportunities.get(opp.id)).amount).toBe(42_000);
  });

  it("two writers moving the same opportunity with the same version: one wins, the other gets ConflictError", async () => {
    const { alice, manager } = await salesTenant(t);
    const opp = await anOpportunity(alice);
    const results = await Promise.allSettled([
      alice.sales.opportunities.moveStage(opp.id, "interest", { expectedVersion: 1 }),
      manager.sales.opportunities.update(opp.id, { nextStep: "Call back" }, { expectedVersion: 1 }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failure = results.find((r) => r.status === "rejected");
    expect(failure?.status === "rejected" && failure.reason).toBeInstanceOf(ConflictError);
    expect((await alice.sales.opportunities.get(opp.id)).version).toBe(2);
  });
});
