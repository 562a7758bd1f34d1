import {
  InvalidTransitionError,
  idSchema,
  NotFoundError,
  type OperationContext,
  parseInput,
  ValidationError,
} from "@rapport/core";
import { useMinutes } from "../entitlements/entitlement-coverage.js";
import { pickAgent, requireQueue } from "../queues/queue-service.js";
import type { CaseRow, ServiceDb } from "../shared/service-tables.js";
import type { CasePriority, CaseType, ComplaintSeverity, RootCause } from "../shared/vocabulary.js";
import { changeClocks, insertClocks, plannedClocks, summarise } from "../sla/case-sla.js";
import { retargetClock } from "../sla/sla-clocks.js";
import { planSla } from "../sla/sla-plan.js";
import {
  type AssignCaseInput,
  assignCaseSchema,
  type LogTimeInput,
  logTimeSchema,
  type TriageCaseInput,
  triageCaseSchema,
} from "./case-schema.js";
import { caseScope, loadCase, writeCase } from "./case-writer.js";

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

function refuseClosed(row: CaseRow, verb: string): void {
  if (row.status === "closed")
    throw new InvalidTransitionError(`case ${row.id} is closed; it cannot be ${verb}`, { details: { id: row.id } });
}

/**
 * Puts a case in a queue and/or with an agent. A queue given without an agent hands the case
 * to the queue's next agent by its distribution rule. Emits `case.assigned`.
 */
export async function assignCase(op: OperationContext, id: string, input: AssignCaseInput): Promise<CaseRow> {
  const parsed = parseInput(assignCaseSchema, input);
  const row = await loadCase(op, id, parsed.expectedVersion);
  await op.authorize("case:assign", caseScope(row));
  refuseClosed(row, "assigned");
  const queueId = parsed.queueId === undefined ? row.queue_id : parsed.queueId;
  let agentId = parsed.agentId === undefined ? row.owner_id : parsed.agentId;
  if (queueId !== null && queueId !== row.queue_id) {
    const queue = await requireQueue(op, queueId, ["queueId"], { forHandOut: parsed.agentId === undefined });
    if (parsed.agentId === undefined) agentId = await pickAgent(op, queue);
  }
  const written = await writeCase(op, row, { queue_id: queueId, owner_id: agentId }, "assign");
  op.emit("case.assigned", { id: row.id, queueId, agentId, previousAgentId: row.owner_id });
  return written;
}

/**
 * Reclassifies a case. Turning it into a complaint starts it at escalation level `agent`
 * with severity `medium` unless given; turning it into anything else drops the complaint
 * fields. A new priority retargets the SLA clocks to the policy's targets for it, keeping
 * the time already counted. Emits `case.triaged`.
 */
export async function triageCase(op: OperationContext, id: string, input: TriageCaseInput): Promise<CaseRow> {
  const parsed = parseInput(triageCaseSchema, input);
  const row = await loadCase(op, id, parsed.expectedVersion);
  await op.authorize("case:triage", caseScope(row));
  refuseClosed(row, "triaged");
  const type = parsed.type ?? (row.type as CaseType);
  const priority = parsed.priority ?? (row.priority as CasePriority);
  const changes: Partial<CaseRow> = { type, priority };
  if (type === "complaint") {
    changes.severity = parsed.severity ?? (row.severity as ComplaintSeverity | null) ?? "medium";
    changes.root_cause = parsed.rootCause !== undefined ? parsed.rootCause : (row.root_cause as RootCause | null);
    changes.escalation_level = row.escalation_level ?? "agent";
  } else {
    if (parsed.severity !== undefined || parsed.rootCause !== undefined) {
      throw ValidationError.forField(
        [parsed.severity !== undefined ? "severity" : "rootCause"],
        "severity and rootCause are only for complaints",
      );
    }
    Object.assign(changes, { severity: null, root_cause: null, escalation_level: null });
  }
  if (priority !== row.priority) Object.assign(changes, await retarget(op, row, priority));
  const written = await writeCase(op, row, changes, "triage");
  const changed = Object.entries(changes)
    .filter(([column, value]) => (row as unknown as Record<string, unknown>)[column] !== value)
    .map(([column]) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()));
  op.emit("case.triaged", { id: row.id, changed });
  return written;
}

async function retarget(op: OperationContext, row: CaseRow, priority: CasePriority) {
  const db = op.db as ServiceDb;
  const entitlement =
    row.entitlement_id !== null && row.entitlement_status === "covered"
      ? await db
          .selectFrom("service_entitlements")
          .select(["sla_policy_id", "calendar_id"])
          .where("tenant_id", "=", op.tenantId)
          .where("id", "=", row.entitlement_id)
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
    .where("case_id", "=", row.id)
    .execute();
  if (existing.length === 0) {
    if (row.status === "resolved") return {};
    const clocks = await plannedClocks(op, plan);
    await insertClocks(op, row.id, clocks);
    return summarise(op, clocks);
  }
  return changeClocks(op, row.id, (clock, schedule) =>
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
  const row = await loadCase(op, id);
  await op.authorize("case:log_time", caseScope(row));
  refuseClosed(row, "worked on");
  const entry: CaseTimeEntry = {
    id: op.newId("time"),
    caseId: row.id,
    userId: op.actor.userId,
    minutes: parsed.minutes,
    note: parsed.note ?? null,
    entitlementId: row.entitlement_id,
    createdAt: op.timestamp,
  };
  await (op.db as ServiceDb)
    .insertInto("service_case_time_entries")
    .values({
      tenant_id: op.tenantId,
      id: entry.id,
      case_id: row.id,
      user_id: entry.userId,
      minutes: entry.minutes,
      note: entry.note,
      entitlement_id: entry.entitlementId,
      created_at: entry.createdAt,
    })
    .execute();
  const status =
    row.entitlement_id === null ? null : await useMinutes(op, row.entitlement_id, parsed.minutes, timeZone);
  await op.audit({
    entityType: "case",
    entityId: row.id,
    action: "log_time",
    before: null,
    after: { minutes: entry.minutes, note: entry.note },
  });
  op.emit("case.time_logged", {
    id: row.id,
    minutes: entry.minutes,
    entitlementId: entry.entitlementId,
    entitlementStatus: status,
  });
  return entry;
}

/** The time entries of a case, oldest first. */
export async function listTimeEntries(op: OperationContext, caseId: string): Promise<CaseTimeEntry[]> {
  const id = parseInput(idSchema("case"), caseId);
  const db = op.db as ServiceDb;
  const owner = await db
    .selectFrom("service_cases")
    .select(["owner_id", "created_by"])
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!owner) throw new NotFoundError("case", id);
  await op.authorize("case:read", caseScope(owner));
  const rows = await db
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
