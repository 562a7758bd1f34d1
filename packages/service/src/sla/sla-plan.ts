import { type OperationContext, runCompiled } from "@rapport/core";
import type { ServiceDb, SlaPolicyRow } from "../shared/service-tables.js";
import type { CasePriority } from "../shared/vocabulary.js";
import type { SlaTargets } from "./sla-policy-schema.js";

/** Which policy, calendar and targets a case's SLA clocks run with. */
export interface SlaPlan {
  readonly policyId: string;
  readonly calendarId: string;
  readonly warnPercent: number;
  readonly firstResponseMinutes: number;
  readonly resolutionMinutes: number;
}

/** What decides a case's SLA: its priority, and the entitlement covering it (if valid). */
export interface SlaBasis {
  readonly priority: CasePriority;
  /** The policy the covering entitlement names, if any. */
  readonly entitlementPolicyId: string | null;
  /** The covering entitlement's support-hours calendar, if any; it overrides the policy's calendar. */
  readonly supportCalendarId: string | null;
}

/**
 * Chooses the SLA for a case. Policy: the covering entitlement's policy when it names one,
 * otherwise the tenant's default policy. Targets: the policy's targets for the case's
 * priority — none means no SLA clock. Calendar: the entitlement's support hours when set,
 * otherwise the policy's calendar.
 */
export async function planSla(op: OperationContext, basis: SlaBasis): Promise<SlaPlan | null> {
  const db = op.db as ServiceDb;
  const named = basis.entitlementPolicyId;
  const {
    rows: [policy],
  } = await runCompiled<SlaPolicyRow>(
    op,
    named ? "service:sla-policy:named" : "service:sla-policy:default",
    named ? [op.tenantId, named] : [op.tenantId, 1],
    () => {
      const query = db
        .selectFrom("service_sla_policies")
        .selectAll()
        .where("tenant_id", "=", op.tenantId)
        .where("archived_at", "is", null);
      return (named ? query.where("id", "=", named) : query.where("is_default", "=", 1)).orderBy("id");
    },
  );
  if (!policy) return null;
  const target = (JSON.parse(policy.targets) as SlaTargets)[basis.priority];
  if (!target) return null;
  return {
    policyId: policy.id,
    calendarId: basis.supportCalendarId ?? policy.calendar_id,
    warnPercent: Number(policy.warning_percent),
    firstResponseMinutes: target.firstResponseMinutes,
    resolutionMinutes: target.resolutionMinutes,
  };
}
