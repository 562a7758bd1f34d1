import { ForbiddenError, ValidationError } from "@rapport/core";
import { expectNothingWritten, tenantSnapshot } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { anAccount, salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("stage playbooks", (target) => {
  const t = useSalesCrm(target);

  it("the default pipeline's playbooks name the information sources of each buying stage", async () => {
    const { alice } = await salesTenant(t);
    const sources = async (stageKey: string) => (await alice.sales.playbooks.get({ stageKey })).informationSources;
    expect(await sources("awareness")).toContain("mass_media");
    expect(await sources("interest")).toEqual(["salesperson"]);
    expect(await sources("evaluation")).toContain("technical_sources");
    expect(await sources("trial")).toEqual(["hands_on"]);
    expect(await sources("adoption")).toContain("references");
    const interest = await alice.sales.playbooks.get({ stageKey: "interest" });
    expect(interest.recommendedActivities.length).toBeGreaterThan(0);
    expect(interest.checklist.length).toBeGreaterThan(0);
    expect(interest).toMatchObject({ stageKey: "interest", stageName: "Interest" });
  });

  it("managers update a playbook; reps may not; bad input writes nothing", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const pipeline = await manager.sales.pipelines.getDefault();
    const added = await manager.sales.pipelines.addStage(pipeline.id, {
      key: "proposal",
      name: "Proposal",
      probability: 70,
    });
    expect((await alice.sales.playbooks.get({ stageKey: "proposal", pipelineId: added.id })).checklist).toEqual([]);
    const updated = await manager.sales.playbooks.update(
      { stageKey: "proposal" },
      { checklist: ["Pricing approved"], recommendedActivities: [{ type: "email", subject: "Send the proposal" }] },
    );
    expect(updated).toMatchObject({ checklist: ["Pricing approved"], informationSources: [], updatedBy: "maria" });
    const again = await manager.sales.playbooks.update(
      { stageKey: "proposal" },
      { informationSources: ["salesperson"] },
    );
    expect(again).toMatchObject({ checklist: ["Pricing approved"], informationSources: ["salesperson"] });
    const cases: [() => Promise<unknown>, new (...args: never[]) => Error][] = [
      [() => alice.sales.playbooks.update({ stageKey: "proposal" }, { checklist: [] }), ForbiddenError],
      [() => manager.sales.playbooks.update({ stageKey: "nope" }, { checklist: [] }), ValidationError],
      [
        () => manager.sales.playbooks.update({ stageKey: "proposal" }, { informationSources: ["gossip" as never] }),
        ValidationError,
      ],
      [() => manager.sales.playbooks.update({ stageKey: "proposal" }, { checklist: [""] }), ValidationError],
    ];
    for (const [attempt, type] of cases)
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(type);
  });

  it("a playbook change is a change of its pipeline: versioned, audited under playbook.<stage>, announced as pipeline.updated; the same playbook again writes nothing", async () => {
    const { tenantId, manager, system } = await salesTenant(t);
    const pipeline = await manager.sales.pipelines.getDefault();
    const updates: unknown[] = [];
    const off = t.crm.on("pipeline.updated", (e) => {
      if (e.tenantId === tenantId) updates.push(e.data);
    });
    await manager.sales.playbooks.update({ stageKey: "trial" }, { checklist: ["Success criteria agreed"] });
    const rows = await tenantSnapshot(t.adapter, tenantId);
    await manager.sales.playbooks.update({ stageKey: "trial" }, { checklist: ["Success criteria agreed"] });
    expect(await tenantSnapshot(t.adapter, tenantId)).toEqual(rows);
    off();
    expect(updates).toEqual([{ id: pipeline.id, version: pipeline.version + 1, changed: ["playbook.trial"] }]);
    const audit = (await system.audit.history("pipeline", pipeline.id)).items;
    expect(audit.map((a) => a.action)).toEqual(["create", "update_playbook"]);
    const [was, is] = (audit[1]?.changes["playbook.trial"] ?? []) as { checklist: string[] }[];
    expect(is?.checklist).toEqual(["Success criteria agreed"]);
    expect(was?.checklist).not.toEqual(is?.checklist);
  });

  it("forStage returns, as references, the activities the best reps (by won revenue in the period) logged on won deals at that stage", async () => {
    const { tenantId, alice } = await salesTenant(t);
    const rep = (userId: string) => t.as(tenantId, userId, ["sales_rep"]);
    const account = await anAccount(alice);
    const start = t.clock.now().toISOString();

    // Each rep works one deal through interest and wins it; what they log at interest becomes a reference.
    async function wonDeal(userId: string, amount: number, currency: string, interestCall: string) {
      const client = rep(userId);
      const opp = await client.sales.opportunities.create({
        accountId: account.id,
        name: `${userId}'s deal`,
        amount,
        currency,
        closeDate: "2026-04-01",
      });
      await client.activities.create({
        kind: "email",
        relatedTo: { type: "opportunity", id: opp.id },
        subject: `${userId} at awareness`,
      });
      t.clock.advance({ minutes: 10 });
      const moved = await client.sales.opportunities.moveStage(opp.id, "interest");
      t.clock.advance({ minutes: 10 });
      await client.activities.create({
        kind: "call",
        relatedTo: { type: "opportunity", id: opp.id },
        subject: interestCall,
      });
      t.clock.advance({ minutes: 10 });
      await client.sales.opportunities.win(moved.id);
      t.clock.advance({ minutes: 10 });
      return opp;
    }
    await wonDeal("ann", 9_000_000, "USD", "Ann's discovery call");
    await wonDeal("ben", 5_000_000, "USD", "Ben's discovery call");
    await wonDeal("cal", 1_000_000, "USD", "Cal's discovery call");
    await wonDeal("dan", 99_000_000, "EUR", "Dan's call, in euros");
    // An open deal's activities are not references.
    const open = await rep("ann").sales.opportunities.create({ accountId: account.id, name: "Still open" });
    await rep("ann").sales.opportunities.moveStage(open.id, "interest");
    await rep("ann").activities.create({
      kind: "call",
      relatedTo: { type: "opportunity", id: open.id },
      subject: "Open deal call",
    });

    const guide = await rep("newbie").sales.playbooks.forStage("interest", { currency: "USD", from: start, reps: 2 });
    expect(guide.informationSources).toEqual(["salesperson"]);
    expect(guide.references.reps).toEqual([
      { userId: "ann", wonAmount: 9_000_000, wonCount: 1 },
      { userId: "ben", wonAmount: 5_000_000, wonCount: 1 },
    ]);
    expect(guide.references.activities.map((a) => a.subject)).toEqual(["Ben's discovery call", "Ann's discovery call"]);
    expect(guide.references.activities[0]).toMatchObject({
      kind: "call",
      userId: "ben",
      opportunityName: "ben's deal",
    });
    expect(guide.references).toMatchObject({ currency: "USD", from: start, to: t.clock.now().toISOString() });

    const euros = await rep("newbie").sales.playbooks.forStage("interest", { currency: "EUR", from: start });
    expect(euros.references.reps.map((r) => r.userId)).toEqual(["dan"]);
    const awareness = await rep("newbie").sales.playbooks.forStage("awareness", {
      currency: "USD",
      from: start,
      reps: 1,
    });
    expect(awareness.references.activities.map((a) => a.subject)).toEqual(["ann at awareness"]);
    const before = await rep("newbie").sales.playbooks.forStage("interest", { currency: "USD", to: start });
    expect(before.references).toMatchObject({ reps: [], activities: [] });
  });

  it("forStage refuses bad options", async () => {
    const { alice } = await salesTenant(t);
    for (const options of [
      { currency: "usd" },
      { currency: "USD", reps: 0 },
      { currency: "USD", from: "yesterday" },
      { currency: "USD", from: "2026-03-02T00:00:00Z", to: "2026-03-01T00:00:00Z" },
    ]) {
      await expect(alice.sales.playbooks.forStage("interest", options)).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(alice.sales.playbooks.forStage("nope", { currency: "USD" })).rejects.toBeInstanceOf(ValidationError);
    const outsider = t.as(alice.tenantId, "svc", ["service_agent"]);
    await expect(outsider.sales.playbooks.forStage("interest", { currency: "USD" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
