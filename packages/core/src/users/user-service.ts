import { type WriteOptions, writeOptionsSchema } from "../entities/base-record.js";
import { type ListOptions, listOptionsSchema, type Page } from "../entities/list-query.js";
import { ConflictError, DuplicateError, NotFoundError, ValidationError } from "../kernel/errors.js";
import type { ModuleContext } from "../kernel/module-context.js";
import type { OperationContext } from "../kernel/operation-context.js";
import { parseInput } from "../kernel/validate.js";
import { userIdSchema } from "../schemas/common-schemas.js";
import { serializeTenantWrites } from "./tenant-lock.js";
import { toUserProfile, type UserRecord, userEntity } from "./user-entity.js";
import {
  type Report,
  type ReportsOptions,
  reportsOptionsSchema,
  type UpsertUserInput,
  type User,
  upsertUserSchema,
} from "./user-schema.js";
import { findUser, isInLineBelow, listUsers, MAX_MANAGER_DEPTH, reportsOf } from "./user-store.js";

/**
 * CRM user profiles: the people of the host's user base as the CRM knows them (name,
 * email, manager, territory). Ids are the host's; Rapport never creates users of its own.
 */
export interface UserService {
  /**
   * Creates the profile `input.id`, or updates it when it exists (absent optional keys are
   * kept). Idempotent: an upsert that changes nothing writes nothing. A `managerId` must
   * name another profile of the tenant and may not make the manager line loop
   * (`ValidationError`). Emits `user.created` or `user.updated`. Needs `user:upsert`.
   */
  upsert(input: UpsertUserInput, options?: WriteOptions): Promise<User>;
  /** The profile `id`; `NotFoundError` when the tenant has none. Needs `user:read`. */
  get(id: string): Promise<User>;
  /** A page of profiles (filter by `active`, `managerId`, `territory`…). Needs `user:read`. */
  list(options?: ListOptions): Promise<Page<User>>;
  /**
   * The people below `userId` in the manager line, nearest first (`depth` 1 = direct
   * report), from one recursive SQL query. `NotFoundError` when `userId` has no profile.
   * Needs `user:read`.
   *
   * @example
   * ```ts
   * const team = await client.users.reports("maria", { depth: "direct" });
   * ```
   */
  reports(userId: string, options?: ReportsOptions): Promise<Report[]>;
}

/** Builds the users service of a scoped client. */
export function createUserService(ctx: ModuleContext): UserService {
  const upsertOnce = (input: UpsertUserInput, options: WriteOptions) =>
    ctx.run(async (op) => {
      const parsed = parseInput(upsertUserSchema, input);
      const { expectedVersion } = parseInput(writeOptionsSchema, options);
      await op.authorize("user:upsert");
      const values = await op.before("user.upsert", parsed);
      return upsertIn(op, values, expectedVersion);
    });

  return {
    upsert: async (input, options = {}) => {
      try {
        return await upsertOnce(input, options);
      } catch (error) {
        // Another upsert created the same profile between our read and insert: it exists now.
        if (error instanceof DuplicateError && error.details.retryable === true && !ctx.inTransaction)
          return upsertOnce(input, options);
        throw error;
      }
    },
    get: (id) =>
      ctx.read(async (op) => {
        const userId = parseInput(userIdSchema, id);
        const user = await findUser(op, userId);
        if (!user) throw new NotFoundError("user", userId);
        await op.authorize("user:read", { ownerId: user.id, createdBy: user.createdBy });
        return user;
      }),
    list: (options = {}) =>
      ctx.read(async (op) => {
        const parsed = parseInput(listOptionsSchema, options);
        return listUsers(op, await op.ownerScope("user:read"), parsed);
      }),
    reports: (userId, options = {}) =>
      ctx.read(async (op) => {
        const id = parseInput(userIdSchema, userId);
        const { depth = "all", includeInactive = false } = parseInput(reportsOptionsSchema, options);
        const scope = await op.ownerScope("user:read");
        if (!(await findUser(op, id))) throw new NotFoundError("user", id);
        return reportsOf(op, id, scope, depth === "direct" ? 1 : MAX_MANAGER_DEPTH, includeInactive);
      }),
  };
}

type ParsedUpsert = ReturnType<typeof upsertUserSchema.parse>;

async function upsertIn(op: OperationContext, input: ParsedUpsert, expectedVersion: number | undefined): Promise<User> {
  const users = op.records(userEntity);
  // `user:upsert` was checked for the call; a profile is not owned, so no record check follows.
  const existing = await users.loadForChange(input.id, { authorize: false, allowArchived: true }).catch((error) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  if (expectedVersion !== undefined && existing?.version !== expectedVersion) {
    throw new ConflictError(
      `user ${input.id} is at version ${existing?.version ?? "none"}, not ${expectedVersion}; read it again and retry`,
      {
        details: { id: input.id, expectedVersion, actualVersion: existing?.version ?? null },
      },
    );
  }
  const profile = {
    name: input.name,
    email: pick(input.email, existing?.email),
    active: input.active ?? existing?.active ?? true,
    managerId: pick(input.managerId, existing?.managerId),
    territory: pick(input.territory, existing?.territory),
    title: pick(input.title, existing?.title),
  };
  if (profile.managerId !== null && profile.managerId !== (existing?.managerId ?? null)) {
    await checkManager(op, input.id, profile.managerId);
  }
  if (existing) return toUserProfile(await users.change(existing, profile));
  try {
    const [created] = await users.insert([{ id: input.id, ...profile }]);
    return toUserProfile(created as UserRecord);
  } catch (error) {
    if (!op.adapter.isUniqueViolation(error)) throw error;
    throw new DuplicateError(`user ${input.id} was created concurrently`, {
      details: { id: input.id, retryable: true },
      cause: error,
    });
  }
}

/** `undefined` keeps the current value; `null` clears it. */
function pick<T>(given: T | null | undefined, current: T | null | undefined): T | null {
  return given === undefined ? (current ?? null) : given;
}

/** The new manager must exist and must not sit below the user: that would close a loop. */
async function checkManager(op: OperationContext, userId: string, managerId: string): Promise<void> {
  // Two concurrent changes could each pass the loop check alone and close a loop together.
  await serializeTenantWrites(op);
  if (managerId === userId) throw ValidationError.forField(["managerId"], "A user cannot be their own manager");
  if (!(await findUser(op, managerId))) throw new NotFoundError("user", managerId);
  if (await isInLineBelow(op, userId, managerId)) {
    throw ValidationError.forField(
      ["managerId"],
      `${managerId} reports to ${userId}; making them ${userId}'s manager would create a loop`,
      {
        userId,
        managerId,
      },
    );
  }
}
