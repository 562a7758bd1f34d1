import { type OperationContext, ValidationError } from "@rapport/core";
import { runCompiled } from "@rapport/core/internals";
import { parseJson, type StageRow, salesDb } from "../database.js";
import type { RequirableField, Stage, StageKind } from "./stage-schema.js";

/** A stage as the verbs write it (position and retirement included). */
export interface StageDraft {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly position: number;
  readonly probability: number;
  readonly kind: StageKind;
  readonly requiredFields: readonly RequirableField[];
  readonly retiredAt: string | null;
}

function toStage(row: StageRow): Stage {
  return {
    id: row.id,
    pipelineId: row.pipeline_id,
    key: row.key,
    name: row.name,
    position: Number(row.position),
    probability: Number(row.probability),
    kind: row.kind as StageKind,
    requiredFields: parseJson<RequirableField[]>(row.required_fields),
    retiredAt: row.retired_at,
  };
}

/** The stages of the given pipelines, each list in position order. */
export async function loadStages(op: OperationContext, pipelineIds: readonly string[]): Promise<Map<string, Stage[]>> {
  const byPipeline = new Map<string, Stage[]>(pipelineIds.map((id) => [id, []]));
  if (pipelineIds.length === 0) return byPipeline;
  const rows = await salesDb(op)
    .selectFrom("sales_stages")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("pipeline_id", "in", pipelineIds)
    .orderBy("pipeline_id")
    .orderBy("position")
    .execute();
  for (const row of rows) byPipeline.get(row.pipeline_id)?.push(toStage(row));
  return byPipeline;
}

/** The stages of one pipeline, in position order. */
export async function stagesOf(op: OperationContext, pipelineId: string): Promise<Stage[]> {
  return (await loadStages(op, [pipelineId])).get(pipelineId) ?? [];
}

/** Inserts new stages of a pipeline. */
export async function insertStages(
  op: OperationContext,
  pipelineId: string,
  stages: readonly StageDraft[],
): Promise<void> {
  if (stages.length === 0) return;
  await salesDb(op)
    .insertInto("sales_stages")
    .values(
      stages.map((s) => ({
        tenant_id: op.tenantId,
        id: s.id,
        pipeline_id: pipelineId,
        key: s.key,
        name: s.name,
        position: s.position,
        probability: s.probability,
        kind: s.kind,
        required_fields: JSON.stringify(s.requiredFields),
        retired_at: s.retiredAt,
        created_at: op.timestamp,
        updated_at: op.timestamp,
      })),
    )
    .execute();
}

/** Writes the changed columns of existing stages. */
export async function updateStages(
  op: OperationContext,
  pipelineId: string,
  stages: readonly StageDraft[],
): Promise<void> {
  for (const s of stages) {
    await salesDb(op)
      .updateTable("sales_stages")
      .set({
        name: s.name,
        position: s.position,
        probability: s.probability,
        required_fields: JSON.stringify(s.requiredFields),
        retired_at: s.retiredAt,
        updated_at: op.timestamp,
      })
      .where("tenant_id", "=", op.tenantId)
      .where("pipeline_id", "=", pipelineId)
      .where("id", "=", s.id)
      .execute();
  }
}

/**
 * The stage `key` of `pipelineId`, for an opportunity to enter. Refuses (as a
 * `ValidationError` at `path`) a key the pipeline does not have — including a stage of
 * another pipeline — and a retired stage.
 */
export async function enterableStage(
  op: OperationContext,
  pipelineId: string,
  key: string,
  path: readonly PropertyKey[],
): Promise<Stage> {
  const { rows } = await runCompiled(op, "sales:stage", [op.tenantId, pipelineId, key], () =>
    salesDb(op)
      .selectFrom("sales_stages")
      .selectAll()
      .where("tenant_id", "=", op.tenantId)
      .where("pipeline_id", "=", pipelineId)
      .where("key", "=", key),
  );
  const row = rows[0];
  if (!row) {
    throw ValidationError.forField(path, `Pipeline ${pipelineId} has no stage "${key}"`, { pipelineId, stageKey: key });
  }
  const stage = toStage(row);
  if (stage.retiredAt !== null) {
    throw ValidationError.forField(path, `Stage "${key}" is retired and takes no opportunities`, {
      pipelineId,
      stageKey: key,
    });
  }
  return stage;
}

/** The stage `key` of `pipelineId`, retired or not, or `null` when the pipeline has no such stage. */
export async function currentStage(op: OperationContext, pipelineId: string, key: string): Promise<Stage | null> {
  const row = await salesDb(op)
    .selectFrom("sales_stages")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("pipeline_id", "=", pipelineId)
    .where("key", "=", key)
    .executeTakeFirst();
  return row ? toStage(row) : null;
}

/** Renumbers stages 1..n: the active ones in the given order, then the retired ones in their old order. */
export function renumber(active: readonly StageDraft[], retired: readonly StageDraft[]): StageDraft[] {
  return [...active, ...retired].map((stage, index) => ({ ...stage, position: index + 1 }));
}

/** Stage fields as the pipeline's audit entry shows them, one entry per stage key. */
export function stagesForAudit(stages: readonly StageDraft[]): Record<string, unknown> {
  return Object.fromEntries(
    stages.map((s) => [
      `stage.${s.key}`,
      {
        name: s.name,
        position: s.position,
        probability: s.probability,
        kind: s.kind,
        requiredFields: s.requiredFields,
        retiredAt: s.retiredAt,
      },
    ]),
  );
}
