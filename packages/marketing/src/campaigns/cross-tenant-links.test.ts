import { NotFoundError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { sales } from "@rapport/sales";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { marketing } from "../marketing-module.js";
import { type CampaignsCrm, campaignsTenant, springCampaign } from "./shared/campaign-fixtures.js";

describeEachAdapter("marketing campaigns across tenants", (target) => {
  const t: CampaignsCrm = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [sales(), marketing()],
  });

  it("refuses links to another tenant's campaigns, segments, contacts, leads and opportunities, writing nothing", async () => {
    const other = await campaignsTenant(t);
    const theirCampaign = await other.marketer.marketing.campaigns.create(springCampaign());
    const theirSegment = await other.marketer.marketing.segments.create({
      name: "S",
      recordType: "contact",
      kind: "static",
    });
    const theirContact = await other.admin.contacts.create({ firstName: "Eve", lastName: "Other" });
    const theirLead = await other.admin.sales.leads.create({ lastName: "Other", email: "eve@other.example" });
    const account = await other.admin.accounts.create({ name: "Other Co" });
    const theirDeal = await other.admin.sales.opportunities.create({
      accountId: account.id,
      name: "Theirs",
      amount: 1,
      currency: "EUR",
    });

    const { tenantId, marketer } = await campaignsTenant(t);
    const ours = await marketer.marketing.campaigns.create(springCampaign());
    const list = await marketer.marketing.segments.create({ name: "Ours", recordType: "contact", kind: "static" });
    const invalid = [
      () => marketer.marketing.campaigns.create(springCampaign({ parentId: theirCampaign.id })),
      () =>
        marketer.marketing.campaigns.phases.add(ours.id, {
          name: "P",
          startsAt: "2026-04-01T00:00:00Z",
          endsAt: "2026-04-10T00:00:00Z",
          segmentId: theirSegment.id,
        }),
      () => marketer.marketing.segments.add(list.id, [theirContact.id]),
      () => marketer.marketing.campaigns.members.add(ours.id, { contactIds: [theirContact.id] }),
      () => marketer.marketing.campaigns.members.add(ours.id, { leadIds: [theirLead.id] }),
      () => marketer.marketing.campaigns.recordResponse({ campaignId: ours.id, contactId: theirContact.id }),
      () => marketer.marketing.campaigns.influence({ campaignId: ours.id, opportunityId: theirDeal.id }),
    ];
    for (const attempt of invalid) {
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(ValidationError);
    }
    const missing = [
      () => marketer.marketing.campaigns.members.add(ours.id, { segmentId: theirSegment.id }),
      () => marketer.marketing.campaigns.recordResponse({ campaignId: theirCampaign.id, contactId: theirContact.id }),
      () =>
        marketer.marketing.campaigns.addCost(theirCampaign.id, {
          incurredOn: "2026-04-01",
          description: "X",
          amount: 1,
        }),
      () => marketer.marketing.segments.count(theirSegment.id),
      () => marketer.marketing.campaigns.forOpportunity(theirDeal.id),
    ];
    for (const attempt of missing) {
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(NotFoundError);
    }
  });
});
