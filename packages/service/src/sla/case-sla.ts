import type { ChangeEvent, OperationContext } from "@rapport/core";
import { insertRows } from "@rapport/core/internals";
import { serviceDb } from "../shared/service-tables.js";
import type { SlaMetric, SlaStatus } from "../shared/vocabulary.js";
import { completeClock, elapsedSeconds, type SlaClock, startClock, statusOf } from "./sla-clocks.js";
import type { SlaPlan } from "./sla-plan.js";
import { loadSchedule } from "./sla-schedules.js";

/** One SLA clock of a case as `service.cases.sla(id)` reports it, live at the clock's time. */
export interface SlaClockStatus {
  readonly metric: SlaMetric;
  readonly status: SlaStatus;
  readonly targetMinutes: number;
  /** When the target is reached; `null` while paused. Kept after the clock stops. */
  readonly dueAt: string | null;
  /** Business minutes counted so far (paused time excluded). */
  readonly elapsedMinutes: number;
  readonly calendarId: string;
  readonly warnedAt: string | null;
  readonly breachedAt: string | null;
  /** When the response was given or the case resolved; `null` while counting. */
  readonly completedAt: string | null;
}

/** A case's SLA: the policy and its two clocks (absent when the policy sets no target for the priority). */
export interface CaseSla {
  readonly caseId: string;
  readonly policyId: string | null;
  readonly firstResponse: SlaClockStatus | null;
  readonly resolution: SlaClockStatus | null;
}

/** The SLA fields stored on the case, so lists can filter and sort by them. */
export interface SlaSummary {
  slaPolicyId: string | null;
  firstResponseDueAt: string | null;
  firstResponseStatus: SlaStatus | null;
  resolutionDueAt: string | null;
  resolutionStatus: SlaStatus | null;
  slaElapsedMinutes: number;
}

/** The summary of a case without SLA clocks. */
export const NO_SLA_SUMMARY: SlaSummary = Object.freeze({
  slaPolicyId: null,
  firstResponseDueAt: null,
  firstResponseStatus: null,
  resolutionDueAt: null,
  resolutionStatus: null,
  slaElapsedMinutes: 0,
});

/** What stopping clocks did: the case's new SLA summary and the breaches it claimed. */
export interface CompletedClocks {
  readonly summary: SlaSummary;
  /** `case.sla_breached` for each clock this call recorded as breached, for the case change to carry. */
  readonly breaches: readonly ChangeEvent[];
}

/** The case's clocks, in metric order. */
export async function loadClocks(op: OperationContext, caseId: string): Promise<SlaClock[]> {
  const rows = await serviceDb(op)
    .selectFrom("service_case_slas")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("case_id", "=", caseId)
    .orderBy("metric")
    .execute();
  return rows.map(({ tenant_id: _t, case_id: _c, ...clock }) => clock);
}

/** The case's summary of a set of clocks at the operation's time. */
export async function summarise(op: OperationContext, clocks: readonly SlaClock[]): Promise<SlaSummary> {
  const summary: SlaSummary = { ...NO_SLA_SUMMARY };
  for (const clock of clocks) {
    summary.slaPolicyId = clock.policy_id;
    if (clock.metric === "first_response") {
      summary.firstResponseDueAt = clock.due_at;
      summary.firstResponseStatus = statusOf(clock);
    } else {
      summary.resolutionDueAt = clock.due_at;
      summary.resolutionStatus = statusOf(clock);
      const schedule = await loadSchedule(op, clock.calendar_id);
      summary.slaElapsedMinutes = Math.floor(elapsedSeconds(clock, schedule, op.now) / 60);
    }
  }
  return summary;
}

/** Clocks for a new case, starting now; none without a plan. */
export async function plannedClocks(op: OperationContext, plan: SlaPlan | null): Promise<SlaClock[]> {
  if (!plan) return [];
  const schedule = await loadSchedule(op, plan.calendarId);
  return [startClock("first_response", plan, schedule, op.now), startClock("resolution", plan, schedule, op.now)];
}

/** Stores new clocks of a case. */
export async function insertClocks(op: OperationContext, caseId: string, clocks: readonly SlaClock[]): Promise<void> {
  if (clocks.length === 0) return;
  await insertRows(
    op,
    "service_case_slas",
    clocks.map((clock) => ({ ...clock, tenant_id: op.tenantId, case_id: caseId })),
  );
}

async function saveClock(op: OperationContext, caseId: string, clock: SlaClock): Promise<void> {
  const { metric, breached_at: _b, warned_at: _w, ...changes } = clock;
  await serviceDb(op)
    .updateTable("service_case_slas")
    .set(changes)
    .where("tenant_id", "=", op.tenantId)
    .where("case_id", "=", caseId)
    .where("metric", "=", metric)
    .execute();
}

/**
 * Records a breach of one clock if nobody has yet: a conditional UPDATE, so the job and a
 * resolving agent cannot both fire `case.sla_breached`. Returns whether this call claimed it.
 */
async function claimBreach(op: OperationContext, caseId: string, clock: SlaClock): Promise<boolean> {
  const result = await serviceDb(op)
    .updateTable("service_case_slas")
    .set({ breached_at: op.timestamp })
    .where("tenant_id", "=", op.tenantId)
    .where("case_id", "=", caseId)
    .where("metric", "=", clock.metric)
    .where("breached_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The `case.sla_warning` or `case.sla_breached` event of a clock that reached that milestone. */
export function clockEvent(
  type: "case.sla_warning" | "case.sla_breached",
  caseId: string,
  clock: Pick<SlaClock, "metric" | "due_at" | "target_minutes">,
): ChangeEvent {
  return {
    type,
    data: { id: caseId, metric: clock.metric, dueAt: clock.due_at, targetMinutes: Number(clock.target_minutes) },
  };
}

/**
 * Applies `change` to the case's clocks of `metrics` (all when omitted), stores what changed
 * and returns the case's new summary. The caller holds the case row's lock.
 */
export async function changeClocks(
  op: OperationContext,
  caseId: string,
  change: (clock: SlaClock, schedule: Awaited<ReturnType<typeof loadSchedule>>) => SlaClock,
  metrics: readonly SlaMetric[] = ["first_response", "resolution"],
): Promise<SlaSummary> {
  const clocks = await loadClocks(op, caseId);
  const next: SlaClock[] = [];
  for (const clock of clocks) {
    if (!metrics.includes(clock.metric as SlaMetric)) {
      next.push(clock);
      continue;
    }
    const changed = change(clock, await loadSchedule(op, clock.calendar_id));
    if (changed !== clock) await saveClock(op, caseId, changed);
    next.push(changed);
  }
  return summarise(op, next);
}

/**
 * Stops the clocks of `metrics` for good; a clock over its target is recorded as breached
 * (once), and its `case.sla_breached` event returned for the case's change to emit.
 */
export async function completeClocks(
  op: OperationContext,
  caseId: string,
  metrics: readonly SlaMetric[],
): Promise<CompletedClocks> {
  const clocks = await loadClocks(op, caseId);
  const next: SlaClock[] = [];
  const breaches: ChangeEvent[] = [];
  for (const clock of clocks) {
    if (!metrics.includes(clock.metric as SlaMetric) || clock.clock === "stopped") {
      next.push(clock);
      continue;
    }
    const done = completeClock(clock, await loadSchedule(op, clock.calendar_id), op.now);
    await saveClock(op, caseId, done.clock);
    const breached = done.breach && (await claimBreach(op, caseId, done.clock));
    if (breached) breaches.push(clockEvent("case.sla_breached", caseId, done.clock));
    next.push(breached ? { ...done.clock, breached_at: op.timestamp } : done.clock);
  }
  return { summary: await summarise(op, next), breaches };
}

/** The live SLA status of a case. */
export async function readCaseSla(op: OperationContext, caseId: string): Promise<CaseSla> {
  const clocks = await loadClocks(op, caseId);
  const statuses: SlaClockStatus[] = [];
  for (const clock of clocks) {
    const schedule = await loadSchedule(op, clock.calendar_id);
    statuses.push({
      metric: clock.metric as SlaMetric,
      status: statusOf(clock),
      targetMinutes: Number(clock.target_minutes),
      dueAt: clock.due_at,
      elapsedMinutes: Math.floor(elapsedSeconds(clock, schedule, op.now) / 60),
      calendarId: clock.calendar_id,
      warnedAt: clock.warned_at,
      breachedAt: clock.breached_at,
      completedAt: clock.completed_at,
    });
  }
  return {
    caseId,
    policyId: clocks[0]?.policy_id ?? null,
    firstResponse: statuses.find((s) => s.metric === "first_response") ?? null,
    resolution: statuses.find((s) => s.metric === "resolution") ?? null,
  };
}
