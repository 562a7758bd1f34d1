import type { OperationContext } from "@rapport/core";
import type { MemberAttainment, QuotaAttainment } from "./quota-attainment.js";

/**
 * The attainment as the actor may see it. What is made of a hidden field is left out:
 * with `quota.target` hidden the target, what remains and the percentage (and members'
 * own targets); for a revenue quota with `opportunity.amount` hidden what was achieved,
 * what remains and the percentage (and members' achievements); the quota's own hidden
 * fields (`measure`, `currency`, the period). Counts of deals stay.
 */
export async function shownAttainment(op: OperationContext, attainment: QuotaAttainment): Promise<QuotaAttainment> {
  const policy = await op.policy();
  const hides = (entityType: string, field: string) => policy.fieldAccess(op.actor, entityType, field) === "hidden";
  const left = new Set<string>();
  const memberLeft = new Set<string>();
  if (hides("quota", "target")) {
    for (const key of ["target", "remaining", "attainmentPercent"]) left.add(key);
    memberLeft.add("target");
  }
  if (attainment.measure === "revenue" && hides("opportunity", "amount")) {
    for (const key of ["achieved", "remaining", "attainmentPercent"]) left.add(key);
    memberLeft.add("achieved");
  }
  if (hides("quota", "measure")) left.add("measure");
  if (hides("quota", "currency")) left.add("currency");
  if (["periodType", "periodStart", "periodEnd"].some((field) => hides("quota", field))) left.add("period");
  if (left.size === 0 && memberLeft.size === 0) return attainment;
  const copy = { ...attainment } as Record<string, unknown>;
  for (const key of left) delete copy[key];
  copy.members = attainment.members.map((member) => {
    const part = { ...member } as Record<string, unknown>;
    for (const key of memberLeft) delete part[key];
    return part as unknown as MemberAttainment;
  });
  return copy as unknown as QuotaAttainment;
}
