import {
  defineEntity,
  type EntityRecord,
  field,
  idSchema,
  type OperationContext,
  ValidationError,
} from "@rapport/core";
import { campaignsDb } from "../shared/campaign-tables.js";
import { addPhaseSchema, type Goal, updatePhaseSchema } from "./phase-schema.js";

/** A phase's state: planned until the clock reaches its start, active until its end, then completed. */
export const PHASE_STATUSES = ["planned", "active", "completed"] as const;
/** One of {@link PHASE_STATUSES}. */
export type PhaseStatus = (typeof PHASE_STATUSES)[number];

const phaseFields = {
  campaignId: field.text(),
  name: field.text(),
  startsAt: field.timestamp(),
  endsAt: field.timestamp(),
  budget: field.nullableInteger(),
  goals: field.json<Goal[]>(),
  segmentId: field.nullableText(),
  status: field.text<PhaseStatus>({ computed: true, default: "planned" }),
  /** When the phase-start job fired `campaign.phase_started` (and took the audience snapshot). */
  startedAt: field.nullableTimestamp({ computed: true }),
  /** When the phase-end job fired `campaign.phase_completed`. */
  completedAt: field.nullableTimestamp({ computed: true }),
};

/** A campaign phase as stored and returned. */
export type CampaignPhase = EntityRecord<typeof phaseFields>;

/**
 * A phase lies within its campaign's dates and overlaps no other live phase of the campaign
 * (touching ends are fine); its segment, when named, exists. The caller locks the campaign
 * first, so two phases added at once cannot both pass the overlap check.
 */
async function validatePhase(next: CampaignPhase, before: CampaignPhase | null, op: OperationContext): Promise<void> {
  const campaign = await campaignsDb(op)
    .selectFrom("marketing_campaigns")
    .select(["starts_at", "ends_at"])
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", next.campaignId)
    .executeTakeFirst();
  if (!campaign) throw ValidationError.forField(["campaignId"], `Unknown campaign ${next.campaignId}`);
  if (next.startsAt < campaign.starts_at || next.endsAt > campaign.ends_at)
    throw ValidationError.forField(
      [next.startsAt < campaign.starts_at ? "startsAt" : "endsAt"],
      `The phase must lie within the campaign's dates (${campaign.starts_at} – ${campaign.ends_at})`,
    );
  const overlapping = await campaignsDb(op)
    .selectFrom("marketing_campaign_phases")
    .select(["id", "name"])
    .where("tenant_id", "=", op.tenantId)
    .where("campaign_id", "=", next.campaignId)
    .where("archived_at", "is", null)
    .where("id", "<>", next.id)
    .where("starts_at", "<", next.endsAt)
    .where("ends_at", ">", next.startsAt)
    .executeTakeFirst();
  if (overlapping)
    throw ValidationError.forField(["startsAt"], `The phase overlaps phase "${overlapping.name}"`, {
      phaseId: overlapping.id,
    });
  if (next.segmentId !== null && next.segmentId !== before?.segmentId) {
    const segment = await campaignsDb(op)
      .selectFrom("marketing_segments")
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", next.segmentId)
      .where("archived_at", "is", null)
      .executeTakeFirst();
    if (!segment) throw ValidationError.forField(["segmentId"], `Unknown segment ${next.segmentId}`);
  }
}

/** Campaign phases: dates, budget, goals and the audience segment. */
export const phaseEntity = defineEntity({
  type: "campaign_phase",
  table: "marketing_campaign_phases",
  idPrefix: "cph",
  fields: phaseFields,
  createSchema: addPhaseSchema.extend({ campaignId: idSchema("cmp") }),
  patchSchema: updatePhaseSchema,
  validate: validatePhase,
});
