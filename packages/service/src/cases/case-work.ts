import { InvalidTransitionError, type OperationContext, parseInput, ValidationError } from "@rapport/core";
import { useMinutes } from "../entitlements/entitlement-coverage.js";
import { pickAgent, requireQueue } from "../queues/queue-service.js";
import { serviceDb } from "../shared/service-tables.js";
import type { CasePriority } from "../shared/vocabulary.js";
import { changeClocks, insertClocks, plannedClocks, summarise } from "../sla/case-sla.js";
import { retargetClock } from "../sla/sla-clocks.js";
import { planSla } from "../sla/sla-plan.js";
import { type Case, type CaseChanges, caseEntity } from "./case-entity.js";
import { getCase, loadCase } from "./case-records.js";
import {
  type AssignCaseInput,
  assignCaseSchema,
  type LogTimeInput,
  logTimeSchema,
  type TriageCaseInput,
  triageCaseSchema,
} from "./case-schema.js";

/** Time worked on a case. */
export interface CaseTimeEntry {
  readonly id: string;
  readonly caseId: string;
  readonly userId: string;
  readonly minutes: number;
  readonly note: string | null;
  /** The hours entitlement it was counted against, if any. */
  readonly entitlementId: string | null;
  readonly createdAt: string;
}

function refuseClosed(record: Case, verb: string): void {
  if (record.status === "closed")
    throw new InvalidTransitionError(`case ${record.id} is closed; it cannot be ${verb}`, {
      details: { id: record.id },
    });
}

/**
 * Puts a case in a queue and/or with an agent. A queue given without an agent hands the case
 * to the queue's next agent by its distribution rule. Emits `case.assigned`.
 */
export async function assignCase(op: OperationContext, id: string, input: AssignCaseInput): Promise<Case> {
  const parsed = parseInput(assignCaseSchema, input);
  const record = await loadCase(op, id, { expectedVersion: parsed.expectedVersion, authorize: "assign" });
  refuseClosed(record, "assigned");
  const queueId = parsed.queueId === undefined ? record.queueId : parsed.queueId;
  let agentId = parsed.agentId === undefined ? record.ownerId : parsed.agentId;
  if (queueId !== null && queueId !== record.queueId) {
    const queue = await requireQueue(op, queueId, ["queueId"], { forHandOut: parsed.agentId === undefined });
    if (parsed.agentId === undefined) agentId = await pickAgent(op, queue);
  }
  return op.records(caseEntity).change(
    record,
    { queueId, ownerId: agentId },
    {
      action: "assign",
      events: () => [
        { type: "case.assigned", data: { id: record.id, queueId, agentId, previousAgentId: record.ownerId } },
      ],
    },
  );
}

/**
 * Reclassifies a case. Turning it into a complaint starts it at escalation level `agent`
 * with severity `medium` unless given; turning it into anything else drops the complaint
 * fields. A new priority retargets the SLA clocks to the policy's targets for it, keeping
 * the time already counted. Emits `case.triaged`.
 */
export async function triageCase(op: OperationContext, id: string, input: TriageCaseInput): Promise<Case> {
  const parsed = parseInput(triageCaseSchema, input);
  const record = await loadCase(op, id, { expectedVersion: parsed.expectedVersion, authorize: "triage" });
  refuseClosed(record, "triaged");
  const type = parsed.type ?? record.type;
  const priority = parsed.priority ?? record.priority;
  const changes: CaseChanges = { type, priority };
  if (type === "complaint") {
    changes.severity = parsed.severity ?? record.severity ?? "medium";
    changes.rootCause = parsed.rootCause !== undefined ? parsed.rootCause : record.rootCause;
    changes.escalationLevel = record.escalationLevel ?? "agent";
  } else {
    if (parsed.severity !== undefined || parsed.rootCause !== undefined) {
      throw ValidationError.forField(
        [parsed.severity !== undefined ? "severity" : "rootCause"],
        "severity and rootCause are only for complaints",
      );
    }
    Object.assign(changes, { severity: null, rootCause: null, escalationLevel: null });
  }
  if (priority !== record.priority) Object.assign(changes, await retarget(op, record, priority));
  const changed = Object.entries(changes)
    .filter(([field, value]) => record[field as keyof Case] !== value)
    .map(([field]) => field);
  return op.records(caseEntity).change(record, changes, {
    action: "triage",
    events: () => [{ type: "case.triaged", data: { id: record.id, changed } }],
  });
}

async function retarget(op: OperationContext, record: Case, priority: CasePriority) {
  const db = serviceDb(op);
  const entitlement =
    record.entitlementId !== null && record.entitlementStatus === "covered"
      ? await db
          .selectFrom("service_entitlements")
          .select(["sla_policy_id", "calendar_id"])
          .where("tenant_id", "=", op.tenantId)
          .where("id", "=", record.entitlementId)
          .executeTakeFirst()
      : undefined;
  const plan = await planSla(op, {
    priority,
    entitlementPolicyId: entitlement?.sla_policy_id ?? null,
    supportCalendarId: entitlement?.calendar_id ?? null,
  });
  if (!plan) return {};
  const existing = await db
    .selectFrom("service_case_slas")
    .select("metric")
    .where("tenant_id", "=", op.tenantId)
    .where("case_id", "=", record.id)
    .execute();
  if (existing.length === 0) {
    if (record.status === "resolved") return {};
    const clocks = await plannedClocks(op, plan);
    await insertClocks(op, record.id, clocks);
    return summarise(op, clocks);
  }
  return changeClocks(op, record.id, (clock, schedule) =>
    retargetClock(
      clock,
      clock.metric === "first_response" ? plan.firstResponseMinutes : plan.resolutionMinutes,
      schedule,
      op.now,
    ),
  );
}

/**
 * Records time worked on a case. On an hours entitlement the minutes are counted against
 * it (past the allowance too — the work was done; later cases are flagged). Emits `case.time_logged`.
 */
export async function logTime(
  op: OperationContext,
  id: string,
  input: LogTimeInput,
  timeZone: string,
): Promise<CaseTimeEntry> {
  const parsed = parseInput(logTimeSchema, input);
  const record = await loadCase(op, id, { authorize: "log_time" });
  refuseClosed(record, "worked on");
  const entry: CaseTimeEntry = {
    id: op.newId("time"),
    caseId: record.id,
    userId: op.actor.userId,
    minutes: parsed.minutes,
    note: parsed.note ?? null,
    entitlementId: record.entitlementId,
    createdAt: op.timestamp,
  };
  await serviceDb(op)
    .insertInto("service_case_time_entries")
    .values({
      tenant_id: op.tenantId,
      id: entry.id,
      case_id: record.id,
      user_id: entry.userId,
      minutes: entry.minutes,
      note: entry.note,
      entitlement_id: entry.entitlementId,
      created_at: entry.createdAt,
    })
    .execute();
  const status =
    record.entitlementId === null ? null : await useMinutes(op, record.entitlementId, parsed.minutes, timeZone);
  // The entry is a change of the case (a new version, audited as log_time), its row in its own table.
  await op.records(caseEntity).change(
    record,
    {},
    {
      action: "log_time",
      extra: [{ field: "timeEntry", before: null, after: { id: entry.id, minutes: entry.minutes, note: entry.note } }],
      events: () => [
        {
          type: "case.time_logged",
          data: {
            id: record.id,
            minutes: entry.minutes,
            entitlementId: entry.entitlementId,
            entitlementStatus: status,
          },
        },
      ],
    },
  );
  return entry;
}

/** The time entries of a case, oldest first. */
export async function listTimeEntries(op: OperationContext, caseId: string): Promise<CaseTimeEntry[]> {
  const { id } = await getCase(op, caseId);
  const rows = await serviceDb(op)
    .selectFrom("service_case_time_entries")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("case_id", "=", id)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    userId: r.user_id,
    minutes: Number(r.minutes),
    note: r.note,
    entitlementId: r.entitlement_id,
    createdAt: r.created_at,
  }));
}
