import type { ChangeEvent, JobDefinition, OperationContext } from "@rapport/core";
import { caseEntity } from "../cases/case-entity.js";
import { loadCase } from "../cases/case-records.js";
import { escalateOnBreach } from "../complaints/escalation.js";
import { serviceDb } from "../shared/service-tables.js";
import { clockEvent, loadClocks, summarise } from "./case-sla.js";

/**
 * Fires what is due in one tenant at `now`: `case.sla_warning` for clocks past their warning
 * point, then `case.sla_breached` for clocks past their due date. Each is claimed with a
 * conditional UPDATE (`… WHERE warned_at IS NULL`), so concurrent runs fire each event once.
 * The case row is locked first, in the same order as the case verbs, so the two cannot deadlock.
 */
export async function fireDueSlaEvents(op: OperationContext, now: string): Promise<number> {
  const warnings = await claimDue(op, now, "warning");
  // Not a record change: a warning stamps the clock row (not a record) and changes no case field.
  for (const { event } of warnings) op.emit(event.type, event.data);
  const breaches = await claimDue(op, now, "breach");
  const byCase = new Map<string, ChangeEvent[]>();
  for (const { caseId, event } of breaches) byCase.set(caseId, [...(byCase.get(caseId) ?? []), event]);
  for (const [caseId, events] of byCase) {
    // The case carries the SLA summary, so lists can show breached cases; a claimed breach
    // always changes it (a status becomes `breached`), so the change carries the events.
    const record = await loadCase(op, caseId, { authorize: false });
    const summary = await summarise(op, await loadClocks(op, caseId));
    const written = await op.records(caseEntity).change(record, summary, {
      action: "sla_breach",
      events: () => events,
    });
    await escalateOnBreach(op, written);
  }
  return warnings.length + breaches.length;
}

/** A milestone of one clock this run claimed. */
interface Claim {
  readonly caseId: string;
  readonly event: ChangeEvent;
}

/** The two milestones of an SLA clock: the column that says when, the stamp that says it fired, the event. */
const MILESTONES = {
  warning: { at: "warn_at", stamp: "warned_at", event: "case.sla_warning" },
  breach: { at: "due_at", stamp: "breached_at", event: "case.sla_breached" },
} as const;

/**
 * Claims the running clocks of this tenant whose `milestone` is due at `now`, one by one:
 * lock the case, stamp the clock with a conditional UPDATE, and return each clock it changed
 * with its event (the caller emits them).
 */
async function claimDue(op: OperationContext, now: string, milestone: keyof typeof MILESTONES): Promise<Claim[]> {
  const { at, stamp, event } = MILESTONES[milestone];
  const db = serviceDb(op);
  const due = await db
    .selectFrom("service_case_slas as s")
    .innerJoin("service_cases as c", (join) =>
      join.onRef("c.tenant_id", "=", "s.tenant_id").onRef("c.id", "=", "s.case_id"),
    )
    .select(["s.case_id", "s.metric", "s.due_at", "s.target_minutes"])
    .where("s.tenant_id", "=", op.tenantId)
    .where("c.archived_at", "is", null)
    .where("s.clock", "=", "running")
    .where(`s.${stamp}`, "is", null)
    .where(`s.${at}`, "<=", now)
    .orderBy(`s.${at}`)
    .orderBy("s.case_id")
    .execute();
  const claimed: Claim[] = [];
  for (const clock of due) {
    if (!(await lockCase(op, clock.case_id))) continue;
    // A fired warning also clears warn_at: the clock has no warning left to fire.
    const set = milestone === "warning" ? { warned_at: op.timestamp, warn_at: null } : { breached_at: op.timestamp };
    const result = await db
      .updateTable("service_case_slas")
      .set(set)
      .where("tenant_id", "=", op.tenantId)
      .where("case_id", "=", clock.case_id)
      .where("metric", "=", clock.metric)
      .where("clock", "=", "running")
      .where(stamp, "is", null)
      .where(at, "<=", now)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) continue;
    claimed.push({ caseId: clock.case_id, event: clockEvent(event, clock.case_id, clock) });
  }
  return claimed;
}

/** Locks the case row; `false` when the case was archived meanwhile (its clocks no longer fire). */
async function lockCase(op: OperationContext, caseId: string): Promise<boolean> {
  let query = serviceDb(op)
    .selectFrom("service_cases")
    .select("archived_at")
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", caseId);
  if (op.adapter.capabilities.rowLocking) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row !== undefined && row.archived_at === null;
}

/** `crm.jobs.runDue()` work: SLA warnings and breaches in every tenant. */
export const slaTimersJob: JobDefinition = {
  name: "service.sla_timers",
  async run(ctx) {
    const now = ctx.now.toISOString();
    let handled = 0;
    for (const tenantId of await ctx.tenantIds()) handled += await ctx.run(tenantId, (op) => fireDueSlaEvents(op, now));
    return handled;
  },
};
