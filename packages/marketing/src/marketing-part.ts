import type {
  EntityDefinition,
  EventCatalog,
  JobDefinition,
  Migration,
  ModuleContext,
  OperationContext,
  PermissionCatalog,
} from "@rapport/core";

/**
 * One area of the marketing module (campaigns, outreach, content): what it adds to the
 * module definition. `marketing()` concatenates the areas, so each area is built and
 * tested on its own and owns its files.
 */
export interface MarketingPart<Client extends object, Events extends EventCatalog = EventCatalog> {
  readonly migrations: readonly Migration[];
  readonly entities: readonly EntityDefinition<any, any, any, any, any>[];
  readonly permissions: PermissionCatalog;
  readonly events: Events;
  readonly jobs: readonly JobDefinition[];
  /** Builds the area's part of `client.marketing`. */
  readonly client: (ctx: ModuleContext) => Client;
  /** Seeds a new tenant's defaults for the area. */
  readonly onTenantCreated?: (op: OperationContext) => Promise<void>;
}
