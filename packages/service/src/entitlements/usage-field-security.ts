import type { OperationContext } from "@rapport/core";
import type { EntitlementUsage } from "./entitlement-service.js";

/** Each usage figure and the entitlement fields it is made of (`unitsUsed` by the unit: incidents or minutes). */
function figureFields(usage: EntitlementUsage): Record<string, readonly string[]> {
  const used = usage.unitKind === "hours" ? "minutesUsed" : "incidentsUsed";
  return {
    unitKind: ["unitKind"],
    unitsTotal: ["unitsTotal"],
    unitsUsed: [used],
    unitsRemaining: ["unitsTotal", used],
    status: ["startDate", "endDate", "unitsTotal", used],
  };
}

/**
 * An entitlement's usage as the actor may see it: a figure made of a field their roles
 * hide is left out, so `usage(id)` tells no more than `get(id)`.
 */
export async function shownUsage(op: OperationContext, usage: EntitlementUsage): Promise<EntitlementUsage> {
  const policy = await op.policy();
  if (!policy.hasFieldRules(op.actor, "entitlement")) return usage;
  const hidden = (field: string) => policy.fieldAccess(op.actor, "entitlement", field) === "hidden";
  const copy = { ...usage } as Record<string, unknown>;
  for (const [figure, fields] of Object.entries(figureFields(usage))) if (fields.some(hidden)) delete copy[figure];
  return copy as unknown as EntitlementUsage;
}
