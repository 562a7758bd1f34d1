import type { EntityDefinition } from "../entities/entity-definition.js";
import type { EventCatalog } from "../events/event-types.js";
import type { JobDefinition } from "../jobs/job.js";
import type { PermissionCatalog } from "../permissions/permission-catalog.js";
import type { Migration } from "../storage/migration.js";
import { mergePermissions } from "./core-part.js";
import type { BeforeHook } from "./hooks.js";
import type { ModuleContext } from "./module-context.js";
import type { OperationContext } from "./operation-context.js";

/**
 * One area of a module built from several (marketing's campaigns, outreach and content):
 * what it adds to the module definition. {@link combineModuleParts} adds the areas up, so
 * each area keeps its wiring in its own folder and is built and tested on its own.
 */
export interface ModulePart<Client extends object = object, Events extends EventCatalog = EventCatalog> {
  /** Migration names MUST be unique across the module's parts and never renamed. */
  readonly migrations: readonly Migration[];
  readonly entities: readonly EntityDefinition<any, any, any, any, any>[];
  readonly permissions: PermissionCatalog;
  readonly events: Events;
  /** `before` hooks on domain verbs (`contact.create`). */
  readonly hooks?: Readonly<Record<string, BeforeHook<any, any>>>;
  readonly jobs: readonly JobDefinition[];
  /** Builds the area's share of the module's client. */
  readonly client: (ctx: ModuleContext) => Client;
  /** Seeds a new tenant's defaults for the area. */
  readonly onTenantCreated?: (op: OperationContext) => Promise<void>;
}

/**
 * The `defineModule` fields of a module made of `parts`, in part order: migrations,
 * entities, jobs and tenant seeding one after another; permissions with role grants merged
 * role by role; events and hooks merged; and a client holding every part's client.
 *
 * @example
 * ```ts
 * const parts = combineModuleParts([campaignsPart, contentPart]);
 * return defineModule({ name: "marketing", ...parts, client: (ctx) => parts.client(ctx) as MarketingClient });
 * ```
 */
export function combineModuleParts(parts: readonly ModulePart<any, any>[]) {
  return {
    migrations: parts.flatMap((part) => part.migrations),
    entities: parts.flatMap((part) => part.entities),
    permissions: mergePermissions(parts.map((part) => ({ migrations: [], permissions: part.permissions }))),
    events: Object.assign({}, ...parts.map((part) => part.events)) as EventCatalog,
    hooks: Object.assign({}, ...parts.map((part) => part.hooks ?? {})) as Readonly<
      Record<string, BeforeHook<any, any>>
    >,
    jobs: parts.flatMap((part) => part.jobs),
    client: (ctx: ModuleContext): object => Object.assign({}, ...parts.map((part) => part.client(ctx))),
    onTenantCreated: async (op: OperationContext): Promise<void> => {
      for (const part of parts) await part.onTenantCreated?.(op);
    },
  };
}
