import type { JobDefinition, OperationContext } from "@rapport/core";
import { loadCase, writeCase } from "../cases/case-writer.js";
import { escalateOnBreach } from "../complaints/escalation.js";
import type { ServiceDb } from "../shared/service-tables.js";
import { loadClocks, summarise } from "./case-sla.js";

/**
 * Fires what is due in one tenant at `now`: `case.sla_warning` for clocks past their warning
 * point, then `case.sla_breached` for clocks past their due date. Each is claimed with a
 * conditional UPDATE (`… WHERE warned_at IS NULL`), so concurrent runs fire each event once.
 * The case row is locked first, in the same order as the case verbs, so the two cannot deadlock.
 */
export async function fireDueSlaEvents(op: OperationContext, now: string): Promise<number> {
  const db = op.db as ServiceDb;
  let handled = 0;
  const warnings = await db
    .selectFrom("service_case_slas as s")
    .innerJoin("service_cases as c", (join) =>
      join.onRef("c.tenant_id", "=", "s.tenant_id").onRef("c.id", "=", "s.case_id"),
    )
    .select(["s.case_id", "s.metric", "s.due_at", "s.target_minutes"])
    .where("s.tenant_id", "=", op.tenantId)
    .where("c.archived_at", "is", null)
    .where("s.clock", "=", "running")
    .where("s.warned_at", "is", null)
    .where("s.warn_at", "<=", now)
    .orderBy("s.warn_at")
    .orderBy("s.case_id")
    .execute();
  for (const due of warnings) {
    if (!(await lockCase(op, due.case_id))) continue;
    const claimed = await db
      .updateTable("service_case_slas")
      .set({ warned_at: op.timestamp, warn_at: null })
      .where("tenant_id", "=", op.tenantId)
      .where("case_id", "=", due.case_id)
      .where("metric", "=", due.metric)
      .where("clock", "=", "running")
      .where("warned_at", "is", null)
      .where("warn_at", "<=", now)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    op.emit("case.sla_warning", {
      id: due.case_id,
      metric: due.metric,
      dueAt: due.due_at,
      targetMinutes: Number(due.target_minutes),
    });
    handled += 1;
  }

  const breaches = await db
    .selectFrom("service_case_slas as s")
    .innerJoin("service_cases as c", (join) =>
      join.onRef("c.tenant_id", "=", "s.tenant_id").onRef("c.id", "=", "s.case_id"),
    )
    .select(["s.case_id", "s.metric", "s.due_at", "s.target_minutes"])
    .where("s.tenant_id", "=", op.tenantId)
    .where("c.archived_at", "is", null)
    .where("s.clock", "=", "running")
    .where("s.breached_at", "is", null)
    .where("s.due_at", "<=", now)
    .orderBy("s.due_at")
    .orderBy("s.case_id")
    .execute();
  for (const due of breaches) {
    if (!(await lockCase(op, due.case_id))) continue;
    const claimed = await db
      .updateTable("service_case_slas")
      .set({ breached_at: op.timestamp })
      .where("tenant_id", "=", op.tenantId)
      .where("case_id", "=", due.case_id)
      .where("metric", "=", due.metric)
      .where("clock", "=", "running")
      .where("breached_at", "is", null)
      .where("due_at", "<=", now)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    op.emit("case.sla_breached", {
      id: due.case_id,
      metric: due.metric,
      dueAt: due.due_at,
      targetMinutes: Number(due.target_minutes),
    });
    handled += 1;
    // The case row carries the SLA summary, so lists can show breached cases.
    const row = await loadCase(op, due.case_id);
    const written = await writeCase(op, row, await summarise(op, await loadClocks(op, row.id)), "sla_breach");
    await escalateOnBreach(op, written);
  }
  return handled;
}

/** Locks the case row; `false` when the case was archived meanwhile (its clocks no longer fire). */
async function lockCase(op: OperationContext, caseId: string): Promise<boolean> {
  let query = (op.db as ServiceDb)
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
