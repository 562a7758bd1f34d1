import {
  type ExtraValue,
  idSchema,
  type OperationContext,
  parseInput,
  ValidationError,
  type WriteOptions,
  writeOptionsSchema,
} from "@rapport/core";
import { invalidTransition } from "../errors.js";
import { defined } from "../internal/defined.js";
import { type Pipeline, pipelineEntity } from "./pipeline-entity.js";
import { addStageSchema, reorderStagesSchema, type Stage, stageKeySchema, updateStageSchema } from "./stage-schema.js";
import { insertStages, renumber, type StageDraft, stagesForAudit, stagesOf, updateStages } from "./stage-store.js";

type StageChange = (stages: readonly Stage[], op: OperationContext) => StageDraft[];

/** The stages as extra values of the pipeline's change: one per stage key, so the audit shows each stage's change. */
function stageValues(before: readonly StageDraft[], next: readonly StageDraft[]): ExtraValue[] {
  const was = stagesForAudit(before);
  const is = stagesForAudit(next);
  return [...new Set([...Object.keys(was), ...Object.keys(is)])].map((field) => ({
    field,
    before: was[field] ?? null,
    after: is[field] ?? null,
  }));
}

/**
 * Applies a change to a pipeline's stages as one versioned change of the pipeline: checks
 * the caller's version, keeps the pipeline's shape valid, writes the stages, then lets the
 * record layer bump the pipeline's version, audit `action` and emit `pipeline.updated`.
 */
async function changeStages(
  op: OperationContext,
  pipelineId: string,
  options: WriteOptions,
  action: string,
  change: StageChange,
): Promise<Pipeline> {
  const id = parseInput(idSchema("pipe"), pipelineId);
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const pipelines = op.records(pipelineEntity);
  const pipeline = await pipelines.loadForChange(id, { expectedVersion, allowArchived: true });
  if (pipeline.archivedAt !== null) throw invalidTransition(`Pipeline ${id} is archived`, "pipeline_archived", { id });
  const before = await stagesOf(op, id);
  const next = change(before, op);
  assertShape(next);
  const known = new Map(before.map((s) => [s.id, s]));
  await insertStages(
    op,
    id,
    next.filter((s) => !known.has(s.id)),
  );
  await updateStages(
    op,
    id,
    next.filter(
      (s) => known.has(s.id) && JSON.stringify(draftOf(known.get(s.id) as Stage)) !== JSON.stringify(draftOf(s)),
    ),
  );
  const after = await pipelines.change(pipeline, {}, { action, extra: stageValues(before, next) });
  return { ...(await pipelines.shown(after)), stages: await stagesOf(op, id) };
}

function draftOf(stage: StageDraft): StageDraft {
  const { id, key, name, position, probability, kind, requiredFields, retiredAt } = stage;
  return { id, key, name, position, probability, kind, requiredFields, retiredAt };
}

/** A pipeline keeps at least one active open stage and exactly one active won and lost stage. */
function assertShape(stages: readonly StageDraft[]): void {
  const active = stages.filter((s) => s.retiredAt === null);
  const count = (kind: string) => active.filter((s) => s.kind === kind).length;
  if (count("open") === 0) throw invalidTransition("A pipeline needs at least one active open stage", "pipeline_shape");
  if (count("won") !== 1) throw invalidTransition("A pipeline needs exactly one active won stage", "pipeline_shape");
  if (count("lost") !== 1) throw invalidTransition("A pipeline needs exactly one active lost stage", "pipeline_shape");
}

function find(stages: readonly Stage[], key: string, path: PropertyKey[]): Stage {
  const stage = stages.find((s) => s.key === key);
  if (!stage) throw ValidationError.forField(path, `The pipeline has no stage "${key}"`, { stageKey: key });
  return stage;
}

const split = (stages: readonly StageDraft[]) => ({
  active: stages.filter((s) => s.retiredAt === null),
  retired: stages.filter((s) => s.retiredAt !== null),
});

/** `pipelines.addStage`. */
export function addStage(
  op: OperationContext,
  pipelineId: string,
  input: unknown,
  options: WriteOptions,
): Promise<Pipeline> {
  const { after, ...stage } = parseInput(addStageSchema, input);
  return changeStages(op, pipelineId, options, "add_stage", (stages, inner) => {
    if (stages.some((s) => s.key === stage.key)) {
      throw ValidationError.forField(
        ["key"],
        `The pipeline already has a stage "${stage.key}" (keys stay taken after retirement)`,
        { stageKey: stage.key },
      );
    }
    const { active, retired } = split(stages);
    let at = active.length;
    if (after !== undefined) {
      const anchor = find(stages, after, ["after"]);
      if (anchor.retiredAt !== null)
        throw ValidationError.forField(["after"], `Stage "${after}" is retired`, { stageKey: after });
      at = active.indexOf(anchor) + 1;
    } else if (stage.kind === "open") {
      // New open stages go after the last open one, before the closing stages.
      const lastOpen = active.map((s) => s.kind).lastIndexOf("open");
      at = lastOpen + 1;
    }
    const created: StageDraft = { ...stage, id: inner.newId("stg"), position: 0, retiredAt: null };
    return renumber([...active.slice(0, at), created, ...active.slice(at)], retired);
  });
}

/** `pipelines.updateStage`. */
export function updateStage(
  op: OperationContext,
  pipelineId: string,
  stageKey: string,
  patch: unknown,
  options: WriteOptions,
): Promise<Pipeline> {
  const key = parseInput(stageKeySchema, stageKey);
  const changes = parseInput(updateStageSchema, patch);
  return changeStages(op, pipelineId, options, "update_stage", (stages) => {
    const target = find(stages, key, ["stageKey"]);
    if (
      changes.probability !== undefined &&
      target.kind !== "open" &&
      changes.probability !== (target.kind === "won" ? 100 : 0)
    ) {
      throw ValidationError.forField(
        ["probability"],
        `A ${target.kind} stage has probability ${target.kind === "won" ? 100 : 0}`,
      );
    }
    return stages.map((s) => (s.key === key ? { ...s, ...defined(changes) } : s));
  });
}

/** `pipelines.reorderStages`. */
export function reorderStages(
  op: OperationContext,
  pipelineId: string,
  keys: unknown,
  options: WriteOptions,
): Promise<Pipeline> {
  const order = parseInput(reorderStagesSchema, keys);
  return changeStages(op, pipelineId, options, "reorder_stages", (stages) => {
    const { active, retired } = split(stages);
    const activeKeys = active.map((s) => s.key);
    const sameSet =
      order.length === activeKeys.length &&
      new Set(order).size === order.length &&
      order.every((k) => activeKeys.includes(k));
    if (!sameSet) {
      throw ValidationError.forField([], `List every active stage exactly once: ${activeKeys.join(", ")}`, {
        activeKeys,
      });
    }
    return renumber(
      order.map((k) => active.find((s) => s.key === k) as StageDraft),
      retired,
    );
  });
}

/** `pipelines.retireStage`. */
export function retireStage(
  op: OperationContext,
  pipelineId: string,
  stageKey: string,
  options: WriteOptions,
): Promise<Pipeline> {
  const key = parseInput(stageKeySchema, stageKey);
  return changeStages(op, pipelineId, options, "retire_stage", (stages, inner) => {
    const target = find(stages, key, ["stageKey"]);
    if (target.retiredAt !== null)
      throw invalidTransition(`Stage "${key}" is already retired`, "pipeline_shape", { stageKey: key });
    const { active, retired } = split(stages.map((s) => (s.key === key ? { ...s, retiredAt: inner.timestamp } : s)));
    return renumber(active, [...retired.filter((s) => s.key !== key), ...retired.filter((s) => s.key === key)]);
  });
}
