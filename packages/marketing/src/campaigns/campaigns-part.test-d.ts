import type { Crm, CrmEvent, Page, RecordEventData } from "@rapport/core";
import { describe, expectTypeOf, it } from "vitest";
import type { MarketingModule } from "../marketing-module.js";
import type { CampaignAttribution } from "./attribution/attribution.js";
import type { PhaseCompletedData } from "./campaign-events.js";
import type { Campaign } from "./campaigns/campaign-entity.js";
import type { CampaignRollup } from "./campaigns/campaign-service.js";
import type { PhaseResult } from "./phases/phase-results.js";

describe("the campaigns area's types", () => {
  it("types client.marketing.campaigns and segments", () => {
    const client = {} as ReturnType<Crm<readonly [MarketingModule]>["as"]>;
    expectTypeOf(client.marketing.campaigns.activate).returns.resolves.toEqualTypeOf<Campaign>();
    expectTypeOf(client.marketing.campaigns.rollup).returns.resolves.toEqualTypeOf<CampaignRollup>();
    expectTypeOf(client.marketing.campaigns.phaseResults).returns.resolves.toEqualTypeOf<PhaseResult[]>();
    expectTypeOf(client.marketing.campaigns.attribution).returns.resolves.toEqualTypeOf<CampaignAttribution[]>();
    expectTypeOf(client.marketing.segments.count).returns.resolves.toEqualTypeOf<number>();
    expectTypeOf(client.marketing.segments.members).returns.resolves.toEqualTypeOf<Page<{ readonly id: string }>>();
  });

  it("types the campaign events for crm.on", () => {
    const crm = {} as Crm<readonly [MarketingModule]>;
    crm.on("campaign.phase_completed", (event) => {
      expectTypeOf(event).toEqualTypeOf<CrmEvent<"campaign.phase_completed", PhaseCompletedData>>();
    });
    crm.on("segment.created", (event) => {
      expectTypeOf(event.data).toEqualTypeOf<RecordEventData>();
    });
    // @ts-expect-error the campaigns area declares no such event
    crm.on("campaign.teleported", () => {});
  });
});
