import type { SelectQueryBuilder } from "kysely";
import { type ChangeBatch, type ChangesOptions, readChanges } from "../events/change-feed.js";
import { EventBus, type HandlerErrorReporter } from "../events/event-bus.js";
import type { AnyCrmEvent, CrmEvent, EventPayloads } from "../events/event-types.js";
import type { JobRunReport } from "../jobs/job.js";
import { runDueJobs } from "../jobs/job-runner.js";
import { type Clock, systemClock } from "../kernel/clock.js";
import type { AnyModule, ModuleHookNames } from "../kernel/define-module.js";
import { DuplicateError, ForbiddenError, NotFoundError } from "../kernel/errors.js";
import { type BeforeHook, HookRegistry } from "../kernel/hooks.js";
import { IdGenerator } from "../kernel/ids.js";
import type { Kernel } from "../kernel/kernel.js";
import { assertHookDeclared, checkModuleDeclarations } from "../kernel/module-checks.js";
import { insideTransaction, Scope } from "../kernel/scope.js";
import { toCrmErrorOf } from "../kernel/storage-errors.js";
import { UnitOfWork } from "../kernel/unit-of-work.js";
import { parseInput } from "../kernel/validate.js";
import { type Actor, type ActorInput, actorSchema, tenantIdSchema } from "../permissions/actor.js";
import type { Permission } from "../permissions/permission-catalog.js";
import { Policy, type ScopedRecord } from "../permissions/policy.js";
import { type RestrictOptions, restrictQuery } from "../permissions/restrict.js";
import { assertNoTableProblems, checkEntityTables } from "../storage/entity-table-check.js";
import { type MigrationReport, runMigrations } from "../storage/migration-runner.js";
import { inNewTransaction } from "../storage/new-transaction.js";
import type { StorageAdapter } from "../storage/storage-adapter.js";
import {
  type CreateTenantInput,
  createTenantSchema,
  type Tenant,
  type TenantRow,
  type TenantService,
  toTenant,
} from "../tenants/tenant-service.js";
import { type CoreEvents, coreModule } from "./core-module.js";
import { orderModules } from "./module-order.js";
import { buildClient, type CoreClient, type ScopedClient } from "./scoped-client.js";

/** Options of {@link createCrm}. */
export interface CreateCrmOptions<M extends readonly AnyModule[]> {
  /** Where the data lives: `sqliteAdapter(...)` or `postgresAdapter(...)`. */
  readonly adapter: StorageAdapter;
  /** Domain modules and plugins. Their clients appear on scoped clients under their names. @default [] */
  readonly modules?: M;
  /** Where time comes from. @default the system clock */
  readonly clock?: Clock;
  /** Apply pending migrations before returning. @default true */
  readonly migrate?: boolean;
  /**
   * After migrating, check that every module's entity declarations agree with the tables
   * its migrations made (one query), and fail with a `CrmError` (`ENTITY_TABLE_MISMATCH`)
   * naming the module, the entity and each disagreement. Skipped without `migrate`.
   * @default true, except when `NODE_ENV` is `"production"`
   */
  readonly checkTables?: boolean;
  /** Called when an event handler throws. @default logs with `console.error` */
  readonly onHandlerError?: HandlerErrorReporter;
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/**
 * The hook names of a CRM with modules `M`: every declared `<type>.create|update|archive`
 * and hook point of the core and the modules. `crm.before("acount.create", …)` does not compile.
 */
export type HookNames<M extends readonly AnyModule[]> =
  | ModuleHookNames<typeof coreModule>
  | { [I in keyof M]: ModuleHookNames<M[I]> }[number];

/** Every event of a CRM with modules `M`: name → payload. */
export type CrmEvents<M extends readonly AnyModule[]> = CoreEvents &
  UnionToIntersection<
    { [I in keyof M]: M[I] extends { readonly events?: infer E } ? EventPayloads<NonNullable<E>> : never }[number]
  >;

/** A running Rapport instance; see {@link createCrm}. */
export interface Crm<M extends readonly AnyModule[] = readonly []> {
  readonly adapter: StorageAdapter;
  readonly clock: Clock;
  /** The permission engine: `crm.policy.can(actor, "account:update", record)`. */
  readonly policy: Policy;
  readonly tenants: TenantService;
  /** A client acting as `actor` in `actor.tenantId`. Throws `ValidationError` for a malformed actor. */
  as(actor: ActorInput): ScopedClient<M>;
  /** A client with every permission in `tenantId`; its changes are audited as `"system"`. */
  system(tenantId: string): ScopedClient<M>;
  /**
   * Subscribes to an event (or `"*"` for all). Handlers run after commit, in commit order;
   * one that throws is reported to `onHandlerError` and undoes nothing. Returns an unsubscribe function.
   */
  on<K extends keyof CrmEvents<M> & string>(
    type: K,
    handler: (event: CrmEvent<K, CrmEvents<M>[K]>) => unknown,
  ): () => void;
  on(type: "*", handler: (event: AnyCrmEvent<CrmEvents<M>>) => unknown): () => void;
  /**
   * Whether `actor` may perform `permission` (on `record`, and on its `field` when given:
   * `read` needs the field visible, other actions need it writable). Takes the tenant's own
   * roles into account — the same decision Rapport makes for its own calls. Give the
   * record's `id` too, so records the entity shares with the actor (an opportunity's team)
   * count as they do for `get`.
   *
   * @example
   * ```ts
   * if (await crm.can(actor, "account:update", { ownerId: row.owner_id }, "annualRevenue")) { … }
   * ```
   */
  can(actor: ActorInput, permission: Permission, record?: ScopedRecord, field?: string): Promise<boolean>;
  /**
   * Narrows a host's own Kysely query to the rows `actor` may see under `permission` — the
   * same answer as {@link Crm.can} and Rapport's own `get`/`list`. The query is always
   * confined to the actor's tenant (`tenantColumn`); then `all` scope adds nothing more,
   * `own` keeps the actor's rows (`ownerColumn`), and `team` keeps the rows of the actor and
   * their team mates plus the records the entity shares with the actor (`sharedWith`, an
   * opportunity's team) through `idColumn`. Columns default to the query's first `FROM`
   * item's alias (or table name): `<from>.tenant_id`, `<from>.owner_id` (the entity's owner
   * column when the query reads the entity's own table) and, on the entity's own table,
   * `<from>.id`. Throws `ForbiddenError` when the actor lacks the permission.
   *
   * @example
   * ```ts
   * const invoices = db.selectFrom("invoices as i").innerJoin("sales_opportunities as o", "o.id", "i.opportunity_id").selectAll("i");
   * const query = await crm.restrict(actor, "opportunity:read", invoices, {
   *   tenantColumn: "o.tenant_id", ownerColumn: "o.owner_id", idColumn: "o.id",
   * });
   * ```
   */
  restrict<QB extends SelectQueryBuilder<any, any, any>>(
    actor: ActorInput,
    permission: Permission,
    query: QB,
    options?: RestrictOptions,
  ): Promise<QB>;
  /**
   * Registers a host `before` hook on a domain verb (`"account.create"`). Returns a function
   * that removes it. Throws `ValidationError` for a name no module declares (see
   * `ModuleDefinition.hookPoints`), which would never run.
   */
  before<P = any>(hook: HookNames<M>, fn: BeforeHook<P>): () => void;
  readonly jobs: {
    /** Runs every module's due work (SLA timers, reminders, renewals) at the clock's time. Starts no timers. */
    runDue(): Promise<JobRunReport>;
  };
  readonly changes: {
    /** Committed events after `cursor` (from the start when omitted), in commit order. */
    since(cursor?: string, options?: ChangesOptions): Promise<ChangeBatch<AnyCrmEvent<CrmEvents<M>>>>;
  };
  /** Applies pending migrations of the core and every module. Running it again applies nothing. */
  migrate(): Promise<MigrationReport>;
  /** Closes the adapter's connections. */
  close(): Promise<void>;
}

/**
 * Creates a CRM over a storage adapter with the given modules, and (unless
 * `migrate: false`) brings the database schema up to date.
 *
 * @example
 * ```ts
 * const crm = await createCrm({ adapter: sqliteAdapter({ filename: ":memory:" }), modules: [sales()] });
 * await crm.tenants.create({ id: "acme", name: "Acme Ltd" });
 * const alice = crm.as({ tenantId: "acme", userId: "alice", roles: ["sales_rep"] });
 * const account = await alice.accounts.create({ name: "Globex", type: "customer" });
 * ```
 */
export async function createCrm<const M extends readonly AnyModule[] = readonly []>(
  options: CreateCrmOptions<M>,
): Promise<Crm<M>> {
  const modules = orderModules(options.modules ?? []);
  const allModules: AnyModule[] = [coreModule, ...modules];
  const clock = options.clock ?? systemClock;
  const declarations = checkModuleDeclarations(allModules);
  const hooks = new HookRegistry();
  for (const module of allModules) {
    for (const [name, hook] of Object.entries(module.hooks ?? {})) hooks.add(name, hook);
  }
  const kernel: Kernel = {
    adapter: options.adapter,
    clock,
    ids: new IdGenerator(clock),
    policy: new Policy(allModules.map((m) => m.permissions ?? {})),
    hooks,
    bus: new EventBus(
      options.onHandlerError ?? ((error, event) => console.error(`Rapport: handler of ${event.type} failed`, error)),
    ),
    entities: new Map(allModules.flatMap((m) => (m.entities ?? []).map((e) => [e.type, e] as const))),
    knownTenants: new Set(),
  };
  const clientFor = (scope: Scope) => buildClient(scope, modules);
  const scoped = (actor: Actor) => clientFor(new Scope(kernel, actor, clientFor)) as ScopedClient<M>;
  const systemActor = (tenantId: string): Actor =>
    Object.freeze({ tenantId: parseInput(tenantIdSchema, tenantId), userId: "system", roles: [], system: true });

  // Calls that do not run through a Scope map what the database throws to CrmErrors here, as scopes do.
  const asCrmErrors = <T>(work: Promise<T>): Promise<T> =>
    work.catch((error: unknown) => {
      throw toCrmErrorOf(kernel.adapter, error);
    });

  const tenants: TenantService = {
    create: async (input: CreateTenantInput) =>
      asCrmErrors(createTenant(kernel, allModules, parseInput(createTenantSchema, input), systemActor, clientFor)),
    get: async (id) => {
      const row = await asCrmErrors(
        kernel.adapter.db
          .selectFrom("rapport_tenants")
          .selectAll()
          .where("tenant_id", "=", parseInput(tenantIdSchema, id))
          .executeTakeFirst(),
      );
      if (!row) throw new NotFoundError("tenant", id);
      return toTenant(row as TenantRow);
    },
    list: async () =>
      (
        await asCrmErrors(kernel.adapter.db.selectFrom("rapport_tenants").selectAll().orderBy("tenant_id").execute())
      ).map((row) => toTenant(row as TenantRow)),
  };

  const crm: Crm<M> = {
    adapter: options.adapter,
    clock,
    policy: kernel.policy,
    tenants,
    as: (actor) => scoped(Object.freeze(parseInput(actorSchema, actor))),
    system: (tenantId) => scoped(systemActor(tenantId)),
    on: ((type: string, handler: (event: CrmEvent) => unknown) => kernel.bus.on(type, handler)) as Crm<M>["on"],
    before: (hook, fn) => {
      assertHookDeclared(declarations, hook);
      return hooks.add(hook, fn);
    },
    can: async (actorInput, permission, record, field) => {
      const actor = parseInput(actorSchema, actorInput);
      return new Scope(kernel, actor, clientFor).read(async (op) => {
        try {
          await op.authorize(permission, record);
        } catch (error) {
          if (error instanceof ForbiddenError) return false;
          throw error;
        }
        if (field === undefined) return true;
        const [entity = "", action] = permission.split(":");
        const access = (await op.policy()).fieldAccess(actor, entity, field);
        return action === "read" ? access !== "hidden" : access === "write";
      });
    },
    restrict: async (actorInput, permission, query, restrictOptions = {}) => {
      const actor = parseInput(actorSchema, actorInput);
      return new Scope(kernel, actor, clientFor).read((op) => restrictQuery(op, permission, query, restrictOptions));
    },
    jobs: {
      runDue: () =>
        asCrmErrors(
          runDueJobs(
            allModules.flatMap((m) => m.jobs ?? []),
            kernel.adapter,
            clock,
            (tenantId) => scoped(systemActor(tenantId)),
            (tenantId, fn) => new Scope(kernel, systemActor(tenantId), clientFor).run(fn),
          ),
        ),
    },
    changes: {
      since: (cursor, changeOptions = {}) =>
        asCrmErrors(readChanges(kernel.adapter.db, cursor, changeOptions)) as Promise<
          ChangeBatch<AnyCrmEvent<CrmEvents<M>>>
        >,
    },
    migrate: () =>
      runMigrations(
        kernel.adapter,
        allModules.map((m) => ({ module: m.name, migrations: m.migrations ?? [] })),
        clock,
      ),
    close: () => kernel.adapter.close(),
  };
  await kernel.adapter.initialize();
  if (options.migrate !== false) {
    await crm.migrate();
    if (options.checkTables ?? globalThis.process?.env?.NODE_ENV !== "production") {
      const declared = allModules.map((m) => ({ module: m.name, entities: m.entities ?? [] }));
      try {
        assertNoTableProblems(await checkEntityTables(kernel.adapter, declared));
      } catch (error) {
        await kernel.adapter.close();
        throw error;
      }
    }
  }
  return crm;
}

async function createTenant(
  kernel: Kernel,
  modules: readonly AnyModule[],
  input: { id: string; name: string },
  systemActor: (tenantId: string) => Actor,
  clientFor: (scope: Scope) => CoreClient,
): Promise<Tenant> {
  const actor = systemActor(input.id);
  let uow: UnitOfWork | undefined;
  const tenant = await inNewTransaction(kernel.adapter, (trx) =>
    insideTransaction(kernel, async () => {
      const existing = await trx
        .selectFrom("rapport_tenants")
        .select("tenant_id")
        .where("tenant_id", "=", input.id)
        .executeTakeFirst();
      if (existing) throw new DuplicateError(`Tenant "${input.id}" already exists`, { details: { id: input.id } });
      const createdAt = kernel.clock.now().toISOString();
      try {
        await trx
          .insertInto("rapport_tenants")
          .values({ tenant_id: input.id, name: input.name, created_at: createdAt })
          .execute();
      } catch (error) {
        if (kernel.adapter.isUniqueViolation(error)) {
          throw new DuplicateError(`Tenant "${input.id}" already exists`, { details: { id: input.id }, cause: error });
        }
        throw error;
      }
      uow = new UnitOfWork(kernel, trx, input.id);
      const bound = uow;
      const scope = new Scope(kernel, actor, clientFor, { kind: "own", uow: bound });
      await scope.run(async (op) => {
        for (const module of modules) await module.onTenantCreated?.(op);
        op.emit("tenant.created", { id: input.id, name: input.name });
      });
      await bound.flush();
      return { id: input.id, name: input.name, createdAt };
    }),
  );
  kernel.knownTenants.add(tenant.id);
  if (uow) kernel.bus.deliver(uow.events);
  return tenant;
}
