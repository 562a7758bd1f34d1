import { ConflictError, InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectEntityTablesMatch, expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { sales } from "@rapport/sales";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { marketing } from "../../marketing-module.js";
import { type CampaignsCrm, campaignsTenant, springCampaign } from "../shared/campaign-fixtures.js";

describeEachAdapter("marketing campaigns", (target) => {
  const t: CampaignsCrm = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [sales(), marketing()],
  });

  it("declares the campaigns area's entities as their migrated tables store them", async () => {
    await expectEntityTablesMatch(t.adapter, [marketing()]);
  });

  it("creates a planned campaign and moves it planned → active → completed, refusing other moves", async () => {
    const { marketer } = await campaignsTenant(t);
    const campaign = await marketer.marketing.campaigns.create(springCampaign({ expectedRevenue: 5_000_000 }));
    expect(campaign).toMatchObject({
      status: "planned",
      type: "email",
      ownerId: "mia",
      budget: 1_000_000,
      expectedRevenue: 5_000_000,
    });
    await expect(marketer.marketing.campaigns.complete(campaign.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    const active = await marketer.marketing.campaigns.activate(campaign.id, { expectedVersion: 1 });
    expect(active).toMatchObject({ status: "active", version: 2 });
    await expect(marketer.marketing.campaigns.abort(campaign.id, { expectedVersion: 1 })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await marketer.marketing.campaigns.complete(campaign.id)).status).toBe("completed");
    await expect(marketer.marketing.campaigns.abort(campaign.id)).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it("refuses a negative budget, an unknown type, bad dates, an unknown parent and a cycle, writing nothing", async () => {
    const { tenantId, marketer } = await campaignsTenant(t);
    const top = await marketer.marketing.campaigns.create(springCampaign({ name: "Programme" }));
    const child = await marketer.marketing.campaigns.create(springCampaign({ name: "Wave 1", parentId: top.id }));
    const attempts = [
      () => marketer.marketing.campaigns.create(springCampaign({ budget: -1 })),
      () => marketer.marketing.campaigns.create(springCampaign({ type: "skywriting" })),
      () => marketer.marketing.campaigns.create(springCampaign({ endsAt: "2026-03-01T00:00:00.000Z" })),
      () => marketer.marketing.campaigns.create(springCampaign({ parentId: "cmp_01JZZZZZZZZZZZZZZZZZZZZZZZ" })),
      () => marketer.marketing.campaigns.update(top.id, { parentId: child.id }),
      () => marketer.marketing.campaigns.update(top.id, { parentId: top.id }),
      () => marketer.marketing.campaigns.addCost(top.id, { incurredOn: "2026-04-02", description: "Ads", amount: -5 }),
    ];
    for (const attempt of attempts) {
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(ValidationError);
    }
  });

  it("rolls cost, budget, responses and leads up over the campaign's subtree in SQL", async () => {
    const { marketer, admin } = await campaignsTenant(t);
    const top = await marketer.marketing.campaigns.create(springCampaign({ name: "Programme", budget: 300_000 }));
    const wave = await marketer.marketing.campaigns.create(
      springCampaign({ name: "Wave", parentId: top.id, budget: 200_000 }),
    );
    const leaf = await marketer.marketing.campaigns.create(
      springCampaign({ name: "Leaf", parentId: wave.id, budget: 100_000 }),
    );
    const other = await marketer.marketing.campaigns.create(springCampaign({ name: "Elsewhere", budget: 999 }));
    await marketer.marketing.campaigns.addCost(top.id, {
      incurredOn: "2026-04-02",
      description: "Agency",
      amount: 50_000,
    });
    await marketer.marketing.campaigns.addCost(leaf.id, {
      incurredOn: "2026-04-03",
      description: "Print",
      amount: 7_000,
    });
    const removed = await marketer.marketing.campaigns.addCost(leaf.id, {
      incurredOn: "2026-04-03",
      description: "Typo",
      amount: 1,
    });
    await marketer.marketing.campaigns.removeCost(removed.id);
    await marketer.marketing.campaigns.addCost(other.id, {
      incurredOn: "2026-04-03",
      description: "Not ours",
      amount: 123,
    });
    const contact = await admin.contacts.create({ firstName: "Ana", lastName: "Lima" });
    await marketer.marketing.campaigns.recordResponse({ campaignId: leaf.id, lead: { email: "new@example.com" } });
    await marketer.marketing.campaigns.recordResponse({ campaignId: wave.id, contactId: contact.id });

    expect((await marketer.marketing.campaigns.costs(leaf.id)).items.map((c) => c.amount)).toEqual([7_000]);
    expect(await marketer.marketing.campaigns.rollup(top.id)).toMatchObject({
      campaigns: 3,
      currency: "EUR",
      budget: 600_000,
      cost: 57_000,
      responses: 2,
      leads: 1,
      opportunities: 0,
      pipeline: 0,
      wonRevenue: 0,
    });
    expect(await marketer.marketing.campaigns.rollup(leaf.id)).toMatchObject({
      campaigns: 1,
      cost: 7_000,
      responses: 1,
      leads: 1,
    });
  });

  it("leaves budget, cost and deal figures out of a roll-up for a role that hides them or may not read deals", async () => {
    const { tenantId, marketer, admin } = await campaignsTenant(t);
    const campaign = await marketer.marketing.campaigns.create(springCampaign({ budget: 70_000 }));
    await marketer.marketing.campaigns.addCost(campaign.id, {
      incurredOn: "2026-04-02",
      description: "Ads",
      amount: 12_345,
    });
    await admin.roles.define({
      name: "campaign_viewer",
      grants: { "campaign:read": "all", "campaign_cost:read": "all" },
      hiddenFields: { campaign: ["budget"], campaign_cost: ["amount"] },
    });
    const viewer = t.as(tenantId, "vic", ["campaign_viewer"]);
    const rollup = await viewer.marketing.campaigns.rollup(campaign.id);
    // Nor may the viewer read deals: what the campaign brought in deals is unknown to them, not zero.
    expect(rollup).toMatchObject({
      campaigns: 1,
      budget: null,
      cost: null,
      responses: 0,
      opportunities: null,
      pipeline: null,
      wonRevenue: null,
    });
    expect(await viewer.marketing.campaigns.attribution({ model: "linear" })).toEqual([]);
    expect(JSON.stringify(rollup)).not.toContain("12345");
    expect((await viewer.marketing.campaigns.costs(campaign.id)).items.map((c) => Object.hasOwn(c, "amount"))).toEqual([
      false,
    ]);
  });
});
