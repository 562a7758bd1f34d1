import type {
  BeforeHook,
  EntityDefinition,
  EventCatalog,
  JobDefinition,
  Migration,
  ModuleContext,
  OperationContext,
  PermissionCatalog,
} from "@rapport/core";

/**
 * One area of the cleansing module (matching, merge): what it adds to the
 * module definition. `cleansing()` concatenates the areas, so each area is built and
 * tested on its own and owns its files.
 */
export interface CleansingPart<Client extends object, Events extends EventCatalog = EventCatalog> {
  readonly migrations: readonly Migration[];
  readonly entities: readonly EntityDefinition<any, any, any, any, any>[];
  readonly permissions: PermissionCatalog;
  readonly events: Events;
  readonly jobs: readonly JobDefinition[];
  /** `before` hooks on other modules' verbs (`contact.create`), merged across the areas. */
  readonly hooks?: Readonly<Record<string, BeforeHook<any, any>>>;
  /** Builds the area's part of `client.cleansing`. */
  readonly client: (ctx: ModuleContext) => Client;
  /** Seeds a new tenant's defaults for the area. */
  readonly onTenantCreated?: (op: OperationContext) => Promise<void>;
}
