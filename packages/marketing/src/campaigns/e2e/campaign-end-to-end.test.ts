import { useTestCrm } from "@rapport/core/testing";
import { sales } from "@rapport/sales";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { marketing } from "../../marketing-module.js";
import { contactWithEmail, testEmailOptions } from "../../outreach/testing/outreach-fixtures.js";
import { type CampaignsCrm, campaignsTenant } from "../shared/campaign-fixtures.js";

const TEASER = { startsAt: "2026-04-01T00:00:00.000Z", endsAt: "2026-05-01T00:00:00.000Z" };
const MAIN = { startsAt: "2026-05-01T00:00:00.000Z", endsAt: "2026-06-01T00:00:00.000Z" };

/**
 * Issue 20's "Done when": a campaign with two phases, through the public API only —
 * segment → members → email once per consenting recipient → responses → leads →
 * opportunities → won revenue attributed → phase goals reported.
 */
describeEachAdapter("a two-phase campaign end to end", (target) => {
  const email = testEmailOptions();
  const t: CampaignsCrm = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [sales(), marketing({ email: email.options })],
    start: "2026-03-01T00:00:00.000Z",
  });

  it("runs from segment to attributed revenue and reports both phases' goals", async () => {
    const { marketer, admin, system } = await campaignsTenant(t);
    t.clock.set("2026-03-01T00:00:00.000Z");
    const transport = email.transport;
    const sentBefore = transport.sent.length;

    // The audience: gold contacts, two of four consenting to email.
    await admin.customFields.define({
      entityType: "contact",
      key: "tier",
      label: "Tier",
      kind: "select",
      options: ["gold", "silver"],
    });
    const people: Record<string, string> = {};
    for (const [name, tier] of [
      ["Ann", "gold"],
      ["Bob", "gold"],
      ["Cleo", "gold"],
      ["Dan", "silver"],
    ] as const) {
      const contact = await contactWithEmail(system, name, `${name.toLowerCase()}@example.com`);
      await admin.contacts.update(contact.id, { custom: { tier } });
      people[name] = contact.id;
    }
    for (const name of ["Ann", "Cleo", "Dan"]) {
      await marketer.marketing.consents.record({
        subject: { type: "contact", id: people[name] as string },
        channel: "email",
        status: "granted",
        source: "signup",
      });
    }
    const gold = await marketer.marketing.segments.create({
      name: "Gold",
      recordType: "contact",
      kind: "rule",
      rules: [{ field: "custom.tier", op: "eq", value: "gold" }],
    });
    expect(await marketer.marketing.segments.count(gold.id)).toBe(3);

    // The campaign and its two phases with goals.
    const campaign = await marketer.marketing.campaigns.create({
      name: "Spring launch",
      type: "email",
      currency: "EUR",
      budget: 300_000,
      startsAt: TEASER.startsAt,
      endsAt: MAIN.endsAt,
    });
    const teaser = await marketer.marketing.campaigns.phases.add(campaign.id, {
      name: "Teaser",
      ...TEASER,
      budget: 50_000,
      segmentId: gold.id,
      goals: [
        { metric: "responses", target: 2 },
        { metric: "leads", target: 1 },
        { metric: "opportunities", target: 2 },
        { metric: "won_revenue", target: 500_000 },
        { metric: "cost_per_lead", target: 10_000 },
      ],
    });
    const main = await marketer.marketing.campaigns.phases.add(campaign.id, {
      name: "Main",
      ...MAIN,
      budget: 250_000,
      goals: [
        { metric: "won_revenue", target: 800_000 },
        { metric: "roi", target: 100 },
      ],
    });
    await marketer.marketing.campaigns.activate(campaign.id);
    const events: { type: string; phaseId: string; data: unknown }[] = [];
    const offs = [
      t.crm.on(
        "campaign.phase_started",
        (e) => void events.push({ type: e.type, phaseId: e.data.phaseId, data: e.data }),
      ),
      t.crm.on(
        "campaign.phase_completed",
        (e) => void events.push({ type: e.type, phaseId: e.data.phaseId, data: e.data }),
      ),
    ];
    const ours = () => events.filter((e) => e.phaseId === teaser.id || e.phaseId === main.id);
    try {
      // The teaser starts: its audience is the segment's members now.
      t.clock.set(TEASER.startsAt);
      await t.crm.jobs.runDue();
      expect(ours().map((e) => [e.type, e.phaseId])).toEqual([["campaign.phase_started", teaser.id]]);
      const audience = await marketer.marketing.campaigns.phases.members(teaser.id, { limit: 500 });
      const audienceIds = audience.items.map((c) => c.id);
      expect(audienceIds.sort()).toEqual([people.Ann, people.Bob, people.Cleo].sort());
      expect(
        await marketer.marketing.campaigns.members.add(campaign.id, { contactIds: audienceIds, status: "sent" }),
      ).toEqual({
        added: 3,
      });

      // The email: one message per consenting recipient (Bob has not consented), and delivering again sends none.
      const template = await marketer.marketing.templates.create({
        name: "Teaser",
        subject: "Spring is coming, {{ contact.firstName }}",
        html: '<p>Hi {{ contact.firstName }}</p><a href="{{ unsubscribe_url }}">Unsubscribe</a>',
        text: "Hi {{ contact.firstName }}",
      });
      const report = await marketer.marketing.email.send({
        templateId: template.id,
        audience: { contactIds: audienceIds },
        withoutConsent: "skip",
      });
      expect(report).toMatchObject({ sent: 2, skipped: 1, failed: 0 });
      await marketer.marketing.email.deliver(report.send.id);
      expect(
        transport.sent
          .slice(sentBefore)
          .map((m) => m.to)
          .sort(),
      ).toEqual(["ann@example.com", "cleo@example.com"]);

      // Responses: Ann replies; someone new fills in the campaign's form and becomes a lead.
      t.clock.set("2026-04-03T00:00:00.000Z");
      await marketer.marketing.campaigns.addCost(campaign.id, {
        incurredOn: "2026-04-03",
        description: "Teaser ads",
        amount: 30_000,
      });
      await marketer.marketing.campaigns.recordResponse({ campaignId: campaign.id, contactId: people.Ann as string });
      t.clock.set("2026-04-08T00:00:00.000Z");
      const form = await marketer.marketing.campaigns.recordResponse({
        campaignId: campaign.id,
        lead: { firstName: "Zed", lastName: "Quinn", company: "Quinn Labs", email: "zed@quinn.example" },
      });
      expect(form).toMatchObject({ phaseId: teaser.id, captureOutcome: "created" });

      // Sales takes over: the lead becomes a deal and is won; a second deal the campaign influenced is won in May.
      await admin.sales.leads.qualify(form.leadId as string);
      const conversion = await admin.sales.leads.convert(form.leadId as string, {
        opportunity: { amount: 600_000, currency: "EUR" },
      });
      const zedDeal = conversion.opportunity?.id as string;
      t.clock.set("2026-04-20T00:00:00.000Z");
      await admin.sales.opportunities.win(zedDeal);

      t.clock.set(MAIN.startsAt);
      await t.crm.jobs.runDue();
      t.clock.set("2026-05-03T00:00:00.000Z");
      await marketer.marketing.campaigns.addCost(campaign.id, {
        incurredOn: "2026-05-03",
        description: "Main ads",
        amount: 200_000,
      });
      const globex = await admin.accounts.create({ name: "Globex" });
      const globexDeal = await admin.sales.opportunities.create({
        accountId: globex.id,
        name: "Globex",
        amount: 400_000,
        currency: "EUR",
      });
      await marketer.marketing.campaigns.influence({
        campaignId: campaign.id,
        opportunityId: globexDeal.id,
        touchedAt: "2026-05-10T00:00:00.000Z",
      });
      t.clock.set("2026-05-20T00:00:00.000Z");
      await admin.sales.opportunities.win(globexDeal.id);

      t.clock.set(MAIN.endsAt);
      await t.crm.jobs.runDue();
      await t.crm.jobs.runDue();
      expect(ours().map((e) => [e.type, e.phaseId])).toEqual([
        ["campaign.phase_started", teaser.id],
        ["campaign.phase_completed", teaser.id],
        ["campaign.phase_started", main.id],
        ["campaign.phase_completed", main.id],
      ]);
      const teaserGoals = [
        { metric: "responses", target: 2, actual: 2, ratio: 1 },
        { metric: "leads", target: 1, actual: 1, ratio: 1 },
        { metric: "opportunities", target: 2, actual: 1, ratio: 0.5 },
        { metric: "won_revenue", target: 500_000, actual: 600_000, ratio: 1.2 },
        { metric: "cost_per_lead", target: 10_000, actual: 30_000, ratio: 0.3333 },
      ];
      const mainGoals = [
        { metric: "won_revenue", target: 800_000, actual: 400_000, ratio: 0.5 },
        { metric: "roi", target: 100, actual: 100, ratio: 1 },
      ];
      expect(
        ours()
          .filter((e) => e.type === "campaign.phase_completed")
          .map((e) => (e.data as { goals: unknown }).goals),
      ).toEqual([teaserGoals, mainGoals]);
      const results = await marketer.marketing.campaigns.phaseResults(campaign.id);
      expect(results.map((r) => [r.name, r.status, r.goals])).toEqual([
        ["Teaser", "completed", teaserGoals],
        ["Main", "completed", mainGoals],
      ]);

      // Won revenue attributed to the campaign, and the influence seen from the deal's side.
      const [linear] = (await marketer.marketing.campaigns.attribution({ model: "linear" })).filter(
        (row) => row.campaignId === campaign.id,
      );
      expect(linear).toMatchObject({ currency: "EUR", opportunities: 2, wonDeals: 2, wonRevenue: 1_000_000 });
      expect((await admin.marketing.campaigns.forOpportunity(zedDeal)).map((c) => c.campaignId)).toEqual([campaign.id]);
      expect(await marketer.marketing.campaigns.rollup(campaign.id)).toMatchObject({
        cost: 230_000,
        responses: 2,
        leads: 1,
        opportunities: 2,
        wonRevenue: 1_000_000,
      });
    } finally {
      for (const off of offs) off();
    }
  });
});
