import type { OperationContext } from "@rapport/core";
import type { PartnerPerformance } from "./partner-performance.js";

/** Each figure and the entity field it is made of. */
const FIGURE_FIELDS = {
  accountId: ["partner", "accountId"],
  partnerType: ["partner", "partnerType"],
  tier: ["partner", "tier"],
  wonRevenue: ["opportunity", "amount"],
  orderRevenue: ["order", "netTotal"],
} as const satisfies Partial<Record<keyof PartnerPerformance, readonly [string, string]>>;

/**
 * Partner performance as the actor may see it: a figure made of a field their roles hide
 * is left out (won revenue with `opportunity.amount`, order revenue with `order.netTotal`,
 * the partner's own fields), counts stay. Without won revenue the rows are in partner id
 * order, since a ranking by it would tell what it hides.
 */
export async function shownPerformance(
  op: OperationContext,
  rows: readonly PartnerPerformance[],
): Promise<PartnerPerformance[]> {
  const policy = await op.policy();
  const hidden = Object.entries(FIGURE_FIELDS)
    .filter(([, [entityType, field]]) => policy.fieldAccess(op.actor, entityType, field) === "hidden")
    .map(([key]) => key);
  if (hidden.length === 0) return [...rows];
  const shown = rows.map((row) => {
    const copy = { ...row } as Record<string, unknown>;
    for (const key of hidden) delete copy[key];
    return copy as unknown as PartnerPerformance;
  });
  if (hidden.includes("wonRevenue")) shown.sort((a, b) => (a.partnerId < b.partnerId ? -1 : 1));
  return shown;
}
