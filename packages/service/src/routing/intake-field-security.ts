import type { OperationContext } from "@rapport/core";
import type { IntakeResult } from "./intake-service.js";

/**
 * An intake's result as the actor may see it: the queue and agent it routed a case to are
 * that case's `queueId` and `ownerId`, so each is left out when the actor's roles hide
 * that case field.
 */
export async function shownIntake(op: OperationContext, result: IntakeResult): Promise<IntakeResult> {
  if (result.caseId === null) return result;
  const policy = await op.policy();
  if (!policy.hasFieldRules(op.actor, "case")) return result;
  const copy = { ...result } as Record<string, unknown>;
  if (policy.fieldAccess(op.actor, "case", "queueId") === "hidden") delete copy.queueId;
  if (policy.fieldAccess(op.actor, "case", "ownerId") === "hidden") delete copy.agentId;
  return copy as unknown as IntakeResult;
}
