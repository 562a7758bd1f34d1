import { eventOf, type RecordEventData, type RecordUpdatedData } from "@rapport/core";
import type { CampaignStatus } from "./campaigns/campaign-schema.js";
import type { GoalAttainment } from "./phases/phase-results.js";

/** Payload of `campaign.status_changed`. */
export interface CampaignStatusChangedData extends RecordEventData {
  readonly from: CampaignStatus;
  readonly to: CampaignStatus;
}

/** Payload of `campaign.phase_started`: the phase, and how many records its audience snapshot holds. */
export interface PhaseStartedData {
  readonly campaignId: string;
  readonly phaseId: string;
  readonly startsAt: string;
  readonly members: number;
}

/** Payload of `campaign.phase_completed`: each goal's target, actual and ratio. */
export interface PhaseCompletedData {
  readonly campaignId: string;
  readonly phaseId: string;
  readonly endsAt: string;
  readonly goals: readonly GoalAttainment[];
}

/** Payload of `campaign_member.status_changed`. */
export interface MemberStatusChangedData extends RecordEventData {
  readonly campaignId: string;
  readonly from: string | null;
  readonly to: string | null;
}

const recordEvents = <T extends string>(type: T) =>
  ({
    [`${type}.created`]: eventOf<RecordEventData>(),
    [`${type}.updated`]: eventOf<RecordUpdatedData>(),
    [`${type}.archived`]: eventOf<RecordUpdatedData>(),
  }) as {
    [K in `${T}.created`]: ReturnType<typeof eventOf<RecordEventData>>;
  } & { [K in `${T}.updated` | `${T}.archived`]: ReturnType<typeof eventOf<RecordUpdatedData>> };

/** The events of the campaigns area: name → payload. Record events come from the record layer. */
export const campaignEvents = {
  ...recordEvents("campaign"),
  ...recordEvents("campaign_cost"),
  ...recordEvents("campaign_phase"),
  ...recordEvents("segment"),
  ...recordEvents("campaign_member_status"),
  ...recordEvents("campaign_member"),
  ...recordEvents("campaign_response"),
  ...recordEvents("campaign_influence"),
  "campaign.status_changed": eventOf<CampaignStatusChangedData>(),
  "campaign.phase_started": eventOf<PhaseStartedData>(),
  "campaign.phase_completed": eventOf<PhaseCompletedData>(),
  "campaign_member.status_changed": eventOf<MemberStatusChangedData>(),
};
