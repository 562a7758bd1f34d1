import { type ChangeEvent, type OperationContext, parseInput, ValidationError, type WriteOptions } from "@rapport/core";
import { dateOf } from "../documents/dates.js";
import { invalidTransition, opportunityClosed, requiredFieldsMissing } from "../errors.js";
import { isMissing } from "../internal/missing-link.js";
import { lostReasonEntity } from "../lost-reasons/lost-reason-entity.js";
import { type Stage, stageKeySchema } from "../pipelines/stage-schema.js";
import { enterableStage, stagesOf } from "../pipelines/stage-store.js";
import { assertCompetitorAccount, ensureCompetitor } from "./competitors.js";
import { type Opportunity, opportunityEntity } from "./opportunity-entity.js";
import { opportunityForChange } from "./opportunity-for-change.js";
import {
  type LoseOptions,
  loseOptionsSchema,
  moveStageOptionsSchema,
  type WinOptions,
  winOptionsSchema,
} from "./opportunity-schema.js";
import { missingForStage } from "./required-fields.js";
import { recordVisit } from "./stage-history.js";

async function closingStage(op: OperationContext, opportunity: Opportunity, kind: "won" | "lost"): Promise<Stage> {
  const stage = (await stagesOf(op, opportunity.pipelineId)).find((s) => s.kind === kind && s.retiredAt === null);
  if (!stage)
    throw invalidTransition(`Pipeline ${opportunity.pipelineId} has no active ${kind} stage`, "pipeline_shape");
  return stage;
}

async function requireFields(op: OperationContext, opportunity: Opportunity, stage: Stage): Promise<void> {
  const missing = await missingForStage(op, opportunity, stage);
  if (missing.length > 0) throw requiredFieldsMissing(stage.key, missing);
}

function stageChanged(after: Opportunity, fromStage: string): ChangeEvent {
  return {
    type: "opportunity.stage_changed",
    data: {
      id: after.id,
      version: after.version,
      pipelineId: after.pipelineId,
      fromStage,
      toStage: after.stageKey,
      probability: after.probability,
    },
  };
}

/**
 * `opportunities.moveStage`: moves an open opportunity to another active open stage of its
 * pipeline, once the stage's required fields are set. The probability follows the stage
 * unless it was set by hand. Records the visit in the stage history.
 */
export async function moveStage(
  op: OperationContext,
  id: string,
  stageKey: string,
  options: WriteOptions,
): Promise<Opportunity> {
  const key = parseInput(stageKeySchema, stageKey);
  const { expectedVersion } = parseInput(moveStageOptionsSchema, options);
  const before = await opportunityForChange(op, id, { expectedVersion, authorize: "move_stage" });
  if (before.status !== "open") throw opportunityClosed(before.id, before.status);
  const stage = await enterableStage(op, before.pipelineId, key, ["stageKey"]);
  if (stage.kind !== "open") {
    throw invalidTransition(`Stage "${key}" closes the opportunity; use win() or lose()`, "closed_stage_needs_verb", {
      stageKey: key,
    });
  }
  if (stage.key === before.stageKey)
    throw invalidTransition(`Opportunity ${before.id} is already in stage "${key}"`, "same_stage", { stageKey: key });
  await requireFields(op, before, stage);
  await op.before("opportunity.move_stage", { id: before.id, fromStage: before.stageKey, toStage: key, before });
  const probability = before.probabilitySource === "stage" ? stage.probability : before.probability;
  await recordVisit(op, before.id, before.pipelineId, key, before.stageKey);
  return op
    .records(opportunityEntity)
    .change(
      before,
      { stageKey: key, probability, stageEnteredAt: op.timestamp },
      { action: "move_stage", events: (after) => [stageChanged(after, before.stageKey)] },
    );
}

/** `opportunities.win`: closes an open opportunity in the pipeline's won stage. */
export async function win(op: OperationContext, id: string, options: WinOptions): Promise<Opportunity> {
  const parsed = parseInput(winOptionsSchema, options);
  const before = await opportunityForChange(op, id, { expectedVersion: parsed.expectedVersion, authorize: "close" });
  if (before.status !== "open") throw opportunityClosed(before.id, before.status);
  const stage = await closingStage(op, before, "won");
  // The day it closed, not the day it was expected to: forecasts, quotas and reports all count it by this date.
  const closeDate = parsed.closeDate ?? dateOf(op.timestamp);
  await requireFields(op, { ...before, closeDate }, stage);
  await op.before("opportunity.win", { id: before.id, before });
  await recordVisit(op, before.id, before.pipelineId, stage.key, before.stageKey);
  return op.records(opportunityEntity).change(
    before,
    {
      stageKey: stage.key,
      status: "won",
      probability: 100,
      probabilitySource: "stage",
      stageEnteredAt: op.timestamp,
      closedAt: op.timestamp,
      closeDate,
    },
    {
      action: "win",
      events: (after) => [
        stageChanged(after, before.stageKey),
        {
          type: "opportunity.won",
          data: {
            id: after.id,
            version: after.version,
            ownerId: after.ownerId,
            amount: after.amount,
            currency: after.currency,
          },
        },
      ],
    },
  );
}

async function assertLostReason(op: OperationContext, reasonId: string): Promise<void> {
  let archivedAt: string | null;
  try {
    // The caller may close the deal; whether the tenant's reason exists is not theirs to be refused.
    archivedAt = (await op.asSystem().records(lostReasonEntity).get(reasonId)).archivedAt;
  } catch (error) {
    if (!isMissing(error)) throw error;
    throw ValidationError.forField(["reasonId"], `Lost reason ${reasonId} does not exist`, { reasonId });
  }
  if (archivedAt !== null)
    throw ValidationError.forField(["reasonId"], `Lost reason ${reasonId} is archived`, { reasonId });
}

/**
 * `opportunities.lose`: closes an open opportunity in the pipeline's lost stage with one of
 * the tenant's lost reasons and, when known, the competitor it went to (recorded among the
 * opportunity's competitors too).
 */
export async function lose(op: OperationContext, id: string, options: LoseOptions): Promise<Opportunity> {
  const parsed = parseInput(loseOptionsSchema, options);
  const before = await opportunityForChange(op, id, { expectedVersion: parsed.expectedVersion, authorize: "close" });
  if (before.status !== "open") throw opportunityClosed(before.id, before.status);
  await assertLostReason(op, parsed.reasonId);
  if (parsed.competitorId !== undefined) await assertCompetitorAccount(op, parsed.competitorId, ["competitorId"]);
  const stage = await closingStage(op, before, "lost");
  // The day it closed, not the day it was expected to: forecasts, quotas and reports all count it by this date.
  const closeDate = parsed.closeDate ?? dateOf(op.timestamp);
  await requireFields(op, { ...before, closeDate }, stage);
  await op.before("opportunity.lose", {
    id: before.id,
    before,
    reasonId: parsed.reasonId,
    competitorId: parsed.competitorId ?? null,
  });
  const competitor =
    parsed.competitorId === undefined ? [] : await ensureCompetitor(op, before.id, parsed.competitorId);
  await recordVisit(op, before.id, before.pipelineId, stage.key, before.stageKey);
  return op.records(opportunityEntity).change(
    before,
    {
      stageKey: stage.key,
      status: "lost",
      probability: 0,
      probabilitySource: "stage",
      stageEnteredAt: op.timestamp,
      closedAt: op.timestamp,
      closeDate,
      lostReasonId: parsed.reasonId,
      lostNote: parsed.note ?? null,
      lostToCompetitorId: parsed.competitorId ?? null,
    },
    {
      action: "lose",
      extra: competitor,
      events: (after) => [
        stageChanged(after, before.stageKey),
        {
          type: "opportunity.lost",
          data: {
            id: after.id,
            version: after.version,
            lostReasonId: parsed.reasonId,
            competitorId: parsed.competitorId ?? null,
          },
        },
      ],
    },
  );
}
