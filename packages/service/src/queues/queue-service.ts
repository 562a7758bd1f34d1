import {
  type ChangeEvent,
  createEntityService,
  type EntityService,
  idSchema,
  type ModuleContext,
  NotFoundError,
  type OperationContext,
  parseInput,
  userIdSchema,
  ValidationError,
} from "@rapport/core";
import { runCompiled } from "@rapport/core/internals";
import { sql } from "kysely";
import * as z from "zod";
import { oncePerOperation } from "../shared/operation-memo.js";
import { type QueueRow, serviceDb, UNRESOLVED_STATUSES } from "../shared/service-tables.js";
import { type Queue, type QueueMember, queueEntity } from "./queue-entity.js";
import {
  type CreateQueueInput,
  type QueueMemberInput,
  queueMemberSchema,
  type UpdateQueueInput,
} from "./queue-schema.js";

/** Queues: the standard service plus membership. */
export interface QueueService extends EntityService<Queue, CreateQueueInput, UpdateQueueInput> {
  /** Adds an agent to a queue (or updates their availability if already a member). Emits `service_queue.member_added`. */
  addMember(queueId: string, member: QueueMemberInput): Promise<QueueMember>;
  /** Removes an agent from a queue; their assigned cases stay with them. Throws `NotFoundError` for a non-member. */
  removeMember(queueId: string, userId: string): Promise<void>;
  /** Marks a member available or away; away members receive no work. */
  setAvailability(queueId: string, userId: string, available: boolean): Promise<QueueMember>;
  /** The queue's members with their unresolved case counts, by user id. */
  members(queueId: string): Promise<QueueMember[]>;
}

/** Queue rows read under a row lock in their operation: handing work out from them needs no second lock. */
const lockedQueues = new WeakSet<QueueRow>();

/**
 * The queue `queueId` names, for a record that points at it. An unknown or archived queue is
 * a `ValidationError` on `path`: the caller's input is wrong, not the queue missing. With
 * `forHandOut` the row is read locked (where the database has row locks), so a
 * {@link pickAgent} from it that follows in the operation does not lock it again.
 */
export async function requireQueue(
  op: OperationContext,
  queueId: string,
  path: readonly PropertyKey[],
  options: { readonly forHandOut?: boolean } = {},
): Promise<QueueRow> {
  const lock = options.forHandOut === true && op.adapter.capabilities.rowLocking;
  // Opening a case reads its queue to route it, then again when validating the record.
  const row = await oncePerOperation(op, `queue:${queueId}`, async () => {
    const shape = lock ? "service:queue:row-for-update" : "service:queue:row";
    const {
      rows: [read],
    } = await runCompiled<QueueRow>(op, shape, [op.tenantId, queueId], () => {
      const query = serviceDb(op)
        .selectFrom("service_queues")
        .selectAll()
        .where("tenant_id", "=", op.tenantId)
        .where("id", "=", queueId);
      return lock ? query.forUpdate() : query;
    });
    if (read && lock) lockedQueues.add(read);
    return read;
  });
  if (!row) throw ValidationError.forField(path, `Unknown queue ${queueId}`, { queueId });
  if (row.archived_at !== null) throw ValidationError.forField(path, `Queue ${queueId} is archived`, { queueId });
  return row;
}

function memberQuery(op: OperationContext, queueId: string) {
  const db = serviceDb(op);
  return db
    .selectFrom("service_queue_members as m")
    .leftJoin("service_cases as c", (join) =>
      join
        .onRef("c.tenant_id", "=", "m.tenant_id")
        .onRef("c.owner_id", "=", "m.user_id")
        .on("c.status", "in", [...UNRESOLVED_STATUSES])
        .on("c.archived_at", "is", null),
    )
    .select(["m.queue_id", "m.user_id", "m.available", "m.turn", "m.last_assigned_at"])
    .select((eb) => eb.fn.count<number | string>("c.id").as("open_cases"))
    .where("m.tenant_id", "=", op.tenantId)
    .where("m.queue_id", "=", queueId)
    .groupBy(["m.queue_id", "m.user_id", "m.available", "m.turn", "m.last_assigned_at"]);
}

function toMember(row: {
  queue_id: string;
  user_id: string;
  available: number;
  last_assigned_at: string | null;
  open_cases: number | string;
}): QueueMember {
  return {
    queueId: row.queue_id,
    userId: row.user_id,
    available: Number(row.available) === 1,
    lastAssignedAt: row.last_assigned_at,
    openCases: Number(row.open_cases),
  };
}

/**
 * Picks the agent who gets the next case of `queue` and records their turn. Round robin:
 * the available member whose turn is oldest. Least loaded: the available member with the
 * fewest unresolved cases, then the oldest turn. Ties go to the lower user id. `null` for
 * manual queues and queues with no available member.
 */
export async function pickAgent(op: OperationContext, queue: QueueRow): Promise<string | null> {
  if (queue.distribution === "manual") return null;
  const db = serviceDb(op);
  // Lock the queue row so two concurrent hand-outs cannot give the same turn twice. Without
  // row locks (SQLite) the transaction already holds the database's only write lock.
  if (op.adapter.capabilities.rowLocking && !lockedQueues.has(queue)) {
    await db
      .selectFrom("service_queues")
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", queue.id)
      .forUpdate()
      .executeTakeFirst();
  }
  // Only least-loaded hand-outs count open cases: the join grows with the tenant's cases.
  const next =
    queue.distribution === "least_loaded"
      ? await memberQuery(op, queue.id)
          .where("m.available", "=", 1)
          .orderBy(sql`count(c.id)`, "asc")
          .orderBy("m.turn", "asc")
          .orderBy("m.user_id", "asc")
          .limit(1)
          .executeTakeFirst()
      : (
          await runCompiled(op, "service:queue:next-in-turn", [op.tenantId, queue.id, 1], () =>
            db
              .selectFrom("service_queue_members as m")
              .select("m.user_id")
              .where("m.tenant_id", "=", op.tenantId)
              .where("m.queue_id", "=", queue.id)
              .where("m.available", "=", 1)
              .orderBy("m.turn", "asc")
              .orderBy("m.user_id", "asc")
              // A literal: SQLite sorts for a bound LIMIT as if it could be large (twice the time here).
              .limit(sql.lit(1)),
          )
        ).rows[0];
  if (!next) return null;
  // The member's turn becomes the queue's latest: one past the highest turn so far.
  const parameters = [op.tenantId, queue.id, op.timestamp, op.tenantId, queue.id, next.user_id];
  await runCompiled(op, "service:queue:take-turn", parameters, () =>
    db
      .updateTable("service_queue_members")
      .set((eb) => ({
        turn: eb
          .selectFrom("service_queue_members as top")
          .select(sql<number>`coalesce(max(top.turn), 0) + 1`.as("turn"))
          .where("top.tenant_id", "=", op.tenantId)
          .where("top.queue_id", "=", queue.id),
        last_assigned_at: op.timestamp,
      }))
      .where("tenant_id", "=", op.tenantId)
      .where("queue_id", "=", queue.id)
      .where("user_id", "=", next.user_id),
  );
  return next.user_id;
}

/** Loads a queue for a membership change through the record layer: locked, `service_queue:manage_members` checked. */
function loadForMembers(op: OperationContext, queueId: string, allowArchived: boolean): Promise<Queue> {
  return op
    .records(queueEntity)
    .loadForChange(parseInput(idSchema("que"), queueId), { authorize: "manage_members", allowArchived });
}

/** A member as a queue's audit entry shows it. */
interface MemberState {
  readonly member: string;
  readonly available: boolean;
}

/**
 * Records a membership change as a change of the queue: a new version, audited as `action`
 * with the member before and after. A change that changes nothing writes and emits nothing.
 */
function changeMember(
  op: OperationContext,
  queue: Queue,
  action: string,
  before: MemberState | null,
  after: MemberState | null,
  events: readonly ChangeEvent[] = [],
): Promise<Queue> {
  return op
    .records(queueEntity)
    .change(queue, {}, { action, extra: [{ field: "member", before, after }], events: () => events });
}

async function readMember(op: OperationContext, queueId: string, userId: string): Promise<QueueMember> {
  const row = await memberQuery(op, queueId).where("m.user_id", "=", userId).executeTakeFirst();
  if (!row) throw new NotFoundError("service_queue_member", `${queueId}/${userId}`);
  return toMember(row);
}

/** Builds `client.service.queues`. */
export function createQueueService(ctx: ModuleContext): QueueService {
  const base = createEntityService(ctx, queueEntity);
  return {
    ...base,
    addMember: (queueId, member) =>
      ctx.run(async (op) => {
        const input = parseInput(queueMemberSchema, member);
        const queue = await loadForMembers(op, queueId, false);
        const db = serviceDb(op);
        const existing = await db
          .selectFrom("service_queue_members")
          .select("available")
          .where("tenant_id", "=", op.tenantId)
          .where("queue_id", "=", queue.id)
          .where("user_id", "=", input.userId)
          .executeTakeFirst();
        if (existing) {
          await db
            .updateTable("service_queue_members")
            .set({ available: input.available ? 1 : 0 })
            .where("tenant_id", "=", op.tenantId)
            .where("queue_id", "=", queue.id)
            .where("user_id", "=", input.userId)
            .execute();
        } else {
          await db
            .insertInto("service_queue_members")
            .values({
              tenant_id: op.tenantId,
              queue_id: queue.id,
              user_id: input.userId,
              available: input.available ? 1 : 0,
              turn: 0,
              last_assigned_at: null,
              added_at: op.timestamp,
            })
            .execute();
        }
        await changeMember(
          op,
          queue,
          "add_member",
          existing ? { member: input.userId, available: Number(existing.available) === 1 } : null,
          { member: input.userId, available: input.available },
          [{ type: "service_queue.member_added", data: { queueId: queue.id, userId: input.userId } }],
        );
        return readMember(op, queue.id, input.userId);
      }),
    removeMember: (queueId, userId) =>
      ctx.run(async (op) => {
        const user = parseInput(userIdSchema, userId);
        const queue = await loadForMembers(op, queueId, true);
        const member = await readMember(op, queue.id, user);
        await serviceDb(op)
          .deleteFrom("service_queue_members")
          .where("tenant_id", "=", op.tenantId)
          .where("queue_id", "=", queue.id)
          .where("user_id", "=", user)
          .execute();
        await changeMember(op, queue, "remove_member", { member: user, available: member.available }, null, [
          { type: "service_queue.member_removed", data: { queueId: queue.id, userId: user } },
        ]);
      }),
    setAvailability: (queueId, userId, available) =>
      ctx.run(async (op) => {
        const user = parseInput(userIdSchema, userId);
        const flag = parseInput(z.boolean(), available);
        const queue = await loadForMembers(op, queueId, true);
        const member = await readMember(op, queue.id, user);
        await serviceDb(op)
          .updateTable("service_queue_members")
          .set({ available: flag ? 1 : 0 })
          .where("tenant_id", "=", op.tenantId)
          .where("queue_id", "=", queue.id)
          .where("user_id", "=", user)
          .execute();
        await changeMember(
          op,
          queue,
          "set_availability",
          { member: user, available: member.available },
          { member: user, available: flag },
        );
        return { ...member, available: flag };
      }),
    members: (queueId) =>
      ctx.read(async (op) => {
        const queue = await op.records(queueEntity).get(parseInput(idSchema("que"), queueId));
        const rows = await memberQuery(op, queue.id).orderBy("m.user_id").execute();
        return rows.map(toMember);
      }),
  };
}
