import type { JobDefinition, OperationContext } from "@rapport/core";
import { campaignEntity } from "../campaigns/campaign-entity.js";
import { segmentEntity } from "../segments/segment-entity.js";
import { segmentIds } from "../segments/segment-query.js";
import { campaignsDb } from "../shared/campaign-tables.js";
import { phaseEntity } from "./phase-entity.js";
import { phaseResult } from "./phase-results.js";

/** Phases handled per query; each pass keeps going until nothing due is left. */
const BATCH = 200;

async function duePhases(op: OperationContext, status: "planned" | "active", column: "starts_at" | "ends_at") {
  // A phase of an aborted or archived campaign does not start; one that started still completes.
  const stopped = campaignsDb(op)
    .selectFrom("marketing_campaigns")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where((eb) => eb.or([eb("status", "=", "aborted"), eb("archived_at", "is not", null)]));
  let query = campaignsDb(op)
    .selectFrom("marketing_campaign_phases")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("status", "=", status)
    .where(column, "<=", op.timestamp)
    .where("archived_at", "is", null);
  if (status === "planned") query = query.where("campaign_id", "not in", stopped);
  return query.orderBy(column).orderBy("id").limit(BATCH).execute() as Promise<{ id: string }[]>;
}

/** Copies the segment's members, as they are now, into the phase's audience; returns how many. */
async function snapshot(op: OperationContext, phaseId: string, segmentId: string): Promise<number> {
  const segment = await op.records(segmentEntity).get(segmentId, { authorize: false });
  if (segment.archivedAt !== null) return 0;
  const ids = await segmentIds(op, segment);
  const result = await campaignsDb(op)
    .insertInto("marketing_phase_members")
    .columns(["tenant_id", "phase_id", "record_type", "record_id"])
    .expression(
      ids
        .clearSelect()
        .select((eb) => [
          eb.val(op.tenantId).as("tenant_id"),
          eb.val(phaseId).as("phase_id"),
          eb.val(segment.recordType).as("record_type"),
          "id",
        ]),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** Starts phases whose start has come: snapshot of the audience, then `campaign.phase_started`, once. */
async function startDue(op: OperationContext): Promise<number> {
  const phases = op.records(phaseEntity);
  let started = 0;
  for (;;) {
    const due = await duePhases(op, "planned", "starts_at");
    for (const { id } of due) {
      const phase = await phases.loadForChange(id, { authorize: false, allowArchived: true });
      // Another run started it, or it was archived, since the query.
      if (phase.status !== "planned" || phase.archivedAt !== null) continue;
      const members = phase.segmentId === null ? 0 : await snapshot(op, phase.id, phase.segmentId);
      await phases.transition(phase, {
        verb: "start",
        from: ["planned"],
        to: "active",
        changes: { startedAt: op.timestamp },
        events: (after) => [
          {
            type: "campaign.phase_started",
            data: { campaignId: after.campaignId, phaseId: after.id, startsAt: after.startsAt, members },
          },
        ],
      });
      started += 1;
    }
    if (due.length < BATCH) return started;
  }
}

/** Completes phases whose end has come, with their goals' attainment in `campaign.phase_completed`, once. */
async function completeDue(op: OperationContext): Promise<number> {
  const phases = op.records(phaseEntity);
  let completed = 0;
  for (;;) {
    const due = await duePhases(op, "active", "ends_at");
    for (const { id } of due) {
      const phase = await phases.loadForChange(id, { authorize: false, allowArchived: true });
      if (phase.status !== "active" || phase.archivedAt !== null) continue;
      const campaign = await op.records(campaignEntity).get(phase.campaignId, { authorize: false });
      const result = await phaseResult(op, phase, campaign.currency);
      await phases.transition(phase, {
        verb: "complete",
        from: ["active"],
        to: "completed",
        changes: { completedAt: op.timestamp },
        events: (after) => [
          {
            type: "campaign.phase_completed",
            data: { campaignId: after.campaignId, phaseId: after.id, endsAt: after.endsAt, goals: result.goals },
          },
        ],
      });
      completed += 1;
    }
    if (due.length < BATCH) return completed;
  }
}

/**
 * `marketing.campaign_phases`: in every tenant, completes each phase whose end the clock has
 * passed (firing `campaign.phase_completed` with goal attainment) and starts each whose start it
 * has passed (snapshotting its segment and firing `campaign.phase_started`). Each phase
 * is locked and read again before it changes, so each event fires once however runs overlap.
 */
export const campaignPhasesJob: JobDefinition = {
  name: "marketing.campaign_phases",
  async run(ctx) {
    let handled = 0;
    for (const tenantId of await ctx.tenantIds()) {
      // Ended phases first, so a phase completes before the next one starts; then any phase whose
      // whole window passed since the last run starts and completes in this one.
      handled += await ctx.run(
        tenantId,
        async (op) => (await completeDue(op)) + (await startDue(op)) + (await completeDue(op)),
      );
    }
    return handled;
  },
};
