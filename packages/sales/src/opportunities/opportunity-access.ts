import type { OperationContext, Permission } from "@rapport/core";
import type { SelectQueryBuilder } from "kysely";
import { salesDb } from "../database.js";

/** How much an opportunity team member may do: read the deal, or also work it (update, move, close). */
export const TEAM_ACCESS_LEVELS = ["read", "edit"] as const;
export type TeamAccess = (typeof TEAM_ACCESS_LEVELS)[number];

/** Actions a team member with `edit` access may take; `read` access covers `read` only. */
const EDIT_ACTIONS: ReadonlySet<string> = new Set(["update", "move_stage", "close"]);

/**
 * The opportunities shared with the actor for `action` through opportunity teams, as a
 * subquery of ids — the entity's `sharedWith`, so the kernel applies it to `get`, `list`,
 * `update` and every `op.authorize` on an opportunity when the actor's scope is `team`.
 * Archiving and managing the team stay with the owner's scope.
 */
export function opportunitySharing(
  op: OperationContext,
  action: string,
): SelectQueryBuilder<any, any, { id: string }> | null {
  if (action !== "read" && !EDIT_ACTIONS.has(action)) return null;
  let query = salesDb(op)
    .selectFrom("sales_opportunity_team")
    .select("opportunity_id as id")
    .where("tenant_id", "=", op.tenantId)
    .where("user_id", "=", op.actor.userId);
  if (action !== "read") query = query.where("access", "=", "edit");
  return query as unknown as SelectQueryBuilder<any, any, { id: string }>;
}

/** The record fields the policy looks at, with the id so team sharing applies. */
export function scopedOpportunity(opportunity: { id: string; ownerId: string | null; createdBy: string }) {
  return { id: opportunity.id, ownerId: opportunity.ownerId, createdBy: opportunity.createdBy };
}

/** Throws `ForbiddenError` unless the actor may take `action` on the opportunity (own, team, shared or all). */
export async function authorizeOpportunity(
  op: OperationContext,
  action: string,
  opportunity: { id: string; ownerId: string | null; createdBy: string },
): Promise<void> {
  const permission = `opportunity:${action}` as Permission;
  await op.authorize(permission, scopedOpportunity(opportunity));
}
