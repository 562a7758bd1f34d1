import { InvalidTransitionError, type OperationContext } from "@rapport/core";
import type { CaseRow } from "../shared/service-tables.js";
import type { CaseStatus, SlaMetric } from "../shared/vocabulary.js";
import { changeClocks, completeClocks, type SlaSummary } from "../sla/case-sla.js";
import { pauseClock, reopenClock, resumeClock } from "../sla/sla-clocks.js";
import { assertTransition } from "./case-status.js";
import { caseScope, loadCase, writeCase } from "./case-writer.js";

/** What a status move needs besides the target. */
export interface StatusMove {
  readonly to: CaseStatus;
  readonly reason?: string | undefined;
  readonly resolution?: string | undefined;
  readonly expectedVersion?: number | undefined;
  /** Statuses the verb accepts as a starting point (reopen: only `resolved`). */
  readonly onlyFrom?: readonly CaseStatus[] | undefined;
}

async function slaFor(op: OperationContext, row: CaseRow, to: CaseStatus): Promise<SlaSummary | null> {
  const from = row.status as CaseStatus;
  if (to === "pending") return changeClocks(op, row.id, (clock, schedule) => pauseClock(clock, schedule, op.now));
  if (to === "resolved") return completeClocks(op, row.id, ["first_response", "resolution"] satisfies SlaMetric[]);
  if (to === "open" && from === "pending")
    return changeClocks(op, row.id, (clock, schedule) => resumeClock(clock, schedule, op.now));
  if (to === "open" && from === "resolved")
    return changeClocks(op, row.id, (clock, schedule) => reopenClock(clock, schedule, op.now), ["resolution"]);
  return null;
}

/**
 * Moves a loaded case to another status with its side effects: SLA clocks pause while
 * pending, resume after, stop at resolution and run again on reopen. Emits
 * `case.status_changed`, plus `case.resolved`, `case.closed` or `case.reopened`.
 */
export async function moveCase(op: OperationContext, row: CaseRow, move: StatusMove): Promise<CaseRow> {
  const from = row.status as CaseStatus;
  if (move.onlyFrom && !move.onlyFrom.includes(from)) {
    throw new InvalidTransitionError(
      `case ${row.id} is ${from}; only a ${move.onlyFrom.join(" or ")} case can do that`,
      {
        details: { id: row.id, from, to: move.to, allowedFrom: move.onlyFrom },
      },
    );
  }
  assertTransition(row.id, from, move.to);
  const sla = await slaFor(op, row, move.to);
  const changes: Partial<CaseRow> = { status: move.to, ...(sla ?? {}) };
  if (move.to === "resolved") {
    changes.resolved_at = op.timestamp;
    changes.resolution = move.resolution ?? null;
    if (row.first_responded_at === null) changes.first_responded_at = op.timestamp;
  }
  if (move.to === "closed") changes.closed_at = op.timestamp;
  if (move.to === "open" && from === "resolved") changes.resolved_at = null;
  const action = from === "resolved" && move.to === "open" ? "reopen" : "change_status";
  const written = await writeCase(op, row, changes, action);
  op.emit("case.status_changed", { id: row.id, from, to: move.to, reason: move.reason ?? null });
  if (move.to === "resolved")
    op.emit("case.resolved", { id: row.id, accountId: row.account_id, resolutionStatus: written.resolution_status });
  if (move.to === "closed") op.emit("case.closed", { id: row.id });
  if (action === "reopen") op.emit("case.reopened", { id: row.id, reason: move.reason ?? null });
  return written;
}

/** Loads, authorizes and moves a case: the body of the status verbs. */
export async function changeStatus(op: OperationContext, id: string, move: StatusMove): Promise<CaseRow> {
  const row = await loadCase(op, id, move.expectedVersion);
  await op.authorize("case:change_status", caseScope(row));
  const payload = await op.before("case.change_status", { id: row.id, from: row.status, to: move.to });
  return moveCase(op, row, { ...move, to: payload.to as CaseStatus });
}
