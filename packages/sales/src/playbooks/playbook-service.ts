import { type ModuleContext, type OperationContext, parseInput, ValidationError } from "@rapport/core";
import { type PlaybookRow, parseJson, salesDb } from "../database.js";
import { pipelineEntity } from "../pipelines/pipeline-entity.js";
import { defaultPipelineId } from "../pipelines/pipeline-service.js";
import type { Stage } from "../pipelines/stage-schema.js";
import { currentStage } from "../pipelines/stage-store.js";
import { referenceActivities, topReps } from "./best-rep-references.js";
import type { DefaultPlaybook } from "./default-playbooks.js";
import {
  type ForStageOptions,
  forStageOptionsSchema,
  type Playbook,
  type PlaybookTarget,
  playbookTargetSchema,
  type StagePlaybook,
  type UpdatePlaybookInput,
  updatePlaybookSchema,
} from "./playbook-schema.js";

const DAY_MS = 86_400_000;

/** Stage playbooks: guidance per stage, and what the best reps did there. */
export interface PlaybookService {
  /** The guidance of a stage (empty lists for a stage nobody wrote a playbook for). Needs `playbook:read`. */
  get(target: PlaybookTarget): Promise<Playbook>;
  /**
   * The guidance of a stage plus, as references for new reps, the recent activities the
   * best reps logged on won deals while they were in this stage. The best reps are those
   * with the most won revenue in `currency` in the period (ranked in SQL). References show
   * other reps' activity records by design; they need only `playbook:read`.
   *
   * @example
   * ```ts
   * const guide = await rep.sales.playbooks.forStage("evaluation", { currency: "USD" });
   * guide.informationSources; // ["technical_sources", "web_content"]
   * guide.references.activities[0]?.subject;
   * ```
   */
  forStage(stageKey: string, options: ForStageOptions): Promise<StagePlaybook>;
  /** Replaces the given guidance lists of a stage's playbook. Needs `playbook:update`. */
  update(target: PlaybookTarget, patch: UpdatePlaybookInput): Promise<Playbook>;
}

async function resolveStage(op: OperationContext, stageKey: string, pipelineId: string | undefined): Promise<Stage> {
  const pipeline = pipelineId ?? (await defaultPipelineId(op));
  const stage = await currentStage(op, pipeline, stageKey);
  if (!stage)
    throw ValidationError.forField(["stageKey"], `Pipeline ${pipeline} has no stage "${stageKey}"`, {
      pipelineId: pipeline,
      stageKey,
    });
  return stage;
}

async function playbookOf(op: OperationContext, stage: Stage): Promise<Playbook> {
  const row = await salesDb(op)
    .selectFrom("sales_playbooks")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("stage_id", "=", stage.id)
    .executeTakeFirst();
  return toPlaybook(stage, row);
}

function toPlaybook(stage: Stage, row: PlaybookRow | undefined): Playbook {
  return {
    pipelineId: stage.pipelineId,
    stageKey: stage.key,
    stageName: stage.name,
    informationSources: row ? parseJson(row.information_sources) : [],
    recommendedActivities: row ? parseJson(row.recommended_activities) : [],
    checklist: row ? parseJson(row.checklist) : [],
    updatedAt: row?.updated_at ?? "",
    updatedBy: row?.updated_by ?? "",
  };
}

/** Writes a stage's playbook, creating it on first write. */
export async function writePlaybook(op: OperationContext, stage: Stage, playbook: DefaultPlaybook): Promise<void> {
  const values = {
    information_sources: JSON.stringify(playbook.informationSources),
    recommended_activities: JSON.stringify(playbook.recommendedActivities),
    checklist: JSON.stringify(playbook.checklist),
    updated_at: op.timestamp,
    updated_by: op.actor.userId,
  };
  const db = salesDb(op);
  const updated = await db
    .updateTable("sales_playbooks")
    .set(values)
    .where("tenant_id", "=", op.tenantId)
    .where("stage_id", "=", stage.id)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await db
      .insertInto("sales_playbooks")
      .values({ tenant_id: op.tenantId, stage_id: stage.id, ...values })
      .execute();
  }
}

/** Builds the playbook service of one scoped client. */
export function createPlaybookService(ctx: ModuleContext): PlaybookService {
  return {
    get: (target) =>
      ctx.read(async (op) => {
        const { stageKey, pipelineId } = parseInput(playbookTargetSchema, target);
        await op.authorize("playbook:read");
        return playbookOf(op, await resolveStage(op, stageKey, pipelineId));
      }),
    forStage: (stageKey, options) =>
      ctx.read(async (op) => {
        const { stageKey: key } = parseInput(playbookTargetSchema, { stageKey });
        const parsed = parseInput(forStageOptionsSchema, options);
        await op.authorize("playbook:read");
        const stage = await resolveStage(op, key, parsed.pipelineId);
        const to = parsed.to ?? op.timestamp;
        const from = parsed.from ?? new Date(Date.parse(to) - 90 * DAY_MS).toISOString();
        if (from >= to) throw ValidationError.forField(["from"], "The period must start before it ends");
        const reps = await topReps(
          op,
          { pipelineId: stage.pipelineId, currency: parsed.currency, from, to },
          parsed.reps ?? 3,
        );
        const activities = await referenceActivities(
          op,
          stage.pipelineId,
          stage.key,
          reps.map((r) => r.userId),
          parsed.limit ?? 20,
        );
        return {
          ...(await playbookOf(op, stage)),
          references: { currency: parsed.currency, from, to, reps, activities },
        };
      }),
    update: (target, patch) =>
      ctx.run(async (op) => {
        const { stageKey, pipelineId } = parseInput(playbookTargetSchema, target);
        const changes = parseInput(updatePlaybookSchema, patch);
        await op.authorize("playbook:update");
        const stage = await resolveStage(op, stageKey, pipelineId);
        // A playbook is part of its pipeline: playbook:update authorises it, the pipeline's change records it.
        const pipelines = op.records(pipelineEntity);
        const pipeline = await pipelines.loadForChange(stage.pipelineId, { authorize: false, allowArchived: true });
        const before = await playbookOf(op, stage);
        const was = {
          informationSources: before.informationSources,
          recommendedActivities: before.recommendedActivities,
          checklist: before.checklist,
        };
        const next = {
          informationSources: changes.informationSources ?? was.informationSources,
          recommendedActivities: changes.recommendedActivities ?? was.recommendedActivities,
          checklist: changes.checklist ?? was.checklist,
        };
        if (JSON.stringify(next) !== JSON.stringify(was)) {
          await writePlaybook(op, stage, next);
          await pipelines.change(
            pipeline,
            {},
            { action: "update_playbook", extra: [{ field: `playbook.${stage.key}`, before: was, after: next }] },
          );
        }
        return playbookOf(op, stage);
      }),
  };
}
