import type { Kysely } from "kysely";
import { ValidationError } from "../kernel/errors.js";
import type { OperationContext } from "../kernel/operation-context.js";

interface HierarchyTables {
  accounts: { tenant_id: string; id: string; parent_id: string | null; archived_at: string | null };
  up: { id: string; parent_id: string | null; archived_at: string | null };
  down: { id: string };
}

/**
 * The account `startId` and every account above it, as `(id, parent_id)` rows, walked in
 * one recursive query. `UNION` (not `UNION ALL`) drops repeated rows, so the walk ends
 * even if bad data ever held a cycle.
 */
async function chainUpFrom(op: OperationContext, startId: string): Promise<HierarchyTables["up"][]> {
  return tables(op)
    .withRecursive("up(id, parent_id, archived_at)", (q) =>
      q
        .selectFrom("accounts")
        .select(["id", "parent_id", "archived_at"])
        .where("tenant_id", "=", op.tenantId)
        .where("id", "=", startId)
        .union((u) =>
          u
            .selectFrom("accounts")
            .innerJoin("up", "up.parent_id", "accounts.id")
            .select(["accounts.id", "accounts.parent_id", "accounts.archived_at"])
            .where("accounts.tenant_id", "=", op.tenantId),
        ),
    )
    .selectFrom("up")
    .select(["id", "parent_id", "archived_at"])
    .execute();
}

function tables(op: OperationContext<HierarchyTables>): Kysely<HierarchyTables> {
  return op.db;
}

/**
 * The ids above `id`, nearest first (parent, grandparent, …, root). Empty for a root
 * account. Ordered by following the parent links, not by a depth column.
 */
export async function ancestorIds(op: OperationContext, id: string): Promise<string[]> {
  const rows = await chainUpFrom(op, id);
  const parentOf = new Map(rows.map((r) => [r.id, r.parent_id]));
  const chain: string[] = [];
  let next = parentOf.get(id) ?? null;
  while (next !== null && parentOf.has(next) && !chain.includes(next)) {
    chain.push(next);
    next = parentOf.get(next) ?? null;
  }
  return chain;
}

/** One page of the ids below `id` (children, their children, …), in id order, after `afterId`. */
export async function descendantIdPage(
  op: OperationContext,
  id: string,
  afterId: string | null,
  take: number,
): Promise<string[]> {
  const rows = await tables(op)
    .withRecursive("down(id)", (q) =>
      q
        .selectFrom("accounts")
        .select("id")
        .where("tenant_id", "=", op.tenantId)
        .where("parent_id", "=", id)
        .union((u) =>
          u
            .selectFrom("accounts")
            .innerJoin("down", "down.id", "accounts.parent_id")
            .select("accounts.id")
            .where("accounts.tenant_id", "=", op.tenantId),
        ),
    )
    .selectFrom("down")
    .select("id")
    .$if(afterId !== null, (q) => q.where("id", ">", afterId as string))
    .orderBy("id")
    .limit(take)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Checks a new or changed `parentId`: the parent exists in the tenant, is not archived,
 * and is neither the account itself nor one of its descendants (which would close a cycle).
 */
export async function assertValidParent(
  op: OperationContext,
  accountId: string,
  parentId: string,
  isNew: boolean,
): Promise<void> {
  if (parentId === accountId) throw ValidationError.forField(["parentId"], "An account cannot be its own parent");
  if (!isNew) {
    // Serialises the tenant's hierarchy changes until commit, so two concurrent moves
    // (A under B, B under A) cannot both pass the check below.
    await op.lock("account_hierarchy");
  }
  const chain = await chainUpFrom(op, parentId);
  const parent = chain.find((r) => r.id === parentId);
  if (!parent) throw ValidationError.forField(["parentId"], `No account ${parentId} in this tenant`, { parentId });
  if (parent.archived_at !== null)
    throw ValidationError.forField(["parentId"], `Account ${parentId} is archived`, { parentId });
  if (!isNew && chain.some((r) => r.id === accountId)) {
    throw ValidationError.forField(
      ["parentId"],
      `Account ${parentId} is below ${accountId}; making it the parent would create a cycle`,
      {
        parentId,
      },
    );
  }
}
