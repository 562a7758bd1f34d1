import { NotFoundError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { sales } from "@rapport/sales";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { marketing } from "../../marketing-module.js";
import { type CampaignsCrm, campaignsTenant, springCampaign } from "../shared/campaign-fixtures.js";

describeEachAdapter("marketing responses and attribution", (target) => {
  const t: CampaignsCrm = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [sales(), marketing()],
  });

  /**
   * The worked example of docs/marketing.md: three campaigns touch a won deal of 10,000.00 EUR
   * (the newsletter through a response whose lead became the deal), and the newsletter alone an
   * open deal of 5,000.00 EUR.
   */
  async function workedExample() {
    const setup = await campaignsTenant(t);
    const { admin, marketer } = setup;
    const webinar = await marketer.marketing.campaigns.create(springCampaign({ name: "Webinar", type: "event" }));
    const newsletter = await marketer.marketing.campaigns.create(springCampaign({ name: "Newsletter" }));
    const fair = await marketer.marketing.campaigns.create(springCampaign({ name: "Trade fair", type: "event" }));

    const response = await marketer.marketing.campaigns.recordResponse({
      campaignId: newsletter.id,
      lead: { firstName: "Ada", lastName: "Byron", company: "Analytical Engines", email: "ada@example.com" },
      respondedAt: "2026-04-10T00:00:00.000Z",
    });
    expect(response).toMatchObject({ captureOutcome: "created", leadId: expect.any(String), status: "responded" });
    const leadId = response.leadId as string;
    await admin.sales.leads.qualify(leadId);
    const conversion = await admin.sales.leads.convert(leadId, { opportunity: { amount: 1_000_000, currency: "EUR" } });
    const bigDeal = conversion.opportunity?.id as string;
    await marketer.marketing.campaigns.influence({
      campaignId: webinar.id,
      opportunityId: bigDeal,
      touchedAt: "2026-04-01T00:00:00.000Z",
    });
    await marketer.marketing.campaigns.influence({
      campaignId: fair.id,
      opportunityId: bigDeal,
      touchedAt: "2026-04-20T00:00:00.000Z",
    });
    await admin.sales.opportunities.win(bigDeal);

    const account = await admin.accounts.create({ name: "Globex" });
    const contact = await admin.contacts.create({ firstName: "Hank", lastName: "Scorpio", accountId: account.id });
    const openDeal = await admin.sales.opportunities.create({
      accountId: account.id,
      name: "Globex pilot",
      amount: 500_000,
      currency: "EUR",
    });
    await marketer.marketing.campaigns.recordResponse({
      campaignId: newsletter.id,
      contactId: contact.id,
      opportunityId: openDeal.id,
      respondedAt: "2026-04-05T00:00:00.000Z",
    });
    return { ...setup, webinar, newsletter, fair, bigDeal, openDeal: openDeal.id, leadId, contact };
  }

  it("attributes opportunities and won revenue first touch, last touch and linear, in whole minor units", async () => {
    const { marketer, webinar, newsletter, fair } = await workedExample();
    const by = async (model: "first_touch" | "last_touch" | "linear") =>
      Object.fromEntries(
        (await marketer.marketing.campaigns.attribution({ model })).map((row) => [
          row.campaignId,
          [row.opportunities, row.wonDeals, row.pipeline, row.wonRevenue],
        ]),
      );
    expect(await by("first_touch")).toEqual({
      [webinar.id]: [1, 1, 1_000_000, 1_000_000],
      [newsletter.id]: [1, 0, 500_000, 0],
    });
    expect(await by("last_touch")).toEqual({
      [fair.id]: [1, 1, 1_000_000, 1_000_000],
      [newsletter.id]: [1, 0, 500_000, 0],
    });
    expect(await by("linear")).toEqual({
      [webinar.id]: [0.3333, 0.3333, 333_334, 333_334],
      [newsletter.id]: [1.3333, 0.3333, 833_333, 333_333],
      [fair.id]: [0.3333, 0.3333, 333_333, 333_333],
    });
    await expect(marketer.marketing.campaigns.attribution({ model: "w_shaped" as never })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it("shows influence from both sides, to those who may read it", async () => {
    const { tenantId, marketer, manager, rep, webinar, newsletter, fair, bigDeal, openDeal } = await workedExample();
    expect(
      (await marketer.marketing.campaigns.influencedOpportunities(newsletter.id)).map((o) => [
        o.opportunityId,
        o.firstTouchAt,
        o.status,
        o.amount,
      ]),
    ).toEqual([
      [openDeal, "2026-04-05T00:00:00.000Z", "open", 500_000],
      [bigDeal, "2026-04-10T00:00:00.000Z", "won", 1_000_000],
    ]);
    expect((await manager.marketing.campaigns.forOpportunity(bigDeal)).map((c) => c.campaignId)).toEqual([
      webinar.id,
      newsletter.id,
      fair.id,
    ]);
    // The same touch again writes nothing and returns the first record.
    const first = (await marketer.marketing.campaigns.influence({ campaignId: fair.id, opportunityId: bigDeal })) as {
      id: string;
    };
    const again = await expectNothingWritten(t.adapter, tenantId, async () => {
      const repeat = await marketer.marketing.campaigns.influence({ campaignId: fair.id, opportunityId: bigDeal });
      throw new Error(repeat.id === first.id && repeat.touchedAt === "2026-04-20T00:00:00.000Z" ? "same" : "different");
    });
    expect((again as Error).message).toBe("same");
    // The rep owns neither deal: the deal is not found for him, whatever campaigns touched it.
    await expect(rep.marketing.campaigns.forOpportunity(bigDeal)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("leaves amounts out for a role that hides opportunity amounts", async () => {
    const { admin, tenantId, bigDeal, webinar } = await workedExample();
    await admin.roles.define({
      name: "campaign_analyst",
      grants: { "campaign:read": "all", "campaign_influence:read": "all", "opportunity:read": "all" },
      hiddenFields: { opportunity: ["amount"] },
    });
    const analyst = t.as(tenantId, "ana", ["campaign_analyst"]);
    const rows = await analyst.marketing.campaigns.attribution({ model: "first_touch" });
    expect(rows.find((row) => row.campaignId === webinar.id)).toMatchObject({
      opportunities: 1,
      pipeline: null,
      wonRevenue: null,
    });
    const touched = await analyst.marketing.campaigns.influencedOpportunities(webinar.id);
    expect(touched).toEqual([expect.objectContaining({ opportunityId: bigDeal, amount: null })]);
  });

  it("adds members from ids and segments, sets statuses from the tenant's list, and refuses bad input writing nothing", async () => {
    const { tenantId, marketer, admin, newsletter, contact } = await workedExample();
    const others = [
      await admin.contacts.create({ firstName: "Ina", lastName: "A" }),
      await admin.contacts.create({ firstName: "Ole", lastName: "B" }),
    ];
    const list = await marketer.marketing.segments.create({ name: "List", recordType: "contact", kind: "static" });
    await marketer.marketing.segments.add(list.id, [...others.map((c) => c.id), contact.id]);
    // Hank is a member already (he responded): only the two others are added.
    expect(
      await marketer.marketing.campaigns.members.add(newsletter.id, { segmentId: list.id, status: "sent" }),
    ).toEqual({ added: 2 });
    expect(
      await marketer.marketing.campaigns.members.add(newsletter.id, { contactIds: [others[0]?.id as string] }),
    ).toEqual({ added: 0 });
    const members = await marketer.marketing.campaigns.members.list(newsletter.id, {
      filter: [{ field: "status", op: "eq", value: "sent" }],
    });
    expect(members.items.map((m) => m.contactId).sort()).toEqual(others.map((c) => c.id).sort());
    const member = members.items[0];
    if (!member) throw new Error("no member");
    const opened = await marketer.marketing.campaigns.members.setStatus(member.id, "opened");
    expect(opened).toMatchObject({ status: "opened", respondedAt: null });
    const attended = await marketer.marketing.campaigns.members.setStatus(member.id, "attended", {
      expectedVersion: opened.version,
    });
    expect(attended.respondedAt).toBe(t.clock.now().toISOString());

    const statuses = await marketer.marketing.campaigns.memberStatuses.list({ orderBy: { field: "position" } });
    expect(statuses.items.map((s) => [s.key, s.responded])).toEqual([
      ["sent", false],
      ["opened", false],
      ["clicked", false],
      ["responded", true],
      ["registered", true],
      ["attended", true],
      ["unsubscribed", false],
    ]);

    const attempts = [
      () => marketer.marketing.campaigns.members.setStatus(member.id, "ecstatic"),
      () => marketer.marketing.campaigns.members.add(newsletter.id, { contactIds: ["con_01JZZZZZZZZZZZZZZZZZZZZZZZ"] }),
      () => marketer.marketing.campaigns.members.add(newsletter.id, {}),
      () =>
        marketer.marketing.campaigns.recordResponse({
          campaignId: newsletter.id,
          contactId: contact.id,
          status: "sent",
        }),
      () => marketer.marketing.campaigns.recordResponse({ campaignId: newsletter.id, lead: { email: "not an email" } }),
      () =>
        marketer.marketing.campaigns.recordResponse({
          campaignId: newsletter.id,
          contactId: contact.id,
          leadId: "lead_01JZZZZZZZZZZZZZZZZZZZZZZZ",
        }),
      () =>
        marketer.marketing.campaigns.recordResponse({
          campaignId: newsletter.id,
          contactId: contact.id,
          opportunityId: "opp_01JZZZZZZZZZZZZZZZZZZZZZZZ",
        }),
      () =>
        marketer.marketing.campaigns.influence({
          campaignId: newsletter.id,
          opportunityId: "opp_01JZZZZZZZZZZZZZZZZZZZZZZZ",
        }),
    ];
    for (const attempt of attempts) {
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(ValidationError);
    }
    const error = (await expectNothingWritten(
      t.adapter,
      tenantId,
      attempts[4] as () => Promise<unknown>,
    )) as ValidationError;
    expect(error.issues[0]?.path[0]).toBe("lead");
  });
});

describeEachAdapter("marketing responses without sales", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [marketing()] });

  it("records contact responses, refuses lead details and opportunities, and attributes nothing", async () => {
    const tenantId = await t.tenant();
    const marketer = t.as(tenantId, "mia", ["marketer"]);
    const admin = t.as(tenantId, "ada", ["admin"]);
    const campaign = await marketer.marketing.campaigns.create(springCampaign());
    const contact = await admin.contacts.create({ firstName: "Ana", lastName: "Lima" });
    const response = await marketer.marketing.campaigns.recordResponse({
      campaignId: campaign.id,
      contactId: contact.id,
    });
    expect(response).toMatchObject({ contactId: contact.id, leadId: null, status: "responded" });
    for (const attempt of [
      () => marketer.marketing.campaigns.recordResponse({ campaignId: campaign.id, lead: { email: "x@example.com" } }),
      () =>
        marketer.marketing.campaigns.influence({
          campaignId: campaign.id,
          opportunityId: "opp_01JZZZZZZZZZZZZZZZZZZZZZZZ",
        }),
      () => marketer.marketing.segments.create({ name: "Leads", recordType: "lead", kind: "static" }),
    ]) {
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(ValidationError);
    }
    expect(await marketer.marketing.campaigns.attribution({ model: "linear" })).toEqual([]);
    expect(await marketer.marketing.campaigns.rollup(campaign.id)).toMatchObject({
      responses: 1,
      leads: 0,
      opportunities: 0,
    });
  });
});
