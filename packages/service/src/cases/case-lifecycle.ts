import type { ChangeEvent, OperationContext } from "@rapport/core";
import type { CaseStatus, SlaMetric } from "../shared/vocabulary.js";
import { type CompletedClocks, changeClocks, completeClocks } from "../sla/case-sla.js";
import { pauseClock, reopenClock, resumeClock } from "../sla/sla-clocks.js";
import { type Case, type CaseChanges, caseEntity } from "./case-entity.js";
import { loadCase } from "./case-records.js";
import { CASE_TRANSITIONS } from "./case-status.js";

/** What a status move needs besides the target. */
export interface StatusMove {
  readonly to: CaseStatus;
  readonly reason?: string | undefined;
  readonly resolution?: string | undefined;
  readonly expectedVersion?: number | undefined;
  /** Statuses the verb accepts as a starting point (reopen: only `resolved`). */
  readonly onlyFrom?: readonly CaseStatus[] | undefined;
}

/** The verb named in errors for a move to each status. */
const VERB_TO: Readonly<Record<CaseStatus, string>> = {
  new: "create",
  open: "open",
  pending: "pend",
  resolved: "resolve",
  closed: "close",
};

/** The statuses a case may reach `to` from, per {@link CASE_TRANSITIONS}. */
const fromStates = (to: CaseStatus) =>
  (Object.keys(CASE_TRANSITIONS) as CaseStatus[]).filter((from) => CASE_TRANSITIONS[from].includes(to));

async function slaFor(op: OperationContext, record: Case, to: CaseStatus): Promise<CompletedClocks | null> {
  const from = record.status;
  const moved = (summary: CompletedClocks["summary"]) => ({ summary, breaches: [] });
  if (to === "pending")
    return moved(await changeClocks(op, record.id, (clock, schedule) => pauseClock(clock, schedule, op.now)));
  if (to === "resolved") return completeClocks(op, record.id, ["first_response", "resolution"] satisfies SlaMetric[]);
  if (to === "open" && from === "pending")
    return moved(await changeClocks(op, record.id, (clock, schedule) => resumeClock(clock, schedule, op.now)));
  if (to === "open" && from === "resolved")
    return moved(
      await changeClocks(op, record.id, (clock, schedule) => reopenClock(clock, schedule, op.now), ["resolution"]),
    );
  return null;
}

/**
 * Moves a loaded case to another status with its side effects: SLA clocks pause while
 * pending, resume after, stop at resolution and run again on reopen. Emits `case.updated`
 * and `case.status_changed`, plus `case.resolved`, `case.closed` or `case.reopened`.
 * A status the case may not move to is an `InvalidTransitionError` naming the allowed ones.
 */
export async function moveCase(op: OperationContext, record: Case, move: StatusMove): Promise<Case> {
  const cases = op.records(caseEntity);
  const from = record.status;
  const reopen = from === "resolved" && move.to === "open";
  const verb = move.onlyFrom ? "reopen" : VERB_TO[move.to];
  const allowed = move.onlyFrom ?? fromStates(move.to);
  // Checked before the clocks move: a refused move must write nothing.
  cases.assertState(record, verb, allowed);
  const sla = await slaFor(op, record, move.to);
  const changes: CaseChanges = { ...sla?.summary };
  if (move.to === "resolved") {
    changes.resolvedAt = op.timestamp;
    changes.resolution = move.resolution ?? null;
    if (record.firstRespondedAt === null) changes.firstRespondedAt = op.timestamp;
  }
  if (move.to === "closed") changes.closedAt = op.timestamp;
  if (reopen) changes.resolvedAt = null;
  const reason = move.reason ?? null;
  return cases.transition(record, {
    verb,
    from: allowed,
    to: move.to,
    changes,
    action: reopen ? "reopen" : "change_status",
    events: (after) => {
      const events: ChangeEvent[] = [...(sla?.breaches ?? [])];
      events.push({ type: "case.status_changed", data: { id: after.id, from, to: move.to, reason } });
      if (move.to === "resolved")
        events.push({
          type: "case.resolved",
          data: { id: after.id, accountId: after.accountId, resolutionStatus: after.resolutionStatus },
        });
      if (move.to === "closed") events.push({ type: "case.closed", data: { id: after.id } });
      if (reopen) events.push({ type: "case.reopened", data: { id: after.id, reason } });
      return events;
    },
  });
}

/** Loads, authorizes and moves a case: the body of the status verbs. */
export async function changeStatus(op: OperationContext, id: string, move: StatusMove): Promise<Case> {
  const record = await loadCase(op, id, { expectedVersion: move.expectedVersion, authorize: "change_status" });
  const payload = await op.before("case.change_status", { id: record.id, from: record.status, to: move.to });
  return moveCase(op, record, { ...move, to: payload.to as CaseStatus });
}
