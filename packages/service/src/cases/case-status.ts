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
