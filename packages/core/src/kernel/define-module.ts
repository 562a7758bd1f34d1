import type { EntityDefinition } from "../entities/entity-definition.js";
import type { EventCatalog } from "../events/event-types.js";
import type { JobDefinition } from "../jobs/job.js";
import type { PermissionCatalog } from "../permissions/permission-catalog.js";
import type { Migration } from "../storage/migration.js";
import type { BeforeHook, HookPointSpec } from "./hooks.js";
import type { ModuleContext } from "./module-context.js";
import type { OperationContext } from "./operation-context.js";

/**
 * A Rapport module: its own tables, permissions, events, jobs and client. The built-in
 * modules (`sales()`, `service()`, …) are made with {@link defineModule} exactly like a plugin.
 */
export interface ModuleDefinition<
  Name extends string = string,
  Client = unknown,
  Events extends EventCatalog = EventCatalog,
  Tables = any,
  Entities extends readonly EntityDefinition<any, any, any, any, any>[] = readonly EntityDefinition<
    any,
    any,
    any,
    any,
    any
  >[],
  HookPoints extends Readonly<Record<string, HookPointSpec<unknown>>> = {},
> {
  /** The key of the module's client on a scoped client (`crm.as(actor).sales`). Lowercase letters and digits. */
  readonly name: Name;
  /** Modules that MUST be present and are migrated and wired first. */
  readonly dependsOn?: readonly string[];
  /** Schema changes, applied in order by `crm.migrate()`. */
  readonly migrations?: readonly Migration[];
  /** The module's entities' actions and its grants to the default roles. */
  readonly permissions?: PermissionCatalog;
  /**
   * The record types the module owns, so other modules can link to them (an activity
   * `relatedTo` a case) and the kernel can check such links exist in the tenant.
   */
  readonly entities?: Entities;
  /** The events the module emits, declared with `eventOf<Payload>()`. */
  readonly events?: Events;
  /**
   * The tables the module's SQL reads, as Kysely types, declared with `tablesOf<T>()`: they
   * type `op.db` in its client, jobs, hooks and tenant seeding, with no cast. Derive them
   * from the entities (`EntityTables<typeof visitEntity>`) and add core's (`CoreTables`
   * from `@rapport/core/schema`) when the module reads them. Absent: `op.db` is `Kysely<any>`.
   *
   * @example `tables: tablesOf<EntityTables<typeof visitEntity> & Pick<CoreTables, "accounts">>()`
   */
  readonly tables?: TablesSpec<Tables>;
  /**
   * Hook points of the module's own verbs beyond its entities' `<type>.create|update|archive`,
   * which every entity in `entities` has: name → payload, declared with `hookPointOf<Payload>()`.
   * `createCrm` refuses a hook (a module's or `crm.before`'s) on a name no module declares.
   *
   * @example `hookPoints: { "visit.check_in": hookPointOf<{ id: string }>() }`
   */
  readonly hookPoints?: HookPoints;
  /**
   * `before` hooks on domain verbs of any module (`"account.create"`); a thrown `CrmError`
   * vetoes. Each name MUST be a declared hook point (see `hookPoints`).
   */
  readonly hooks?: Readonly<Record<string, BeforeHook<any, Tables>>>;
  /** Time-based work run by `crm.jobs.runDue()`. */
  readonly jobs?: readonly JobDefinition<Tables>[];
  /** Builds the module's public client for one scoped client. */
  readonly client?: (ctx: ModuleContext<Tables>) => Client;
  /** Seeds a new tenant's data (default pipeline, SLA policy), inside the tenant's creation transaction. */
  readonly onTenantCreated?: (op: OperationContext<Tables>) => Promise<void>;
}

/** The phantom carrier of a module's table types; see {@link tablesOf}. */
export interface TablesSpec<Tables> {
  /** Never set at run time. */
  readonly __tables?: Tables;
}

/** Declares the Kysely table types of a module (`tables: tablesOf<MyTables>()`); nothing at run time. */
export function tablesOf<Tables>(): TablesSpec<Tables> {
  return {};
}

/** Any module, whatever its name, client, events and tables. */
export type AnyModule = ModuleDefinition<
  string,
  any,
  any,
  any,
  readonly EntityDefinition<any, any, any, any, any>[],
  any
>;

/**
 * The hook names a module declares: `<type>.create|update|archive` of each of its entities
 * and its own `hookPoints`. Entities declared with a literal `type` give literal names.
 */
export type ModuleHookNames<M> =
  M extends ModuleDefinition<any, any, any, any, infer E, infer H>
    ? `${E[number]["type"]}.${"create" | "update" | "archive"}` | (keyof H & string)
    : never;

/**
 * Declares a module. The returned object is frozen; its `name`, client type and events
 * flow into the types of `createCrm`'s scoped clients and `crm.on`.
 *
 * @example
 * ```ts
 * export const loyalty = () =>
 *   defineModule({
 *     name: "loyalty",
 *     migrations: [createPointsTable],
 *     permissions: { entities: { points: ["read", "grant"] }, roles: { admin: { "points:*": "all" } } },
 *     events: { "points.granted": eventOf<{ accountId: string; points: number }>() },
 *     client: (ctx) => ({ grant: (accountId: string, points: number) => ctx.run(async (op) => { … }) }),
 *   });
 * ```
 */
export function defineModule<
  const Name extends string,
  Client = undefined,
  const Events extends EventCatalog = {},
  Tables = any,
  const Entities extends readonly EntityDefinition<any, any, any, any, any>[] = [],
  const HookPoints extends Readonly<Record<string, HookPointSpec<unknown>>> = {},
>(
  definition: ModuleDefinition<Name, Client, Events, Tables, Entities, HookPoints>,
): ModuleDefinition<Name, Client, Events, Tables, Entities, HookPoints> {
  return Object.freeze({ ...definition });
}
