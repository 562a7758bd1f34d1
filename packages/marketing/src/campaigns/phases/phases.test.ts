import { InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { sales } from "@rapport/sales";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { marketing } from "../../marketing-module.js";
import { type CampaignsCrm, campaignsTenant, springCampaign } from "../shared/campaign-fixtures.js";

const APRIL = { startsAt: "2026-04-01T00:00:00.000Z", endsAt: "2026-05-01T00:00:00.000Z" };
const MAY = { startsAt: "2026-05-01T00:00:00.000Z", endsAt: "2026-06-01T00:00:00.000Z" };

describeEachAdapter("marketing campaign phases", (target) => {
  const t: CampaignsCrm = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [sales(), marketing()],
    start: "2026-03-01T00:00:00.000Z",
  });

  it("adds ordered phases with budgets and goals, and refuses bad phases writing nothing", async () => {
    const { tenantId, marketer } = await campaignsTenant(t);
    const campaign = await marketer.marketing.campaigns.create(springCampaign());
    const may = await marketer.marketing.campaigns.phases.add(campaign.id, { name: "Main", ...MAY, budget: 40_000 });
    const april = await marketer.marketing.campaigns.phases.add(campaign.id, {
      name: "Teaser",
      ...APRIL,
      budget: 10_000,
      goals: [
        { metric: "leads", target: 20 },
        { metric: "roi", target: -50 },
      ],
    });
    expect(april).toMatchObject({
      status: "planned",
      campaignId: campaign.id,
      goals: [
        { metric: "leads", target: 20 },
        { metric: "roi", target: -50 },
      ],
    });
    expect((await marketer.marketing.campaigns.phases.list(campaign.id)).items.map((p) => p.id)).toEqual([
      april.id,
      may.id,
    ]);

    const bad = [
      { name: "Early", startsAt: "2026-03-15T00:00:00.000Z", endsAt: "2026-04-02T00:00:00.000Z" },
      { name: "Late", startsAt: "2026-06-15T00:00:00.000Z", endsAt: "2026-07-02T00:00:00.000Z" },
      { name: "Overlap", startsAt: "2026-04-20T00:00:00.000Z", endsAt: "2026-05-10T00:00:00.000Z" },
      { name: "Broke", startsAt: "2026-06-01T00:00:00.000Z", endsAt: "2026-06-10T00:00:00.000Z", budget: -1 },
      {
        name: "Vanity",
        startsAt: "2026-06-01T00:00:00.000Z",
        endsAt: "2026-06-10T00:00:00.000Z",
        goals: [{ metric: "likes", target: 3 }],
      },
      {
        name: "Negative",
        startsAt: "2026-06-01T00:00:00.000Z",
        endsAt: "2026-06-10T00:00:00.000Z",
        goals: [{ metric: "leads", target: -3 }],
      },
      {
        name: "Twice",
        startsAt: "2026-06-01T00:00:00.000Z",
        endsAt: "2026-06-10T00:00:00.000Z",
        goals: [
          { metric: "leads", target: 3 },
          { metric: "leads", target: 4 },
        ],
      },
      { name: "Backwards", startsAt: "2026-06-10T00:00:00.000Z", endsAt: "2026-06-01T00:00:00.000Z" },
      {
        name: "Audience",
        startsAt: "2026-06-01T00:00:00.000Z",
        endsAt: "2026-06-10T00:00:00.000Z",
        segmentId: "seg_01JZZZZZZZZZZZZZZZZZZZZZZZ",
      },
    ];
    for (const input of bad) {
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        marketer.marketing.campaigns.phases.add(campaign.id, input as never),
      );
      expect(error, input.name).toBeInstanceOf(ValidationError);
    }
    // Moving the campaign's dates so that a phase falls outside is refused too.
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      marketer.marketing.campaigns.update(campaign.id, { startsAt: "2026-04-15T00:00:00.000Z" }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    const moved = await marketer.marketing.campaigns.phases
      .update(may.id, { startsAt: "2026-04-20T00:00:00.000Z" })
      .catch((e) => e);
    expect(moved).toBeInstanceOf(ValidationError);
  });

  it("fires each phase event once when two runDue calls overlap", async () => {
    const { marketer } = await campaignsTenant(t);
    t.clock.set("2026-03-01T00:00:00.000Z");
    const campaign = await marketer.marketing.campaigns.create(springCampaign());
    const phase = await marketer.marketing.campaigns.phases.add(campaign.id, { name: "Short", ...APRIL });
    const dropped = await marketer.marketing.campaigns.create(springCampaign({ name: "Dropped" }));
    const never = await marketer.marketing.campaigns.phases.add(dropped.id, { name: "Never", ...APRIL });
    await marketer.marketing.campaigns.abort(dropped.id);
    const fired: string[] = [];
    const offs = [
      t.crm.on("campaign.phase_started", (e) => void (e.data.phaseId === phase.id && fired.push(e.type))),
      t.crm.on("campaign.phase_completed", (e) => void (e.data.phaseId === phase.id && fired.push(e.type))),
    ];
    try {
      // The whole phase passed between two runs: it starts and completes in one, once.
      t.clock.set("2026-05-02T00:00:00.000Z");
      await Promise.all([t.crm.jobs.runDue(), t.crm.jobs.runDue()]);
      expect(fired).toEqual(["campaign.phase_started", "campaign.phase_completed"]);
      // The aborted campaign's phase never starts.
      expect((await marketer.marketing.campaigns.phases.get(never.id)).status).toBe("planned");
      expect(await marketer.marketing.campaigns.phases.get(phase.id)).toMatchObject({
        status: "completed",
        startedAt: "2026-05-02T00:00:00.000Z",
        completedAt: "2026-05-02T00:00:00.000Z",
      });
    } finally {
      for (const off of offs) off();
    }
  });

  it("fires phase_started and phase_completed once each from runDue, with goal attainment, and reports results in SQL", async () => {
    const { marketer, admin } = await campaignsTenant(t);
    t.clock.set("2026-03-01T00:00:00.000Z");
    const campaign = await marketer.marketing.campaigns.create(springCampaign());
    const contacts = [];
    for (const name of ["Ana", "Ben", "Cleo"])
      contacts.push(await admin.contacts.create({ firstName: name, lastName: "Test" }));
    const segment = await marketer.marketing.segments.create({ name: "Three", recordType: "contact", kind: "static" });
    await marketer.marketing.segments.add(
      segment.id,
      contacts.map((c) => c.id),
    );
    const april = await marketer.marketing.campaigns.phases.add(campaign.id, {
      name: "Teaser",
      ...APRIL,
      segmentId: segment.id,
      goals: [
        { metric: "responses", target: 4 },
        { metric: "leads", target: 1 },
        { metric: "cost_per_lead", target: 5_000 },
      ],
    });
    const events: { type: string; data: unknown }[] = [];
    const offs = [
      t.crm.on("campaign.phase_started", (e) => void events.push({ type: e.type, data: e.data })),
      t.crm.on("campaign.phase_completed", (e) => void events.push({ type: e.type, data: e.data })),
    ];
    try {
      await t.crm.jobs.runDue();
      expect(events.filter((e) => (e.data as { phaseId: string }).phaseId === april.id)).toEqual([]);

      t.clock.set("2026-04-01T00:00:00.000Z");
      await t.crm.jobs.runDue();
      await t.crm.jobs.runDue();
      const started = events.filter((e) => (e.data as { phaseId: string }).phaseId === april.id);
      expect(started).toEqual([
        {
          type: "campaign.phase_started",
          data: { campaignId: campaign.id, phaseId: april.id, startsAt: APRIL.startsAt, members: 3 },
        },
      ]);
      // The audience is the snapshot: a contact added to the segment later is not in it.
      const late = await admin.contacts.create({ firstName: "Dan", lastName: "Late" });
      await marketer.marketing.segments.add(segment.id, [late.id]);
      const audience = await marketer.marketing.campaigns.phases.members(april.id, { limit: 2 });
      const rest = await marketer.marketing.campaigns.phases.members(april.id, { cursor: audience.nextCursor ?? "" });
      expect([...audience.items, ...rest.items].map((c) => c.id).sort()).toEqual(contacts.map((c) => c.id).sort());
      expect(rest.nextCursor).toBeNull();
      await expect(
        marketer.marketing.campaigns.phases.update(april.id, { startsAt: "2026-04-02T00:00:00.000Z" }),
      ).rejects.toBeInstanceOf(InvalidTransitionError);

      t.clock.set("2026-04-10T00:00:00.000Z");
      await marketer.marketing.campaigns.addCost(campaign.id, {
        incurredOn: "2026-04-10",
        description: "Ads",
        amount: 9_000,
      });
      await marketer.marketing.campaigns.addCost(campaign.id, {
        incurredOn: "2026-05-10",
        description: "Later",
        amount: 1_000,
      });
      await marketer.marketing.campaigns.recordResponse({
        campaignId: campaign.id,
        contactId: contacts[0]?.id as string,
      });
      await marketer.marketing.campaigns.recordResponse({
        campaignId: campaign.id,
        lead: { email: "one@example.com" },
      });
      await marketer.marketing.campaigns.recordResponse({
        campaignId: campaign.id,
        lead: { email: "two@example.com" },
      });
      await marketer.marketing.campaigns.recordResponse({
        campaignId: campaign.id,
        contactId: contacts[1]?.id as string,
        respondedAt: "2026-05-15T00:00:00.000Z",
      });

      t.clock.set("2026-05-01T00:00:00.000Z");
      await t.crm.jobs.runDue();
      await t.crm.jobs.runDue();
      const completed = events.filter(
        (e) => e.type === "campaign.phase_completed" && (e.data as { phaseId: string }).phaseId === april.id,
      );
      expect(completed).toEqual([
        {
          type: "campaign.phase_completed",
          data: {
            campaignId: campaign.id,
            phaseId: april.id,
            endsAt: APRIL.endsAt,
            goals: [
              { metric: "responses", target: 4, actual: 3, ratio: 0.75 },
              { metric: "leads", target: 1, actual: 2, ratio: 2 },
              { metric: "cost_per_lead", target: 5_000, actual: 4_500, ratio: 1.1111 },
            ],
          },
        },
      ]);
      const [result] = await marketer.marketing.campaigns.phaseResults(campaign.id);
      expect(result).toMatchObject({
        phaseId: april.id,
        status: "completed",
        responses: 3,
        leads: 2,
        cost: 9_000,
        costPerLead: 4_500,
      });
    } finally {
      for (const off of offs) off();
    }
  });
});
