import type { EntityDefinition } from "../entities/entity-definition.js";
import type { EventBus } from "../events/event-bus.js";
import type { Policy } from "../permissions/policy.js";
import type { StorageAdapter } from "../storage/storage-adapter.js";
import type { Clock } from "./clock.js";
import type { HookRegistry } from "./hooks.js";
import type { IdGenerator } from "./ids.js";

/** The shared, immutable wiring of one `createCrm` instance, handed to units of work. */
export interface Kernel {
  readonly adapter: StorageAdapter;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly policy: Policy;
  readonly hooks: HookRegistry;
  readonly bus: EventBus;
  /** Every linkable record type, by entity type name. */
  readonly entities: ReadonlyMap<string, EntityDefinition<any, any, any>>;
  /** Tenants known to exist; a tenant is never deleted, so a hit never goes stale. */
  readonly knownTenants: Set<string>;
}
