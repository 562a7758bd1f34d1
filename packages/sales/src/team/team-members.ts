import {
  DuplicateError,
  type ExtraValue,
  NotFoundError,
  type OperationContext,
  parseInput,
  userIdSchema,
} from "@rapport/core";
import { type OpportunityTeamRow, salesDb } from "../database.js";
import { defined } from "../internal/defined.js";
import type { TeamAccess } from "../opportunities/opportunity-access.js";
import { type Opportunity, opportunityEntity } from "../opportunities/opportunity-entity.js";
import { opportunityForChange } from "../opportunities/opportunity-for-change.js";
import { addTeamMemberSchema, type TeamMember, updateTeamMemberSchema } from "./team-schema.js";

function toMember(row: OpportunityTeamRow): TeamMember {
  return {
    opportunityId: row.opportunity_id,
    userId: row.user_id,
    role: row.role,
    access: row.access as TeamAccess,
    addedAt: row.added_at,
    addedBy: row.added_by,
  };
}

function findMember(op: OperationContext, opportunityId: string, userId: string) {
  return salesDb(op)
    .selectFrom("sales_opportunity_team")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("opportunity_id", "=", opportunityId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

/** Loads the opportunity and checks the actor may manage its team (`opportunity:manage_team`). */
function managed(op: OperationContext, opportunityId: string): Promise<Opportunity> {
  return opportunityForChange(op, opportunityId, { authorize: "manage_team" });
}

/** A team member is part of the opportunity: its audit entry names the member under this field. */
const memberField = (userId: string) => `team.${userId}`;

/** Versions, audits and announces a change of the team as a change of the opportunity (it decides who may see it). */
function changeOpportunity(op: OperationContext, opportunity: Opportunity, action: string, extra: ExtraValue) {
  return op.records(opportunityEntity).change(opportunity, {}, { action, extra: [extra] });
}

/** `opportunities.addTeamMember`. */
export async function addTeamMember(op: OperationContext, opportunityId: string, input: unknown): Promise<TeamMember> {
  const parsed = parseInput(addTeamMemberSchema, input);
  const opportunity = await managed(op, opportunityId);
  if (await findMember(op, opportunity.id, parsed.userId)) {
    throw new DuplicateError(`${parsed.userId} is already on the team of ${opportunity.id}`, {
      details: { userId: parsed.userId },
    });
  }
  const row: OpportunityTeamRow = {
    tenant_id: op.tenantId,
    opportunity_id: opportunity.id,
    user_id: parsed.userId,
    role: parsed.role,
    access: parsed.access,
    added_at: op.timestamp,
    added_by: op.actor.userId,
  };
  await salesDb(op).insertInto("sales_opportunity_team").values(row).execute();
  const member = toMember(row);
  await changeOpportunity(op, opportunity, "add_team_member", {
    field: memberField(parsed.userId),
    before: null,
    after: member,
  });
  return member;
}

/** `opportunities.updateTeamMember`. A patch that changes nothing writes nothing. */
export async function updateTeamMember(
  op: OperationContext,
  opportunityId: string,
  userId: string,
  patch: unknown,
): Promise<TeamMember> {
  const user = parseInput(userIdSchema, userId);
  const changes = parseInput(updateTeamMemberSchema, patch);
  const opportunity = await managed(op, opportunityId);
  const before = await findMember(op, opportunity.id, user);
  if (!before) throw new NotFoundError("opportunity_team_member", user, { details: { opportunityId: opportunity.id } });
  const after: OpportunityTeamRow = { ...before, ...defined(changes) };
  if (after.role === before.role && after.access === before.access) return toMember(before);
  await salesDb(op)
    .updateTable("sales_opportunity_team")
    .set({ role: after.role, access: after.access })
    .where("tenant_id", "=", op.tenantId)
    .where("opportunity_id", "=", opportunity.id)
    .where("user_id", "=", user)
    .execute();
  await changeOpportunity(op, opportunity, "update_team_member", {
    field: memberField(user),
    before: toMember(before),
    after: toMember(after),
  });
  return toMember(after);
}

/** `opportunities.removeTeamMember`. */
export async function removeTeamMember(op: OperationContext, opportunityId: string, userId: string): Promise<void> {
  const user = parseInput(userIdSchema, userId);
  const opportunity = await managed(op, opportunityId);
  const before = await findMember(op, opportunity.id, user);
  if (!before) throw new NotFoundError("opportunity_team_member", user, { details: { opportunityId: opportunity.id } });
  await salesDb(op)
    .deleteFrom("sales_opportunity_team")
    .where("tenant_id", "=", op.tenantId)
    .where("opportunity_id", "=", opportunity.id)
    .where("user_id", "=", user)
    .execute();
  await changeOpportunity(op, opportunity, "remove_team_member", {
    field: memberField(user),
    before: toMember(before),
    after: null,
  });
}

/** The opportunity's team, in the order members were added. */
export async function teamOf(op: OperationContext, opportunityId: string): Promise<TeamMember[]> {
  const rows = await salesDb(op)
    .selectFrom("sales_opportunity_team")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("opportunity_id", "=", opportunityId)
    .orderBy("added_at")
    .orderBy("user_id")
    .execute();
  return rows.map(toMember);
}
