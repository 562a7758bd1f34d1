import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { aCompetitor, salesTenant, useSalesCrm } from "./test-support/sales-fixtures.js";

describeEachAdapter("web lead to won opportunity", (target) => {
  const t = useSalesCrm(target);

  it("a lead captured from a web form is followed through the public API to a won opportunity with full stage history and team", async () => {
    const { tenantId, system, manager, alice } = await salesTenant(t);
    const sam = t.as(tenantId, "sam", ["sales_rep"]);
    const events: string[] = [];
    const off = t.crm.on("*", (event) => {
      if (event.tenantId === tenantId) events.push(event.type);
    });
    await manager.sales.leadRules.create({
      name: "Web leads to Alice",
      match: { sources: ["web_form"] },
      strategy: "user",
      userIds: ["alice"],
    });

    // 1. The host's web form posts the enquiry.
    const captured = await system.sales.leads.capture(
      {
        firstName: "Ada",
        lastName: "Byron",
        company: "Analytical Engines Ltd",
        email: "Ada@Analytical.example",
        phone: "020 7946 0958",
        country: "GB",
        productInterests: ["CRM Suite"],
      },
      { idempotencyKey: "form-7f3a" },
    );
    expect(captured).toMatchObject({ outcome: "created", replayed: false, opportunityId: null });
    const leadId = captured.leadId as string;
    const lead = await alice.sales.leads.get(leadId);
    expect(lead).toMatchObject({
      ownerId: "alice",
      status: "new",
      email: "ada@analytical.example",
      phone: "+442079460958",
      source: "web_form",
    });

    // 2. Alice works and qualifies it, then converts it.
    t.clock.advance({ hours: 1 });
    await alice.sales.leads.startWorking(leadId);
    await alice.sales.leads.qualify(leadId);
    const conversion = await alice.sales.leads.convert(leadId, { opportunity: { amount: 4_800_000, currency: "EUR" } });
    expect(conversion.account).toMatchObject({ name: "Analytical Engines Ltd", ownerId: "alice" });
    expect(conversion.contact).toMatchObject({ firstName: "Ada", lastName: "Byron", accountId: conversion.account.id });
    expect(conversion.lead.convertedOpportunityId).toBe(conversion.opportunity?.id);
    const opp = conversion.opportunity;
    if (!opp) throw new Error("conversion made no opportunity");
    expect(opp).toMatchObject({
      stageKey: "awareness",
      status: "open",
      probability: 5,
      leadId,
      primaryContactId: conversion.contact?.id,
      ownerId: "alice",
    });

    // 3. Team selling: a sales engineer joins and logs work; a note is shared.
    await alice.sales.opportunities.addTeamMember(opp.id, { userId: "sam", role: "sales_engineer", access: "edit" });
    await sam.activities.create({
      kind: "meeting",
      relatedTo: { type: "opportunity", id: opp.id },
      subject: "Technical deep-dive",
    });
    await sam.sales.opportunities.addNote(opp.id, { body: "Security review passed." });

    // 4. Through the buying process to won.
    // Joining the team was a change of the deal (a new version): read it again before moving it.
    let current = await alice.sales.opportunities.get(opp.id);
    for (const stage of ["interest", "evaluation", "trial", "adoption"]) {
      t.clock.advance({ days: 3 });
      if (stage === "trial")
        current = await alice.sales.opportunities.update(
          current.id,
          { closeDate: "2026-04-30" },
          { expectedVersion: current.version },
        );
      const mover = stage === "evaluation" ? sam : alice;
      current = await mover.sales.opportunities.moveStage(current.id, stage, { expectedVersion: current.version });
    }
    t.clock.advance({ days: 2 });
    const won = await alice.sales.opportunities.win(current.id, { expectedVersion: current.version });
    expect(won).toMatchObject({
      status: "won",
      stageKey: "won",
      probability: 100,
      closedAt: t.clock.now().toISOString(),
    });

    const history = await alice.sales.opportunities.stageHistory(opp.id);
    expect(history.map((v) => [v.fromStageKey, v.stageKey, v.actorId])).toEqual([
      [null, "awareness", "alice"],
      ["awareness", "interest", "alice"],
      ["interest", "evaluation", "sam"],
      ["evaluation", "trial", "alice"],
      ["trial", "adoption", "alice"],
      ["adoption", "won", "alice"],
    ]);
    expect(history.every((v, i) => v.leftAt === (history[i + 1]?.enteredAt ?? null))).toBe(true);
    expect((await alice.sales.opportunities.team(opp.id)).map((m) => [m.userId, m.role, m.access])).toEqual([
      ["sam", "sales_engineer", "edit"],
    ]);
    const timeline = await alice.sales.opportunities.timeline(opp.id, { limit: 50 });
    expect(timeline.items.filter((e) => e.type === "activity").map((e) => e.userId)).toEqual(["sam"]);
    expect(timeline.items.some((e) => e.type === "note" && e.body === "Security review passed.")).toBe(true);
    expect(timeline.items[0]).toMatchObject({ type: "stage", stageKey: "won" });

    off();
    for (const type of [
      "lead.captured",
      "lead.converted",
      "opportunity.created",
      "opportunity.stage_changed",
      "opportunity.won",
    ]) {
      expect(events).toContain(type);
    }
    expect(events.filter((e) => e === "opportunity.stage_changed")).toHaveLength(5);
    // A competitor was never needed here; the competitor fixture is still a competitor account.
    expect((await aCompetitor(manager)).type).toBe("competitor");
  });
});
