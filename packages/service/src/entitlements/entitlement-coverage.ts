import { InvalidTransitionError, type OperationContext, ValidationError } from "@rapport/core";
import { runCompiled } from "@rapport/core/internals";
import { localDateOf } from "../calendars/business-time.js";
import { type EntitlementRow, serviceDb } from "../shared/service-tables.js";
import type { EntitlementStatus } from "../shared/vocabulary.js";

/** The entitlement a case falls under and how it stands. */
export interface Coverage {
  readonly entitlement: EntitlementRow | null;
  readonly status: EntitlementStatus;
}

/** What decides coverage: the case's account and product, or an entitlement named outright. */
export interface CoverageQuery {
  readonly accountId: string | null;
  readonly productId: string | null;
  readonly entitlementId: string | null;
}

function hasUnitsLeft(row: EntitlementRow): boolean {
  const total = row.units_total === null ? null : Number(row.units_total);
  if (row.unit_kind === "incidents") return total !== null && Number(row.incidents_used) < total;
  if (row.unit_kind === "hours") return total !== null && Number(row.minutes_used) < total * 60;
  return true;
}

/** How an entitlement stands on `today`: dates first, then units. */
export function statusOn(row: EntitlementRow, today: string): EntitlementStatus {
  if (today > row.end_date || today < row.start_date) return "expired";
  return hasUnitsLeft(row) ? "covered" : "exhausted";
}

/**
 * Finds the entitlement a new case falls under. Named outright, it MUST belong to the case's
 * account and have started. Otherwise, among the account's entitlements that have started
 * and cover the case's product (or all products): product-specific before account-wide,
 * in date before expired, units left before exhausted, the latest end date first. A case
 * whose best match is expired or exhausted is still created, and flagged.
 */
export async function findCoverage(op: OperationContext, query: CoverageQuery, timeZone: string): Promise<Coverage> {
  const db = serviceDb(op);
  const today = localDateOf(timeZone, op.now);
  if (query.entitlementId !== null) {
    const row = await db
      .selectFrom("service_entitlements")
      .selectAll()
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", query.entitlementId)
      .executeTakeFirst();
    if (!row || row.archived_at !== null)
      throw ValidationError.forField(["entitlementId"], `Unknown entitlement ${query.entitlementId}`);
    if (row.account_id !== query.accountId)
      throw ValidationError.forField(["entitlementId"], "The entitlement belongs to another account");
    if (row.product_id !== null && row.product_id !== query.productId)
      throw ValidationError.forField(["entitlementId"], "The entitlement covers another product");
    if (today < row.start_date)
      throw ValidationError.forField(["entitlementId"], `The entitlement starts on ${row.start_date}`);
    return { entitlement: row, status: statusOn(row, today) };
  }
  if (query.accountId === null) return { entitlement: null, status: "none" };
  const accountId = query.accountId;
  const product = query.productId;
  const { rows } = await runCompiled<EntitlementRow>(
    op,
    product === null ? "service:coverage:account" : "service:coverage:product",
    product === null ? [op.tenantId, accountId, today] : [op.tenantId, accountId, today, product],
    () => {
      const candidates = db
        .selectFrom("service_entitlements")
        .selectAll()
        .where("tenant_id", "=", op.tenantId)
        .where("account_id", "=", accountId)
        .where("archived_at", "is", null)
        .where("start_date", "<=", today);
      return product === null
        ? candidates.where("product_id", "is", null)
        : candidates.where((eb) => eb.or([eb("product_id", "is", null), eb("product_id", "=", product)]));
    },
  );
  const rank = (row: EntitlementRow) => [
    row.product_id === null ? 1 : 0,
    today > row.end_date ? 1 : 0,
    hasUnitsLeft(row) ? 0 : 1,
  ];
  rows.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return (ra[i] ?? 0) - (rb[i] ?? 0);
    return b.end_date.localeCompare(a.end_date) || a.id.localeCompare(b.id);
  });
  const best = rows[0];
  return best ? { entitlement: best, status: statusOn(best, today) } : { entitlement: null, status: "none" };
}

/**
 * Uses one incident of a covered entitlement with a conditional UPDATE, so concurrent cases
 * cannot overdraw it. Returns `false` when none was left (the case is then flagged exhausted).
 */
export async function useIncident(op: OperationContext, entitlement: EntitlementRow): Promise<boolean> {
  if (entitlement.unit_kind !== "incidents") return true;
  const total = Number(entitlement.units_total);
  const result = await runCompiled(op, "service:use-incident", [1, op.tenantId, entitlement.id, total], () =>
    serviceDb(op)
      .updateTable("service_entitlements")
      .set((eb) => ({ incidents_used: eb("incidents_used", "+", 1) }))
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", entitlement.id)
      .where("incidents_used", "<", total),
  );
  return Number(result.numAffectedRows ?? 0) === 1;
}

/**
 * Adds logged minutes to an hours entitlement. Returns how the entitlement stands after it.
 * Time can be logged past the allowance (the work was done); later cases are flagged.
 */
export async function useMinutes(
  op: OperationContext,
  entitlementId: string,
  minutes: number,
  timeZone: string,
): Promise<EntitlementStatus> {
  const db = serviceDb(op);
  const row = await db
    .selectFrom("service_entitlements")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", entitlementId)
    .executeTakeFirst();
  if (!row) throw new InvalidTransitionError(`Entitlement ${entitlementId} no longer exists`);
  if (row.unit_kind !== "hours") return statusOn(row, localDateOf(timeZone, op.now));
  await db
    .updateTable("service_entitlements")
    .set((eb) => ({ minutes_used: eb("minutes_used", "+", minutes) }))
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", entitlementId)
    .execute();
  return statusOn({ ...row, minutes_used: Number(row.minutes_used) + minutes }, localDateOf(timeZone, op.now));
}
