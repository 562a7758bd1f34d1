import { InvalidTransitionError } from "@rapport/core";
import type { CaseStatus } from "../shared/vocabulary.js";

/**
 * The moves a case may make. `pending` means waiting on the customer (SLA clocks pause);
 * `resolved` can be reopened; `closed` is final.
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = Object.freeze({
  new: ["open", "pending", "resolved"],
  open: ["pending", "resolved"],
  pending: ["open", "resolved"],
  resolved: ["open", "closed"],
  closed: [],
});

/** Throws `InvalidTransitionError` unless a case may move from `from` to `to`. */
export function assertTransition(id: string, from: CaseStatus, to: CaseStatus): void {
  if (!CASE_TRANSITIONS[from].includes(to)) {
    const allowed = CASE_TRANSITIONS[from];
    throw new InvalidTransitionError(
      `case ${id} cannot move from ${from} to ${to}${allowed.length > 0 ? `; from ${from} it can move to ${allowed.join(", ")}` : `; a ${from} case is final`}`,
      { details: { id, from, to, allowed } },
    );
  }
}
