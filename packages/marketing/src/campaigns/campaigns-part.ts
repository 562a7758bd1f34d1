import { CRUD_ACTIONS, idSchema, type ModuleContext, parseInput } from "@rapport/core";
import type { MarketingPart } from "../marketing-part.js";
import {
  type AttributionOptions,
  attribution,
  attributionOptionsSchema,
  campaignsForOpportunity,
  influencedOpportunities,
} from "./attribution/attribution.js";
import { campaignEvents } from "./campaign-events.js";
import { campaignCostEntity, campaignEntity } from "./campaigns/campaign-entity.js";
import { campaignService } from "./campaigns/campaign-service.js";
import { campaignsMigration } from "./campaigns-migration.js";
import { influenceEntity, memberEntity, memberStatusEntity, responseEntity } from "./members/member-entities.js";
import { memberService } from "./members/member-service.js";
import { seedMemberStatuses } from "./members/member-statuses-seed.js";
import { responseService } from "./members/response-service.js";
import { phaseEntity } from "./phases/phase-entity.js";
import { campaignPhasesJob } from "./phases/phase-job.js";
import { phaseService } from "./phases/phase-service.js";
import { segmentEntity } from "./segments/segment-entity.js";
import { segmentService } from "./segments/segment-service.js";

/** Builds the campaigns area's part of `client.marketing`. */
function campaignsClient(ctx: ModuleContext) {
  const { results, ...phases } = phaseService(ctx);
  return {
    /** Campaigns: records and statuses, cost lines, roll-ups, phases, members, responses, influence and attribution. */
    campaigns: {
      ...campaignService(ctx),
      ...memberService(ctx),
      ...responseService(ctx),
      /** The campaign's phases: add, update, remove, list, get, and each phase's audience snapshot. */
      phases,
      /** Each phase's figures over its own dates and the attainment of its goals, computed in SQL. */
      phaseResults: results,
      /** The opportunities the campaign touched (directly or through converted leads) that the caller may read. */
      influencedOpportunities: (campaignId: string) =>
        ctx.read(async (op) => {
          const campaign = await op.records(campaignEntity).get(parseInput(idSchema("cmp"), campaignId));
          return influencedOpportunities(op, campaign.id);
        }),
      /** The campaigns that touched an opportunity, as the caller may see them; `NotFoundError` for an opportunity they may not read. */
      forOpportunity: (opportunityId: string) =>
        ctx.read((op) => campaignsForOpportunity(op, parseInput(idSchema("opp"), opportunityId))),
      /**
       * Opportunities and revenue attributed to campaigns under a model (first touch, last
       * touch, linear), per campaign and currency, computed in SQL.
       */
      attribution: (options: AttributionOptions) =>
        ctx.read((op) => attribution(op, parseInput(attributionOptionsSchema, options).model)),
    },
    /** Segments: static lists and rule-based audiences, counted and paged in SQL under the caller's scopes. */
    segments: segmentService(ctx),
  };
}

/** `client.marketing`'s campaigns area. */
export type CampaignsClient = ReturnType<typeof campaignsClient>;

const MARKETING_ENTITIES = [
  "campaign",
  "campaign_cost",
  "campaign_phase",
  "segment",
  "campaign_member_status",
  "campaign_member",
  "campaign_response",
  "campaign_influence",
] as const;

const everything = Object.fromEntries(MARKETING_ENTITIES.map((type) => [`${type}:*`, "all" as const]));
const readAll = Object.fromEntries(MARKETING_ENTITIES.map((type) => [`${type}:read`, "all" as const]));

/** The campaigns area of the marketing module. */
export const campaignsPart: MarketingPart<CampaignsClient, typeof campaignEvents> = {
  migrations: [campaignsMigration],
  entities: [
    campaignEntity,
    campaignCostEntity,
    phaseEntity,
    segmentEntity,
    memberStatusEntity,
    memberEntity,
    responseEntity,
    influenceEntity,
  ],
  permissions: {
    entities: {
      ...Object.fromEntries(MARKETING_ENTITIES.map((type) => [type, CRUD_ACTIONS])),
      campaign: [...CRUD_ACTIONS, "activate", "complete", "abort"],
    },
    roles: {
      marketer: everything,
      analyst: readAll,
      read_only: readAll,
      // Sellers see which campaigns touched their deals.
      sales_manager: { "campaign:read": "all", "campaign_influence:read": "all", "campaign_response:read": "all" },
      sales_rep: { "campaign:read": "all", "campaign_influence:read": "all" },
    },
  },
  events: campaignEvents,
  jobs: [campaignPhasesJob],
  client: campaignsClient,
  onTenantCreated: seedMemberStatuses,
};
