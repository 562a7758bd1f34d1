import type { OperationContext } from "@rapport/core";
import { type Case, type CaseChanges, caseEntity } from "../cases/case-entity.js";
import { pickAgent, requireQueue } from "../queues/queue-service.js";
import { type EscalationRuleRow, serviceDb } from "../shared/service-tables.js";
import { type ComplaintSeverity, ESCALATION_LEVELS, type EscalationLevel, rankOf } from "../shared/vocabulary.js";
import type { EscalationTrigger } from "./escalation-rule-schema.js";

/** Where an escalation takes a complaint, and why. */
export interface EscalationTarget {
  readonly level: EscalationLevel;
  readonly queueId: string | null;
  readonly reason: string;
  /** The rule that raised it; `null` when done by hand. */
  readonly ruleId: string | null;
}

/** The active rules of a trigger that apply to a severity, strongest (highest level) first. */
export async function matchingRules(
  op: OperationContext,
  trigger: EscalationTrigger,
  severity: ComplaintSeverity | null,
): Promise<EscalationRuleRow[]> {
  const rows = await serviceDb(op)
    .selectFrom("service_escalation_rules")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("trigger", "=", trigger)
    .where("active", "=", 1)
    .where("archived_at", "is", null)
    .orderBy("id")
    .execute();
  return rows
    .filter((rule) => {
      const severities = JSON.parse(rule.severities) as ComplaintSeverity[];
      return severities.length === 0 || (severity !== null && severities.includes(severity));
    })
    .sort(
      (a, b) =>
        rankOf(ESCALATION_LEVELS, b.to_level as EscalationLevel) -
        rankOf(ESCALATION_LEVELS, a.to_level as EscalationLevel),
    );
}

function targetOf(rule: EscalationRuleRow, why: string): EscalationTarget {
  return {
    level: rule.to_level as EscalationLevel,
    queueId: rule.queue_id,
    reason: `${why}: rule "${rule.name}"`,
    ruleId: rule.id,
  };
}

/** The level (and queue) a new complaint starts at: `agent`, unless a `created` rule raises it. */
export async function creationEscalation(op: OperationContext, severity: ComplaintSeverity): Promise<EscalationTarget> {
  const [rule] = await matchingRules(op, "created", severity);
  return rule ? targetOf(rule, "Escalated on arrival") : { level: "agent", queueId: null, reason: "", ruleId: null };
}

/**
 * Raises a loaded (locked) complaint to `target.level`, moving it to the target's queue and
 * handing it to that queue's next agent. Returns `null`, changing nothing, when the complaint
 * is already at that level or higher — which makes rule runs safe to repeat.
 */
export async function escalateCase(op: OperationContext, record: Case, target: EscalationTarget): Promise<Case | null> {
  const current = record.escalationLevel ?? "agent";
  if (rankOf(ESCALATION_LEVELS, target.level) <= rankOf(ESCALATION_LEVELS, current)) return null;
  const changes: CaseChanges = { escalationLevel: target.level };
  if (target.queueId !== null && target.queueId !== record.queueId) {
    const queue = await requireQueue(op, target.queueId, ["queueId"], { forHandOut: true });
    changes.queueId = queue.id;
    changes.ownerId = await pickAgent(op, queue);
  }
  return op.records(caseEntity).change(record, changes, {
    action: "escalate",
    events: (after) => [
      {
        type: "case.escalated",
        data: { id: after.id, from: current, to: target.level, reason: target.reason, ruleId: target.ruleId },
      },
      ...(changes.queueId === undefined
        ? []
        : [
            {
              type: "case.assigned",
              data: { id: after.id, queueId: after.queueId, agentId: after.ownerId, previousAgentId: record.ownerId },
            },
          ]),
    ],
  });
}

/** Applies `sla_breached` rules to a complaint whose SLA clock just broke. */
export async function escalateOnBreach(op: OperationContext, record: Case): Promise<Case | null> {
  if (record.type !== "complaint") return null;
  const [rule] = await matchingRules(op, "sla_breached", record.severity);
  return rule ? escalateCase(op, record, targetOf(rule, "SLA breached")) : null;
}
