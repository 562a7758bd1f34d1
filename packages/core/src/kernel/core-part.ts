import type { EntityDefinition } from "../entities/entity-definition.js";
import type { EventCatalog } from "../events/event-types.js";
import type { JobDefinition } from "../jobs/job.js";
import type { PermissionCatalog } from "../permissions/permission-catalog.js";
import type { Migration } from "../storage/migration.js";
import type { BeforeHook } from "./hooks.js";
import type { OperationContext } from "./operation-context.js";

/**
 * One slice of `@rapport/core` (accounts, contacts, calendar…): its tables, permissions,
 * events and jobs. The core module is the sum of its parts, so each record kind keeps
 * its wiring in its own folder.
 */
export interface CorePart {
  /** Migration names MUST be unique across parts and never renamed. */
  readonly migrations: readonly Migration[];
  readonly permissions: PermissionCatalog;
  readonly events?: EventCatalog;
  /** Record types of this part that other records may link to. */
  readonly entities?: readonly EntityDefinition<any, any, any>[];
  readonly jobs?: readonly JobDefinition[];
  readonly hooks?: Readonly<Record<string, BeforeHook<any>>>;
  readonly onTenantCreated?: (op: OperationContext) => Promise<void>;
}

/** Declares a core part; the identity function keeps literal event names for typing. */
export function defineCorePart<const P extends CorePart>(part: P): P {
  return part;
}

/** Merges role grants of several parts (later parts add to earlier ones). */
export function mergePermissions(parts: readonly CorePart[]): PermissionCatalog {
  const entities: Record<string, readonly string[]> = {};
  const roles: Record<string, Record<string, string>> = {};
  for (const { permissions } of parts) {
    Object.assign(entities, permissions.entities);
    for (const [role, grants] of Object.entries(permissions.roles ?? {})) roles[role] = { ...roles[role], ...grants };
  }
  return { entities, roles } as PermissionCatalog;
}
