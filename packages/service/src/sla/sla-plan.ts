import type { OperationContext } from "@rapport/core";
import { runCompiled } from "@rapport/core/internals";
import { type SlaPolicyRow, serviceDb } from "../shared/service-tables.js";
import type { CasePriority } from "../shared/vocabulary.js";
import type { SlaTargets } from "./sla-policy-schema.js";
import { type CalendarColumns, rememberSchedule } from "./sla-schedules.js";

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
  const db = serviceDb(op);
  const named = basis.entitlementPolicyId;
  // The policy's calendar comes along: the clocks are planned on it right after, unless support hours override it.
  const {
    rows: [policy],
  } = await runCompiled<SlaPolicyRow & Partial<CalendarColumns>>(
    op,
    named ? "service:sla-policy:named" : "service:sla-policy:default",
    named ? [op.tenantId, named] : [op.tenantId, 1],
    () => {
      const query = db
        .selectFrom("service_sla_policies as p")
        .leftJoin("service_business_calendars as c", (join) =>
          join.onRef("c.tenant_id", "=", "p.tenant_id").onRef("c.id", "=", "p.calendar_id"),
        )
        .selectAll("p")
        .select(["c.time_zone", "c.working_hours", "c.holidays"])
        .where("p.tenant_id", "=", op.tenantId)
        .where("p.archived_at", "is", null);
      return (named ? query.where("p.id", "=", named) : query.where("p.is_default", "=", 1)).orderBy("p.id");
    },
  );
  if (!policy) return null;
  const target = (JSON.parse(policy.targets) as SlaTargets)[basis.priority];
  if (!target) return null;
  const { time_zone, working_hours, holidays } = policy;
  if (basis.supportCalendarId === null && time_zone != null && working_hours != null && holidays != null)
    rememberSchedule(op, policy.calendar_id, { time_zone, working_hours, holidays });
  return {
    policyId: policy.id,
    calendarId: basis.supportCalendarId ?? policy.calendar_id,
    warnPercent: Number(policy.warning_percent),
    firstResponseMinutes: target.firstResponseMinutes,
    resolutionMinutes: target.resolutionMinutes,
  };
}
