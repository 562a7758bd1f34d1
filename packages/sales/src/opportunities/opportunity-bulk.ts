import {
  boundContext,
  createEntityService,
  createManyInputsSchema,
  type OperationContext,
  parseInput,
  ValidationError,
  type ValidationIssue,
} from "@rapport/core";
import { insertValues, plainInput } from "@rapport/core/internals";
import type * as z from "zod";
import { salesDb } from "../database.js";
import { nullWhenMissing } from "../internal/missing-link.js";
import { preparedDefinition } from "../internal/prepared-definition.js";
import { defaultPipelineId } from "../pipelines/pipeline-service.js";
import type { Stage } from "../pipelines/stage-schema.js";
import { loadStages } from "../pipelines/stage-store.js";
import { type Opportunity, opportunityEntity } from "./opportunity-entity.js";
import { type CreateOpportunityInput, createOpportunitySchema, plainCreateOpportunity } from "./opportunity-schema.js";
import { VISIT_COLUMNS } from "./stage-history.js";

type ParsedInput = z.output<typeof createOpportunitySchema>;

/**
 * Creates many opportunities in one transaction — the bulk path for imports: every input
 * is validated first (issue paths start with the input's index), pipelines and stages are
 * read once, and records, audit rows, events and first stage visits go in multi-row inserts.
 */
export async function createOpportunitiesIn(
  op: OperationContext,
  inputs: readonly CreateOpportunityInput[],
): Promise<Opportunity[]> {
  const list = parseInput(createManyInputsSchema, inputs);
  const issues: ValidationIssue[] = [];
  const parsed = list.map((input, index) => {
    const result = plainInput.safeParsePlain(createOpportunitySchema, plainCreateOpportunity, input);
    if (!result.success)
      issues.push(...result.error.issues.map((issue) => ({ ...issue, path: [index, ...issue.path] })));
    return result.data as ParsedInput;
  });
  if (issues.length > 0) throw new ValidationError(issues);
  await op.authorize("opportunity:create");

  const fallback = parsed.some((p) => p.pipelineId == null) ? await defaultPipelineId(op) : null;
  const pipelineOf = (p: ParsedInput) => p.pipelineId ?? (fallback as string);
  const pipelineIds = [...new Set(parsed.map(pipelineOf))];
  await assertOpenPipelines(op, pipelineIds, parsed.map(pipelineOf));
  const stages = await loadStages(op, pipelineIds);
  await assertLeads(op, parsed);

  const values = parsed.map((p, index) => {
    const pipelineId = pipelineOf(p);
    const stage = startingStage(stages.get(pipelineId) ?? [], p.stageKey ?? null, index);
    const { probability, amount } = p;
    // The parsed input is ours: completed in place, as copying a record per opportunity shows on bulk loads.
    return Object.assign(p as Record<string, unknown>, {
      amount: amount ?? (p.recurringAmount != null && p.termMonths != null ? p.recurringAmount * p.termMonths : null),
      pipelineId,
      stageKey: stage.key,
      status: "open",
      probability: probability ?? stage.probability,
      probabilitySource: probability == null ? "stage" : "manual",
      stageEnteredAt: op.timestamp,
    });
  });
  const created = (await createEntityService(boundContext(op), preparedDefinition(opportunityEntity)).createMany(
    values,
  )) as Opportunity[];
  const visits: unknown[] = [];
  for (const o of created) {
    visits.push(
      op.tenantId,
      op.newId("stgv"),
      o.id,
      o.pipelineId,
      o.stageKey,
      null,
      op.timestamp,
      null,
      op.actor.userId,
    );
  }
  await insertValues(op, "sales_stage_history", VISIT_COLUMNS, visits, 1_000);
  return created;
}

async function assertOpenPipelines(
  op: OperationContext,
  ids: readonly string[],
  perInput: readonly string[],
): Promise<void> {
  const rows = await salesDb(op)
    .selectFrom("sales_pipelines")
    .select(["id", "archived_at"])
    .where("tenant_id", "=", op.tenantId)
    .where("id", "in", [...ids])
    .execute();
  const open = new Set(rows.filter((r) => r.archived_at === null).map((r) => r.id));
  const index = perInput.findIndex((id) => !open.has(id));
  if (index >= 0)
    throw ValidationError.forField([index, "pipelineId"], `Pipeline ${perInput[index]} does not exist or is archived`);
}

async function assertLeads(op: OperationContext, parsed: readonly ParsedInput[]): Promise<void> {
  for (const [index, p] of parsed.entries()) {
    if (p.leadId == null) continue;
    const lead = await op.recordRef("lead", p.leadId).catch(nullWhenMissing);
    if (lead === null) throw ValidationError.forField([index, "leadId"], `Lead ${p.leadId} does not exist`);
  }
}

function startingStage(stages: readonly Stage[], key: string | null, index: number): Stage {
  const stage =
    key === null ? stages.find((s) => s.kind === "open" && s.retiredAt === null) : stages.find((s) => s.key === key);
  if (!stage) throw ValidationError.forField([index, "stageKey"], `The pipeline has no stage "${key}"`);
  if (stage.retiredAt !== null)
    throw ValidationError.forField([index, "stageKey"], `Stage "${stage.key}" is retired and takes no opportunities`);
  if (stage.kind !== "open") {
    throw ValidationError.forField(
      [index, "stageKey"],
      "Opportunities start in an open stage; close them with win or lose",
    );
  }
  return stage;
}
