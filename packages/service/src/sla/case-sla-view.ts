import type { OperationContext } from "@rapport/core";
import type { CaseSla } from "./case-sla.js";

/** Each part of a case's SLA and the case fields that show the same facts. */
const SLA_PARTS = {
  policyId: ["slaPolicyId"],
  firstResponse: ["firstResponseDueAt", "firstResponseStatus"],
  resolution: ["resolutionDueAt", "resolutionStatus", "slaElapsedMinutes"],
} as const satisfies Partial<Record<keyof CaseSla, readonly string[]>>;

/**
 * A case's SLA as the actor may see it: a part whose case fields their roles hide is left
 * out (the policy, or a clock with its due time, status and elapsed minutes), so
 * `cases.sla(id)` tells no more than `cases.get(id)`.
 */
export async function shownCaseSla(op: OperationContext, sla: CaseSla): Promise<CaseSla> {
  const policy = await op.policy();
  if (!policy.hasFieldRules(op.actor, "case")) return sla;
  const hidden = (field: string) => policy.fieldAccess(op.actor, "case", field) === "hidden";
  const copy = { ...sla } as Record<string, unknown>;
  for (const [part, fields] of Object.entries(SLA_PARTS)) if (fields.some(hidden)) delete copy[part];
  return copy as unknown as CaseSla;
}
