import { type Kysely, sql } from "kysely";
import type * as z from "zod";
import { field, fromColumnValue } from "../entities/fields.js";
import {
  applyListOptions,
  columnField,
  type ListableFields,
  type listOptionsSchema,
  type Page,
  toPage,
} from "../entities/list-query.js";
import type { OperationContext, OwnerScope } from "../kernel/operation-context.js";
import { userEntity } from "./user-entity.js";
import type { Report, User } from "./user-schema.js";
import type { UserRow, UserTables } from "./user-tables.js";

/** Bounds the recursive walks of the manager line (loops are refused on write; this is the backstop). */
export const MAX_MANAGER_DEPTH = 64;

/** What `users.list` may filter and sort on: the profile's fields and when it was made and changed. */
const USER_FIELDS = {
  id: field.text(),
  ...userEntity.fields,
  createdAt: field.timestamp(),
  updatedAt: field.timestamp(),
} as const;

const USER_LIST_FIELDS: ListableFields = Object.fromEntries(
  Object.entries(USER_FIELDS).map(([name, spec]) => [name, columnField(name, spec)]),
);

function db(op: OperationContext<UserTables>): Kysely<UserTables> {
  return op.db;
}

/** A stored row as the public {@link User}. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    email: row.email,
    active: fromColumnValue(USER_FIELDS.active, row.active) as boolean,
    managerId: row.manager_id,
    territory: row.territory,
    title: row.title,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
  };
}

/** The profile `id`, or `undefined`. */
export async function findUser(op: OperationContext, id: string): Promise<User | undefined> {
  const row = await db(op)
    .selectFrom("rapport_users")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? toUser(row) : undefined;
}

/** Which of `ids` have a profile in the tenant. */
export async function existingUserIds(op: OperationContext, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db(op)
    .selectFrom("rapport_users")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("id", "in", ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** A page of profiles, limited to the owners `scope` allows (a user "owns" their own profile). */
export async function listUsers(
  op: OperationContext,
  scope: OwnerScope,
  options: z.output<typeof listOptionsSchema>,
): Promise<Page<User>> {
  let query = db(op).selectFrom("rapport_users").selectAll().where("tenant_id", "=", op.tenantId);
  if (scope.kind === "owners") query = query.where("id", "in", scope.ownerIds);
  const plan = applyListOptions(query, USER_LIST_FIELDS, options);
  return toPage(await plan.query.execute(), plan, toUser);
}

/**
 * Everyone below `userId` in the manager line, with their depth (1 = direct report), in
 * one recursive query. Each user has one manager, so each appears once.
 */
export async function reportsOf(
  op: OperationContext,
  userId: string,
  scope: OwnerScope,
  maxDepth: number,
  includeInactive: boolean,
): Promise<Report[]> {
  const rows = await lineBelow(op, userId, maxDepth)
    .selectFrom("line")
    .innerJoin("rapport_users as r", (join) => join.onRef("r.id", "=", "line.id").on("r.tenant_id", "=", op.tenantId))
    .selectAll("r")
    .select("line.depth")
    .$if(!includeInactive, (q) => q.where("r.active", "=", 1))
    .$if(scope.kind === "owners", (q) => q.where("r.id", "in", scope.kind === "owners" ? scope.ownerIds : []))
    .orderBy("line.depth")
    .orderBy("r.name")
    .orderBy("r.id")
    .execute();
  return rows.map((row) => ({ ...toUser(row), depth: Number(row.depth) }));
}

/** True when `candidateId` is `userId` or anywhere below it: making it `userId`'s manager would close a loop. */
export async function isInLineBelow(op: OperationContext, userId: string, candidateId: string): Promise<boolean> {
  if (candidateId === userId) return true;
  const hit = await lineBelow(op, userId, MAX_MANAGER_DEPTH)
    .selectFrom("line")
    .select("id")
    .where("id", "=", candidateId)
    .limit(1)
    .executeTakeFirst();
  return hit !== undefined;
}

/** A query with the recursive `line(id, depth)`: everyone below `userId`, down to `maxDepth`. */
function lineBelow(op: OperationContext, userId: string, maxDepth: number) {
  const tenantId = op.tenantId;
  return db(op).withRecursive("line(id, depth)", (qb) =>
    qb
      .selectFrom("rapport_users")
      .select(["id", sql<number>`1`.as("depth")])
      .where("tenant_id", "=", tenantId)
      .where("manager_id", "=", userId)
      .unionAll((next) =>
        next
          .selectFrom("rapport_users as u")
          .innerJoin("line", "line.id", "u.manager_id")
          .select(["u.id", sql<number>`line.depth + 1`.as("depth")])
          .where("u.tenant_id", "=", tenantId)
          .where("line.depth", "<", maxDepth),
      ),
  );
}
