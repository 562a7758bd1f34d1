import { CrmError, type CrmErrorOptions } from "@rapport/core";

/**
 * A record a merge plan read has changed since (its version moved, or the records linking
 * to a loser are not the ones planned). Code `MERGE_PLAN_STALE`; `details.changed` lists the
 * ids. Nothing was written. Plan again and review the new plan: retrying the same plan
 * cannot succeed — unlike `VERSION_CONFLICT`, which a re-read and retry of one record fixes.
 */
export class MergePlanStaleError extends CrmError {
  override readonly name = "MergePlanStaleError";
  constructor(message: string, options: CrmErrorOptions = {}) {
    super("MERGE_PLAN_STALE", message, options);
  }
}

/** `details.reason` of the `INVALID_TRANSITION` errors of `merge.undo`. */
export const MERGE_UNDO_REFUSALS = {
  /** The merge was undone already. */
  alreadyUndone: "merge_undone",
  /** A record the merge changed has changed since (a later merge, an edit): undoing would lose that change. */
  superseded: "merge_superseded",
} as const;
