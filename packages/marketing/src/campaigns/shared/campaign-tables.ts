import type { EntityTables, OperationContext } from "@rapport/core";
import type { Kysely } from "kysely";
import type { campaignCostEntity, campaignEntity } from "../campaigns/campaign-entity.js";
import type { influenceEntity, memberEntity, memberStatusEntity, responseEntity } from "../members/member-entities.js";
import type { phaseEntity } from "../phases/phase-entity.js";
import type { segmentEntity } from "../segments/segment-entity.js";

/** `marketing_segment_entries`: the members of static segments. */
export interface SegmentEntryRow {
  tenant_id: string;
  segment_id: string;
  record_id: string;
  added_at: string;
  added_by: string;
}

/** `marketing_phase_members`: a phase's audience, snapshotted when it started. */
export interface PhaseMemberRow {
  tenant_id: string;
  phase_id: string;
  record_type: string;
  record_id: string;
}

/** The tables of the campaigns area. */
export type CampaignTables = EntityTables<
  | typeof campaignEntity
  | typeof campaignCostEntity
  | typeof phaseEntity
  | typeof segmentEntity
  | typeof memberStatusEntity
  | typeof memberEntity
  | typeof responseEntity
  | typeof influenceEntity
> & {
  marketing_segment_entries: SegmentEntryRow;
  marketing_phase_members: PhaseMemberRow;
};

/** The operation's database, typed with the campaigns area's tables. */
export function campaignsDb(op: OperationContext<CampaignTables>): Kysely<CampaignTables> {
  return op.db;
}
