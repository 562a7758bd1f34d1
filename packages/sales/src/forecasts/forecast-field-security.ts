import type { OperationContext } from "@rapport/core";
import type { Forecast } from "./forecast-service.js";

/** The figures that are sums of opportunity amounts (and the gap to quota made from one). */
const AMOUNT_FIGURES = ["pipeline", "weighted", "commit", "bestCase", "wonToDate", "quotaGap"] as const;

/**
 * The forecast as the actor may see it: with `opportunity.amount` hidden every sum of
 * amounts is left out, with `quota.target` hidden the quota and the gap to it; the count
 * of open deals and of unconverted ones stays.
 */
export async function shownForecast(op: OperationContext, forecast: Forecast): Promise<Forecast> {
  const policy = await op.policy();
  const hides = (entityType: string, field: string) => policy.fieldAccess(op.actor, entityType, field) === "hidden";
  const left: string[] = [];
  if (hides("opportunity", "amount")) left.push(...AMOUNT_FIGURES);
  if (hides("quota", "target")) left.push("quota", "quotaGap");
  if (left.length === 0) return forecast;
  const copy = { ...forecast } as Record<string, unknown>;
  for (const key of left) delete copy[key];
  return copy as unknown as Forecast;
}
