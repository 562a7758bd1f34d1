import { idSchema, type OperationContext, parseInput } from "@rapport/core";
import { invalidTransition } from "../errors.js";
import { type Opportunity, opportunityEntity } from "./opportunity-entity.js";

/** Options of {@link opportunityForChange}. */
export interface OpportunityForChangeOptions {
  /** The version the caller read; another is a `ConflictError`. Absent: any version. */
  readonly expectedVersion?: number | undefined;
  /** The opportunity action the verb needs (`move_stage`, `close`, `manage_team`). @default "update" */
  readonly authorize?: string;
}

/**
 * The opportunity a verb will change, through the record layer: row locked, the actor
 * authorised for `authorize` (owner, team, shared or all), the version checked. An archived
 * one is refused with the `opportunity_closed` reason hosts branch on, not the kernel's bare one.
 */
export async function opportunityForChange(
  op: OperationContext,
  id: string,
  options: OpportunityForChangeOptions = {},
): Promise<Opportunity> {
  const parsedId = parseInput(idSchema("opp"), id);
  const opportunity = await op.records(opportunityEntity).loadForChange(parsedId, { ...options, allowArchived: true });
  if (opportunity.archivedAt !== null)
    throw invalidTransition(`Opportunity ${parsedId} is archived`, "opportunity_closed", { id: parsedId });
  return opportunity;
}
