import type { JobDefinition, OperationContext } from "@rapport/core";
import { loadCase } from "../cases/case-records.js";
import { serviceDb, UNRESOLVED_STATUSES } from "../shared/service-tables.js";
import { type ComplaintSeverity, ESCALATION_LEVELS, type EscalationLevel, rankOf } from "../shared/vocabulary.js";
import { escalateCase, matchingRules } from "./escalation.js";

/**
 * Applies `aged` escalation rules in one tenant: every unresolved complaint received at
 * least `afterMinutes` before `now`, below the rule's level, is raised to it. Safe to repeat
 * and to run concurrently: the raise re-checks the level on the locked row.
 */
export async function runAgedEscalations(op: OperationContext, now: Date): Promise<number> {
  const db = serviceDb(op);
  let handled = 0;
  for (const rule of await matchingRules(op, "aged", null)) {
    const target = rule.to_level as EscalationLevel;
    const below = ESCALATION_LEVELS.filter(
      (level) => rankOf(ESCALATION_LEVELS, level) < rankOf(ESCALATION_LEVELS, target),
    );
    const severities = JSON.parse(rule.severities) as ComplaintSeverity[];
    const threshold = new Date(now.getTime() - Number(rule.after_minutes) * 60_000).toISOString();
    let query = db
      .selectFrom("service_cases")
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where("type", "=", "complaint")
      .where("status", "in", [...UNRESOLVED_STATUSES])
      .where("archived_at", "is", null)
      .where("created_at", "<=", threshold)
      .where("escalation_level", "in", below);
    if (severities.length > 0) query = query.where("severity", "in", severities);
    for (const { id } of await query.orderBy("created_at").orderBy("id").execute()) {
      // The job authorised nothing: it acts for the tenant, on the rules' say.
      const record = await loadCase(op, id, { authorize: false });
      const raised = await escalateCase(op, record, {
        level: target,
        queueId: rule.queue_id,
        reason: `Unresolved after ${rule.after_minutes} minutes: rule "${rule.name}"`,
        ruleId: rule.id,
      });
      if (raised) handled += 1;
    }
  }
  return handled;
}

/** `crm.jobs.runDue()` work: time-based complaint escalation in every tenant. */
export const complaintEscalationJob: JobDefinition = {
  name: "service.complaint_escalation",
  async run(ctx) {
    let handled = 0;
    for (const tenantId of await ctx.tenantIds())
      handled += await ctx.run(tenantId, (op) => runAgedEscalations(op, ctx.now));
    return handled;
  },
};
