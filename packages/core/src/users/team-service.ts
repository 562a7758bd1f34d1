import type { Kysely } from "kysely";
import { idSchema, type WriteOptions } from "../entities/base-record.js";
import { createEntityService, type EntityService } from "../entities/entity-service.js";
import type { Page } from "../entities/list-query.js";
import { NotFoundError } from "../kernel/errors.js";
import type { ModuleContext } from "../kernel/module-context.js";
import type { OperationContext } from "../kernel/operation-context.js";
import { parseInput } from "../kernel/validate.js";
import { boundContext } from "../records/bound-context.js";
import { userIdSchema } from "../schemas/common-schemas.js";
import {
  type AddMemberOptions,
  addMemberOptionsSchema,
  type CreateTeamInput,
  type Team,
  type TeamMember,
  teamEntity,
  type UpdateTeamInput,
} from "./team-entity.js";
import { findUser } from "./user-store.js";
import type { TeamMemberRow, UserTables } from "./user-tables.js";

/**
 * Teams and their members. Members are stored in the kernel's `rapport_team_members`,
 * which the permission policy reads: a role granted `team` scope reaches the records
 * owned by anyone who shares a team with the actor.
 */
export interface TeamService extends EntityService<Team, CreateTeamInput, UpdateTeamInput> {
  /**
   * Archives the team and ends its memberships (each removal audited), so it no longer
   * widens anyone's `team` scope. Emits `team.archived` and `team.member_removed`.
   */
  archive(id: string, options?: WriteOptions): Promise<Team>;
  /**
   * Adds `userId` (an existing profile) to the team with a role (default `"member"`), or
   * changes the role of a member. Adding a member again with the same role writes nothing.
   * Emits `team.member_added` or `team.member_role_changed`. Needs `team:update` on the team.
   */
  addMember(teamId: string, userId: string, options?: AddMemberOptions): Promise<TeamMember>;
  /** Removes `userId` from the team; `NotFoundError` when they are not a member. Emits `team.member_removed`. */
  removeMember(teamId: string, userId: string): Promise<void>;
  /** The team's members, ordered by user id. Needs `team:read` on the team. */
  members(teamId: string): Promise<TeamMember[]>;
  /** The active teams `userId` belongs to, ordered by name. Needs `team:read`. */
  teamsOf(userId: string): Promise<Team[]>;
}

function db(op: OperationContext<UserTables>): Kysely<UserTables> {
  return op.db;
}

function toMember(row: TeamMemberRow): TeamMember {
  return { teamId: row.team_id, userId: row.user_id, role: row.role, addedAt: row.added_at };
}

/** Builds the teams service of a scoped client. */
export function createTeamService(ctx: ModuleContext): TeamService {
  const base = createEntityService(ctx, teamEntity);
  const teamsIn = (op: OperationContext) => createEntityService(boundContext(op), teamEntity);

  /** Loads the team for a membership change: visible, updatable by the actor, active, and locked. */
  const teamForChange = (op: OperationContext, teamId: string): Promise<Team> =>
    op.records(teamEntity).loadForChange(parseInput(idSchema("team"), teamId));

  /**
   * Versions, audits and announces a membership change as a change of the team (its
   * members widen the `team` scope): the role is audited under `member:<userId>`, and the
   * event carries the team's new version.
   */
  const changeTeam = (
    op: OperationContext,
    team: Team,
    action: string,
    role: { readonly userId: string; readonly before: string | null; readonly after: string | null },
    event: { readonly type: string; readonly data: Readonly<Record<string, unknown>> },
  ) =>
    op.records(teamEntity).change(
      team,
      {},
      {
        action,
        event: null,
        extra: [{ field: `member:${role.userId}`, before: role.before, after: role.after }],
        events: (after) => [{ type: event.type, data: { ...event.data, version: after.version } }],
      },
    );

  const findMember = (op: OperationContext, teamId: string, userId: string) =>
    db(op)
      .selectFrom("rapport_team_members")
      .selectAll()
      .where("tenant_id", "=", op.tenantId)
      .where("team_id", "=", teamId)
      .where("user_id", "=", userId)
      .executeTakeFirst();

  /** Ends a membership; returns the team as written, for the next change of it. */
  const removeIn = async (op: OperationContext, team: Team, member: TeamMemberRow): Promise<Team> => {
    await db(op)
      .deleteFrom("rapport_team_members")
      .where("tenant_id", "=", op.tenantId)
      .where("team_id", "=", team.id)
      .where("user_id", "=", member.user_id)
      .execute();
    return changeTeam(
      op,
      team,
      "remove_member",
      { userId: member.user_id, before: member.role, after: null },
      { type: "team.member_removed", data: { teamId: team.id, userId: member.user_id } },
    );
  };

  return {
    ...base,
    archive: (id, options = {}) =>
      ctx.run(async (op) => {
        const archived = await teamsIn(op).archive(id, options);
        const members = await db(op)
          .selectFrom("rapport_team_members")
          .selectAll()
          .where("tenant_id", "=", op.tenantId)
          .where("team_id", "=", archived.id)
          .orderBy("user_id")
          .execute();
        let team = archived;
        for (const member of members) team = await removeIn(op, team, member);
        return team;
      }),
    addMember: (teamId, userId, options = {}) =>
      ctx.run(async (op) => {
        const user = parseInput(userIdSchema, userId);
        const { role = "member" } = parseInput(addMemberOptionsSchema, options);
        const team = await teamForChange(op, teamId);
        if (!(await findUser(op, user))) throw new NotFoundError("user", user);
        const existing = await findMember(op, team.id, user);
        if (existing?.role === role) return toMember(existing);
        if (existing) {
          await db(op)
            .updateTable("rapport_team_members")
            .set({ role })
            .where("tenant_id", "=", op.tenantId)
            .where("team_id", "=", team.id)
            .where("user_id", "=", user)
            .execute();
          await changeTeam(
            op,
            team,
            "change_member_role",
            { userId: user, before: existing.role, after: role },
            {
              type: "team.member_role_changed",
              data: { teamId: team.id, userId: user, role, previousRole: existing.role },
            },
          );
          return toMember({ ...existing, role });
        }
        const row: TeamMemberRow = {
          tenant_id: op.tenantId,
          team_id: team.id,
          user_id: user,
          role,
          added_at: op.timestamp,
        };
        await db(op).insertInto("rapport_team_members").values(row).execute();
        await changeTeam(
          op,
          team,
          "add_member",
          { userId: user, before: null, after: role },
          {
            type: "team.member_added",
            data: { teamId: team.id, userId: user, role },
          },
        );
        return toMember(row);
      }),
    removeMember: (teamId, userId) =>
      ctx.run(async (op) => {
        const user = parseInput(userIdSchema, userId);
        const team = await teamForChange(op, teamId);
        const existing = await findMember(op, team.id, user);
        if (!existing)
          throw new NotFoundError("team member", `${user} in ${team.id}`, {
            details: { teamId: team.id, userId: user },
          });
        await removeIn(op, team, existing);
      }),
    members: (teamId) =>
      ctx.read(async (op) => {
        const team = await teamsIn(op).get(teamId);
        const rows = await db(op)
          .selectFrom("rapport_team_members")
          .selectAll()
          .where("tenant_id", "=", op.tenantId)
          .where("team_id", "=", team.id)
          .orderBy("user_id")
          .execute();
        return rows.map(toMember);
      }),
    teamsOf: (userId) =>
      ctx.read(async (op) => {
        const user = parseInput(userIdSchema, userId);
        const rows = await db(op)
          .selectFrom("rapport_team_members")
          .select("team_id")
          .where("tenant_id", "=", op.tenantId)
          .where("user_id", "=", user)
          .execute();
        if (rows.length === 0) return [];
        const teams: Team[] = [];
        let cursor: string | null = null;
        // The generic list applies the actor's read scope and hides archived teams.
        do {
          const page: Page<Team> = await teamsIn(op).list({
            filter: [{ field: "id", op: "in", value: rows.map((r) => r.team_id) }],
            orderBy: { field: "name" },
            limit: 500,
            ...(cursor === null ? {} : { cursor }),
          });
          teams.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor !== null);
        return teams;
      }),
  };
}
