import {
  boundContext,
  createEntityService,
  idSchema,
  type ListOptions,
  type ModuleContext,
  NotFoundError,
  type OperationContext,
  type Page,
  parseInput,
  type WriteOptions,
  writeOptionsSchema,
} from "@rapport/core";
import { salesDb } from "../database.js";
import { invalidTransition } from "../errors.js";
import { preparedDefinition } from "../internal/prepared-definition.js";
import { type Pipeline, type PipelineRecord, pipelineEntity } from "./pipeline-entity.js";
import { type CreatePipelineInput, createPipelineSchema, type UpdatePipelineInput } from "./pipeline-schema.js";
import type { AddStageInput, UpdateStageInput } from "./stage-schema.js";
import { insertStages, loadStages, renumber, stagesOf } from "./stage-store.js";
import { addStage, reorderStages, retireStage, updateStage } from "./stage-verbs.js";

/** Pipelines and their stages. */
export interface PipelineService {
  /**
   * Creates a pipeline with its stages, in the order given. Needs `pipeline:create`.
   *
   * @example
   * ```ts
   * await manager.sales.pipelines.create({
   *   name: "Renewals",
   *   stages: [
   *     { key: "review", name: "Review", probability: 50 },
   *     { key: "won", name: "Renewed", probability: 100, kind: "won" },
   *     { key: "lost", name: "Churned", probability: 0, kind: "lost" },
   *   ],
   * });
   * ```
   */
  create(input: CreatePipelineInput): Promise<Pipeline>;
  /** The pipeline with its stages. Throws `NotFoundError`. */
  get(id: string): Promise<Pipeline>;
  /** The tenant's default pipeline (seeded with the tenant: awareness → interest → evaluation → trial → adoption, won, lost). */
  getDefault(): Promise<Pipeline>;
  /** A page of pipelines, each with its stages. */
  list(options?: ListOptions): Promise<Page<Pipeline>>;
  /** Renames or re-describes a pipeline. */
  update(id: string, patch: UpdatePipelineInput, options?: WriteOptions): Promise<Pipeline>;
  /** Archives a pipeline; its opportunities stay where they are. The default pipeline cannot be archived. */
  archive(id: string, options?: WriteOptions): Promise<Pipeline>;
  /** Makes this pipeline the default for new opportunities (the previous default stops being it). */
  setDefault(id: string, options?: WriteOptions): Promise<Pipeline>;
  /** Adds a stage after `input.after` (default: after the last open stage). Bumps the pipeline's version. */
  addStage(pipelineId: string, input: AddStageInput, options?: WriteOptions): Promise<Pipeline>;
  /** Renames a stage or changes its probability or required fields; opportunities in it keep their place. */
  updateStage(pipelineId: string, stageKey: string, patch: UpdateStageInput, options?: WriteOptions): Promise<Pipeline>;
  /** Puts the active stages in a new order; `keys` lists every active stage once. */
  reorderStages(pipelineId: string, keys: readonly string[], options?: WriteOptions): Promise<Pipeline>;
  /**
   * Retires a stage: no opportunity may enter it any more, while those already in it stay
   * and can move on. The last open stage and the won and lost stages cannot be retired.
   */
  retireStage(pipelineId: string, stageKey: string, options?: WriteOptions): Promise<Pipeline>;
}

const records = (op: OperationContext) => createEntityService(boundContext(op), pipelineEntity);
const prepared = (op: OperationContext) => createEntityService(boundContext(op), preparedDefinition(pipelineEntity));

/** Adds the stages to pipeline records. */
export async function withStages(op: OperationContext, pipelines: readonly PipelineRecord[]): Promise<Pipeline[]> {
  const stages = await loadStages(
    op,
    pipelines.map((p) => p.id),
  );
  return pipelines.map((p) => ({ ...p, stages: stages.get(p.id) ?? [] }));
}

/** Creates a pipeline inside `op` (also used to seed the default pipeline). */
export async function createPipelineIn(op: OperationContext, input: unknown, isDefault = false): Promise<Pipeline> {
  const { stages, ...fields } = parseInput(createPipelineSchema, input);
  const pipeline = await prepared(op).create({ ...fields, isDefault });
  const drafts = renumber(
    stages.map((s) => ({ ...s, id: op.newId("stg"), position: 0, retiredAt: null })),
    [],
  );
  await insertStages(op, pipeline.id, drafts);
  return { ...pipeline, stages: await stagesOf(op, pipeline.id) };
}

/** The id of the default pipeline. */
export async function defaultPipelineId(op: OperationContext): Promise<string> {
  const row = await salesDb(op)
    .selectFrom("sales_pipelines")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("is_default", "=", 1)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("pipeline", "default");
  return row.id;
}

async function setDefaultIn(op: OperationContext, id: string, options: WriteOptions): Promise<Pipeline> {
  const parsedId = parseInput(idSchema("pipe"), id);
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const pipelines = op.records(pipelineEntity);
  const target = await pipelines.loadForChange(parsedId, { expectedVersion });
  if (target.isDefault) return (await withStages(op, [await pipelines.shown(target)]))[0] as Pipeline;
  const current = await salesDb(op)
    .selectFrom("sales_pipelines")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("is_default", "=", 1)
    .execute();
  for (const { id: other } of current) {
    await pipelines.change(await pipelines.loadForChange(other, { allowArchived: true }), { isDefault: false });
  }
  const updated = await pipelines.shown(await pipelines.change(target, { isDefault: true }));
  return (await withStages(op, [updated]))[0] as Pipeline;
}

/** Builds the pipeline service of one scoped client. */
export function createPipelineService(ctx: ModuleContext): PipelineService {
  const one = async (op: OperationContext, record: PipelineRecord) => (await withStages(op, [record]))[0] as Pipeline;
  return {
    create: (input) => ctx.run((op) => createPipelineIn(op, input)),
    get: (id) => ctx.read(async (op) => one(op, await records(op).get(id))),
    getDefault: () =>
      ctx.read(async (op) => {
        await op.authorize("pipeline:read");
        return one(op, await records(op).get(await defaultPipelineId(op)));
      }),
    list: (options) =>
      ctx.read(async (op) => {
        const page = await records(op).list(options);
        return { items: await withStages(op, page.items), nextCursor: page.nextCursor };
      }),
    update: (id, patch, options) => ctx.run(async (op) => one(op, await records(op).update(id, patch, options))),
    archive: (id, options) =>
      ctx.run(async (op) => {
        const parsedId = parseInput(idSchema("pipe"), id);
        const pipeline = await records(op).get(parsedId);
        if (pipeline.isDefault) {
          throw invalidTransition(
            `Pipeline ${parsedId} is the default; make another pipeline the default first`,
            "default_pipeline",
            { id: parsedId },
          );
        }
        return one(op, await records(op).archive(parsedId, options));
      }),
    setDefault: (id, options = {}) => ctx.run((op) => setDefaultIn(op, id, options)),
    addStage: (pipelineId, input, options = {}) => ctx.run((op) => addStage(op, pipelineId, input, options)),
    updateStage: (pipelineId, stageKey, patch, options = {}) =>
      ctx.run((op) => updateStage(op, pipelineId, stageKey, patch, options)),
    reorderStages: (pipelineId, keys, options = {}) => ctx.run((op) => reorderStages(op, pipelineId, keys, options)),
    retireStage: (pipelineId, stageKey, options = {}) =>
      ctx.run((op) => retireStage(op, pipelineId, stageKey, options)),
  };
}
