import { eventOf, type RecordEventData, type RecordUpdatedData } from "@rapport/core";
import type { WorkOrderStatus } from "./field-service/work-order-schema.js";
import { KNOWLEDGE_EVENTS } from "./knowledge/knowledge-events.js";
import type {
  CaseChannel,
  CaseStatus,
  EntitlementStatus,
  EscalationLevel,
  SlaMetric,
  SlaStatus,
} from "./shared/vocabulary.js";

/** `case.assigned`: a case landed in a queue and/or with an agent. */
export interface CaseAssignedData {
  readonly id: string;
  readonly queueId: string | null;
  readonly agentId: string | null;
  readonly previousAgentId: string | null;
}

/** `case.sla_warning` and `case.sla_breached`: an SLA clock reached its warning share or its target. */
export interface CaseSlaEventData {
  readonly id: string;
  readonly metric: SlaMetric;
  readonly dueAt: string | null;
  readonly targetMinutes: number;
}

/** `case.escalated`: a complaint went up a level, by hand (`ruleId: null`) or by rule. */
export interface CaseEscalatedData {
  readonly id: string;
  readonly from: EscalationLevel;
  readonly to: EscalationLevel;
  readonly reason: string;
  readonly ruleId: string | null;
}

/** `intake.routed`: an inbound request went where the rules said. */
export interface IntakeRoutedData {
  readonly id: string;
  readonly channel: CaseChannel;
  readonly destination: "case" | "lead";
  readonly caseId: string | null;
  readonly leadId: string | null;
  readonly queueId: string | null;
  readonly ruleName: string | null;
}

const recordEvents = <T extends string>(type: T) =>
  ({
    [`${type}.created`]: eventOf<RecordEventData>(),
    [`${type}.updated`]: eventOf<RecordUpdatedData>(),
    [`${type}.archived`]: eventOf<RecordUpdatedData>(),
  }) as { [K in `${T}.created`]: ReturnType<typeof eventOf<RecordEventData>> } & {
    [K in `${T}.updated` | `${T}.archived`]: ReturnType<typeof eventOf<RecordUpdatedData>>;
  };

/** Every event of the service module: name → payload. Delivered after commit, also in the change feed. */
export const SERVICE_EVENTS = {
  ...recordEvents("case"),
  /** A case comment (its own record); `case.commented` follows it. */
  "case_comment.created": eventOf<RecordEventData>(),
  ...recordEvents("service_queue"),
  ...recordEvents("routing_rule_set"),
  ...recordEvents("call"),
  ...recordEvents("business_calendar"),
  ...recordEvents("sla_policy"),
  ...recordEvents("service_contract"),
  ...recordEvents("entitlement"),
  ...recordEvents("escalation_rule"),
  ...recordEvents("technician"),
  ...recordEvents("work_order"),
  "case.assigned": eventOf<CaseAssignedData>(),
  "case.status_changed": eventOf<{ id: string; from: CaseStatus; to: CaseStatus; reason: string | null }>(),
  "case.resolved": eventOf<{ id: string; accountId: string | null; resolutionStatus: SlaStatus | null }>(),
  "case.closed": eventOf<{ id: string }>(),
  "case.reopened": eventOf<{ id: string; reason: string | null }>(),
  "case.commented": eventOf<{
    id: string;
    commentId: string;
    visibility: "internal" | "public";
    author: "agent" | "customer";
  }>(),
  "case.triaged": eventOf<{ id: string; changed: readonly string[] }>(),
  "case.time_logged": eventOf<{
    id: string;
    minutes: number;
    entitlementId: string | null;
    entitlementStatus: EntitlementStatus | null;
  }>(),
  "case.escalated": eventOf<CaseEscalatedData>(),
  "case.entitlement_flagged": eventOf<{ id: string; entitlementId: string; status: "expired" | "exhausted" }>(),
  "case.sla_warning": eventOf<CaseSlaEventData>(),
  "case.sla_breached": eventOf<CaseSlaEventData>(),
  "service_queue.member_added": eventOf<{ queueId: string; userId: string }>(),
  "service_queue.member_removed": eventOf<{ queueId: string; userId: string }>(),
  "sla_policy.default_changed": eventOf<{ id: string; previousId: string | null }>(),
  "routing_rule_set.entry_changed": eventOf<{ id: string; previousId: string | null }>(),
  "intake.routed": eventOf<IntakeRoutedData>(),
  "work_order.dispatched": eventOf<{
    id: string;
    technicianId: string;
    start: string;
    end: string;
    appointmentId: string | null;
  }>(),
  "work_order.status_changed": eventOf<{ id: string; from: WorkOrderStatus; to: WorkOrderStatus }>(),
  "work_order.completed": eventOf<{ id: string; technicianId: string | null; minutesWorked: number; parts: number }>(),
  ...KNOWLEDGE_EVENTS,
};
