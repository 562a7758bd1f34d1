import type { Kysely } from "kysely";
import { columnOf, type FieldSpec } from "../entities/fields.js";
import type { Actor } from "../permissions/actor.js";
import type { Permission } from "../permissions/permission-catalog.js";
import { type Policy, permissionDenied, type RoleDefinition } from "../permissions/policy.js";
import { recordAccess } from "../records/record-access.js";
import { searchEntity } from "../search/entity-search.js";
import { runCompiled } from "../storage/compiled-statements.js";
import { NotFoundError, ValidationError } from "./errors.js";
import type { Kernel } from "./kernel.js";
import { assertRolesExist } from "./known-roles.js";
import type { OperationClient, OperationContext, OwnerScope } from "./operation-context.js";
import type { UnitOfWork } from "./unit-of-work.js";

interface OperationSetup {
  readonly kernel: Kernel;
  readonly actor: Actor;
  readonly tenantId: string;
  /** The unit of work writes go to; absent for reads outside a transaction. */
  readonly uow: UnitOfWork | undefined;
  readonly client: () => unknown;
  /** Whether permission checks pass (an operation from `op.asSystem()`). */
  readonly privileged: boolean;
  /** The same operation, privileged (its client too). */
  readonly asSystem: () => OperationContext;
}

/** The columns `recordRef` reads of a record. */
interface RecordRefRow {
  id: string;
  created_by: string;
  archived_at: string | null;
  owner_id?: string | null;
}

/** Builds the context one operation runs with. Reads get a context whose `emit`/`audit` refuse. */
export function createOperation({
  kernel,
  actor,
  tenantId,
  uow,
  client,
  privileged,
  asSystem,
}: OperationSetup): OperationContext {
  const now = kernel.clock.now();
  const timestamp = now.toISOString();
  const db: Kysely<any> = uow?.trx ?? kernel.adapter.db;
  let teamMates: Promise<ReadonlySet<string>> | undefined;
  const loadTeamMates = () => {
    // Every list under team scope asks: reuse the compiled SQL rather than build the join each time.
    teamMates ??= runCompiled<{ user_id: string }>(
      { adapter: kernel.adapter, db },
      "team-mates",
      [tenantId, actor.userId],
      () =>
        db
          .selectFrom("rapport_team_members as mine")
          .innerJoin("rapport_team_members as theirs", (join) =>
            join.onRef("theirs.tenant_id", "=", "mine.tenant_id").onRef("theirs.team_id", "=", "mine.team_id"),
          )
          .select("theirs.user_id")
          .distinct()
          .where("mine.tenant_id", "=", tenantId)
          .where("mine.user_id", "=", actor.userId),
    ).then((result) => new Set(result.rows.map((r) => r.user_id)));
    return teamMates;
  };
  let effective: Promise<Policy> | undefined;
  // A privileged operation decides by the default roles only: they hide no fields.
  const policy = () => {
    effective ??= privileged ? Promise.resolve(kernel.policy) : loadPolicy(kernel, db, actor, tenantId);
    return effective;
  };
  // A record the entity's `sharedWith` shares with the actor counts as in their team scope.
  const isShared = async (permission: Permission, id: string | undefined): Promise<boolean> => {
    const separator = permission.indexOf(":");
    const definition = kernel.entities.get(permission.slice(0, separator));
    const shared = id === undefined ? null : (definition?.sharedWith?.(op, permission.slice(separator + 1)) ?? null);
    if (shared === null) return false;
    const row = await db
      .selectFrom(shared.as("shared"))
      .select("shared.id")
      .where("shared.id", "=", id)
      .executeTakeFirst();
    return row !== undefined;
  };
  const requireUow = (what: string): UnitOfWork => {
    if (!uow) throw new Error(`${what} is not allowed in a read operation; use ctx.run`);
    return uow;
  };
  const op: OperationContext = {
    db,
    adapter: kernel.adapter,
    actor,
    tenantId,
    now,
    timestamp,
    newId: (prefix) => kernel.ids.next(prefix),
    lock: (key) => kernel.adapter.lock(requireUow("lock").trx, `${tenantId}:${key}`),
    emit: (type, data) => requireUow("emit").emit(actor, timestamp, type, data),
    audit: (entry) => requireUow("audit").audit(actor, timestamp, [entry]),
    auditMany: (entries) => requireUow("audit").audit(actor, timestamp, entries),
    authorize: async (permission, record) => {
      if (privileged) return;
      const rules = await policy();
      const needsTeam = record !== undefined && rules.scopeOf(actor, permission) === "team";
      const mates = needsTeam ? await loadTeamMates() : undefined;
      if (needsTeam && !rules.can(actor, permission, record, mates) && (await isShared(permission, record.id))) return;
      rules.assert(actor, permission, record, mates);
    },
    scopeOf: async (permission) => (privileged ? "all" : (await policy()).scopeOf(actor, permission)),
    policy,
    ownerScope: async (permission: Permission): Promise<OwnerScope> => {
      if (privileged) return { kind: "all" };
      const scope = (await policy()).scopeOf(actor, permission);
      if (scope === null) {
        throw permissionDenied(actor, permission);
      }
      if (scope === "all") return { kind: "all" };
      if (scope === "own") return { kind: "owners", ownerIds: [actor.userId] };
      return { kind: "owners", ownerIds: [...new Set([actor.userId, ...(await loadTeamMates())])] };
    },
    before: (hook, payload) => kernel.hooks.run(hook, payload, op),
    beforeEach: (hook, payloads) => kernel.hooks.runEach(hook, payloads, op),
    knownEntityTypes: () => [...kernel.entities.keys()],
    entityDefinition: (type) => kernel.entities.get(type),
    recordRef: async (type, id) => {
      const definition = kernel.entities.get(type);
      if (!definition) {
        throw ValidationError.forField(
          ["type"],
          `Unknown record type "${type}"; known: ${[...kernel.entities.keys()].join(", ")}`,
        );
      }
      if (!id.startsWith(`${definition.idPrefix}_`))
        throw ValidationError.forField(["id"], `Expected a ${type} id (${definition.idPrefix}_…)`);
      const ownerColumn = definition.ownerField
        ? columnOf(definition.ownerField, definition.fields[definition.ownerField] as FieldSpec)
        : null;
      // Every link check of a write asks: reuse the compiled SQL of the type's lookup.
      const { rows } = await runCompiled<RecordRefRow>(
        { adapter: kernel.adapter, db },
        `record-ref:${type}`,
        [tenantId, id],
        () =>
          db
            .selectFrom(definition.table)
            .select(["id", "created_by", "archived_at"])
            .$if(ownerColumn !== null, (q) => q.select(`${ownerColumn} as owner_id`))
            .where("tenant_id", "=", tenantId)
            .where("id", "=", id),
      );
      const [row] = rows;
      if (!row) throw new NotFoundError(type, id);
      return {
        type,
        id,
        ownerId: (row.owner_id as string | null | undefined) ?? null,
        createdBy: row.created_by,
        archivedAt: row.archived_at ?? null,
      };
    },
    // The scope builds the core client (plus module clients) for `client()`.
    client: client as () => OperationClient,
    records: (entity) => recordAccess(op, entity),
    search: (entity, request) => searchEntity(op, entity, request),
    asSystem: () => (privileged ? op : asSystem()),
    privileged,
  };
  return op;
}

/** The default roles, plus the tenant's own roles when the actor holds any (one query, only then). */
async function loadPolicy(kernel: Kernel, db: Kysely<any>, actor: Actor, tenantId: string): Promise<Policy> {
  const custom = actor.system ? [] : actor.roles.filter((role) => !kernel.policy.isDefaultRole(role));
  if (custom.length === 0) return kernel.policy;
  const rows = await db
    .selectFrom("rapport_roles")
    .select(["name", "grants", "hidden_fields", "read_only_fields"])
    .where("tenant_id", "=", tenantId)
    .where("name", "in", custom)
    .where("archived_at", "is", null)
    .execute();
  const roles = new Map<string, RoleDefinition>(
    rows.map((row) => [
      row.name as string,
      {
        grants: JSON.parse(row.grants as string),
        hiddenFields: JSON.parse(row.hidden_fields as string),
        readOnlyFields: JSON.parse(row.read_only_fields as string),
      },
    ]),
  );
  await assertRolesExist(db, tenantId, custom, roles);
  return kernel.policy.withRoles(roles);
}
