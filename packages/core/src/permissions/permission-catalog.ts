/** How far a permission reaches: records the actor owns, records of their teams, or every record in the tenant. */
export const RECORD_SCOPES = ["own", "team", "all"] as const;
export type RecordScope = (typeof RECORD_SCOPES)[number];

/** A permission name, `entity:action` (`account:read`, `opportunity:move_stage`). */
export type Permission = `${string}:${string}`;

/** A role's grants: permission → scope. `entity:*` grants every action of an entity. */
export type RoleGrants = Readonly<Record<Permission, RecordScope>>;

/**
 * What a module declares about permissions: the actions of each entity it owns,
 * and the grants its entities add to the default roles.
 */
export interface PermissionCatalog {
  /** entity → its actions (`{ opportunity: ["create", "read", "update", "archive", "move_stage"] }`). */
  readonly entities?: Readonly<Record<string, readonly string[]>>;
  /** role → grants this module adds to it. */
  readonly roles?: Readonly<Record<string, RoleGrants>>;
}

/** The default roles every tenant starts with. */
export const DEFAULT_ROLES = [
  "admin",
  "sales_manager",
  "sales_rep",
  "service_agent",
  "dispatcher",
  "marketer",
  "analyst",
  "read_only",
] as const;

/** The standard actions of an entity service. */
export const CRUD_ACTIONS = ["create", "read", "update", "archive"] as const;
