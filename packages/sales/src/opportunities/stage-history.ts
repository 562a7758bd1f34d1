import type { OperationContext } from "@rapport/core";
import { insertRows, runCompiled } from "@rapport/core/internals";
import { salesDb } from "../database.js";

/** One visit of an opportunity to a stage: when it entered, when it left, and who moved it in. */
export interface StageVisit {
  readonly id: string;
  readonly opportunityId: string;
  readonly pipelineId: string;
  readonly stageKey: string;
  /** The stage it came from; `null` for the stage it was created in. */
  readonly fromStageKey: string | null;
  readonly enteredAt: string;
  /** `null` while the opportunity is still in the stage. */
  readonly leftAt: string | null;
  /** Who created the opportunity in, or moved it into, the stage. */
  readonly actorId: string;
}

/** The columns of a `sales_stage_history` row, in the order bulk inserts give their values. */
export const VISIT_COLUMNS = [
  "tenant_id",
  "id",
  "opportunity_id",
  "pipeline_id",
  "stage_key",
  "from_stage_key",
  "entered_at",
  "left_at",
  "actor_id",
] as const;

/** Closes the current visit (if any) and opens one for `stageKey`, at the operation's time. */
export async function recordVisit(
  op: OperationContext,
  opportunityId: string,
  pipelineId: string,
  stageKey: string,
  fromStageKey: string | null,
): Promise<void> {
  await runCompiled(op, "sales:stage-history:leave", [op.timestamp, op.tenantId, opportunityId], () =>
    salesDb(op)
      .updateTable("sales_stage_history")
      .set({ left_at: op.timestamp })
      .where("tenant_id", "=", op.tenantId)
      .where("opportunity_id", "=", opportunityId)
      .where("left_at", "is", null),
  );
  await insertRows(op, "sales_stage_history", [
    {
      tenant_id: op.tenantId,
      id: op.newId("stgv"),
      opportunity_id: opportunityId,
      pipeline_id: pipelineId,
      stage_key: stageKey,
      from_stage_key: fromStageKey,
      entered_at: op.timestamp,
      left_at: null,
      actor_id: op.actor.userId,
    },
  ]);
}

/** Every visit of the opportunity, oldest first. */
export async function visitsOf(op: OperationContext, opportunityId: string): Promise<StageVisit[]> {
  const rows = await salesDb(op)
    .selectFrom("sales_stage_history")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("opportunity_id", "=", opportunityId)
    .orderBy("entered_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    opportunityId: r.opportunity_id,
    pipelineId: r.pipeline_id,
    stageKey: r.stage_key,
    fromStageKey: r.from_stage_key,
    enteredAt: r.entered_at,
    leftAt: r.left_at,
    actorId: r.actor_id,
  }));
}
