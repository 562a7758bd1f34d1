import { boundContext, createEntityService, idSchema, type OperationContext, parseInput } from "@rapport/core";
import { type Case, caseEntity } from "./case-entity.js";

/** How a verb loads the case it changes. */
export interface LoadCaseOptions {
  /** The version the caller read; another is a `ConflictError`. */
  readonly expectedVersion?: number | undefined;
  /** The action checked on the case (`assign` checks `case:assign`), or `false` when the caller is already authorised. */
  readonly authorize: string | false;
}

/**
 * Loads a case for a verb through the record layer: id checked (`ValidationError`), row
 * locked, actor authorised, version checked, an archived case refused.
 */
export function loadCase(op: OperationContext, id: string, options: LoadCaseOptions): Promise<Case> {
  return op.records(caseEntity).loadForChange(parseInput(idSchema("case"), id), options);
}

/** Reads a case the actor may read (`case:read`), by a checked id, without a lock. */
export function getCase(op: OperationContext, id: string): Promise<Case> {
  return op.records(caseEntity).get(parseInput(idSchema("case"), id));
}

/** The case as the client returns it (fields the actor may not see left out), read inside the operation's transaction. */
export function readCase(op: OperationContext, id: string): Promise<Case> {
  return createEntityService(boundContext(op), caseEntity).get(id);
}
