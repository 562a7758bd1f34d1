import { ForbiddenError } from "../kernel/errors.js";
import type { Actor } from "./actor.js";
import type { Permission, PermissionCatalog, RecordScope, RoleGrants } from "./permission-catalog.js";

const SCOPE_RANK: Record<RecordScope, number> = { own: 1, team: 2, all: 3 };

/** The fields of a record the policy looks at. */
export interface ScopedRecord {
  readonly ownerId?: string | null;
  readonly createdBy?: string;
  /** The record's id: lets an entity's `sharedWith` grant access to records shared with the actor. */
  readonly id?: string;
}

/** How far an actor may touch one field: not at all, read it, or also write it. */
export type FieldAccess = "hidden" | "read" | "write";

/**
 * A role: its grants, plus field-level rules per entity type (`{ account: ["annualRevenue",
 * "custom.margin"] }`). Default roles have no field rules; tenant-defined roles may.
 */
export interface RoleDefinition {
  readonly grants: RoleGrants;
  readonly hiddenFields?: Readonly<Record<string, readonly string[]>>;
  readonly readOnlyFields?: Readonly<Record<string, readonly string[]>>;
}

const FIELD_RANK: Record<FieldAccess, number> = { hidden: 0, read: 1, write: 2 };

/**
 * Decides what an actor may do. Built from every module's {@link PermissionCatalog}
 * (the default roles); {@link Policy.withRoles} adds a tenant's own roles. Exported so
 * hosts enforce the same rules outside Rapport.
 */
export class Policy {
  readonly #roles: ReadonlyMap<string, RoleDefinition>;
  readonly #known: ReadonlySet<string>;
  readonly #catalogs: readonly PermissionCatalog[];
  readonly #defaults: ReadonlySet<string>;

  constructor(catalogs: readonly PermissionCatalog[], extraRoles?: ReadonlyMap<string, RoleDefinition>) {
    const roles = new Map<string, RoleDefinition>();
    const known = new Set<string>();
    for (const catalog of catalogs) {
      for (const [entity, actions] of Object.entries(catalog.entities ?? {})) {
        for (const action of actions) known.add(`${entity}:${action}`);
      }
      for (const [role, grants] of Object.entries(catalog.roles ?? {})) {
        roles.set(role, { grants: { ...roles.get(role)?.grants, ...grants } });
      }
    }
    this.#defaults = new Set(roles.keys());
    for (const [name, role] of extraRoles ?? []) if (!this.#defaults.has(name)) roles.set(name, role);
    this.#roles = roles;
    this.#known = known;
    this.#catalogs = catalogs;
  }

  /** A policy that also knows these (tenant-defined) roles. */
  withRoles(roles: ReadonlyMap<string, RoleDefinition>): Policy {
    return roles.size === 0 ? this : new Policy(this.#catalogs, roles);
  }

  /** True when `name` is a role every tenant has. */
  isDefaultRole(name: string): boolean {
    return this.#defaults.has(name);
  }

  /** True when `permission` was declared by some module, or is `entity:*` of a declared entity, or `*:*`. */
  isKnown(permission: string): boolean {
    if (permission === "*:*" || this.#known.has(permission)) return true;
    const [entity, action] = permission.split(":");
    return action === "*" && [...this.#known].some((p) => p.startsWith(`${entity}:`));
  }

  /**
   * How far the actor may touch `field` of `entityType` records: the most permissive of
   * the actor's roles that grant reading that entity. `custom.<key>` names custom fields.
   */
  fieldAccess(actor: Actor, entityType: string, field: string): FieldAccess {
    if (actor.system) return "write";
    let best: FieldAccess = "hidden";
    for (const name of actor.roles) {
      const role = this.#roles.get(name);
      if (!role || this.#grant(role.grants, `${entityType}:read`) === undefined) continue;
      const access: FieldAccess = role.hiddenFields?.[entityType]?.includes(field)
        ? "hidden"
        : role.readOnlyFields?.[entityType]?.includes(field)
          ? "read"
          : "write";
      if (FIELD_RANK[access] > FIELD_RANK[best]) best = access;
    }
    return best;
  }

  /** True when some role of the actor hides or protects fields of `entityType` (so records need redacting). */
  hasFieldRules(actor: Actor, entityType: string): boolean {
    return actor.roles.some((name) => {
      const role = this.#roles.get(name);
      return Boolean(role?.hiddenFields?.[entityType]?.length || role?.readOnlyFields?.[entityType]?.length);
    });
  }

  #grant(grants: RoleGrants, permission: Permission): RecordScope | undefined {
    const entity = permission.slice(0, permission.indexOf(":"));
    let best: RecordScope | undefined;
    for (const candidate of [grants[permission], grants[`${entity}:*`], grants["*:*"]]) {
      if (candidate && (best === undefined || SCOPE_RANK[candidate] > SCOPE_RANK[best])) best = candidate;
    }
    return best;
  }

  /** The widest scope in which the actor holds `permission`, or `null` when they do not hold it at all. */
  scopeOf(actor: Actor, permission: Permission): RecordScope | null {
    if (actor.system) return "all";
    let best: RecordScope | null = null;
    for (const name of actor.roles) {
      const role = this.#roles.get(name);
      const candidate = role ? this.#grant(role.grants, permission) : undefined;
      if (candidate && (best === null || SCOPE_RANK[candidate] > SCOPE_RANK[best])) best = candidate;
    }
    return best;
  }

  /**
   * Whether the actor may perform `permission`, on `record` when given. Without a record
   * it answers "in some scope". `team` scope is satisfied by the actor's own records and
   * by records whose owner is in `teamMates`.
   */
  can(actor: Actor, permission: Permission, record?: ScopedRecord, teamMates?: ReadonlySet<string>): boolean {
    const scope = this.scopeOf(actor, permission);
    if (scope === null) return false;
    if (record === undefined || scope === "all") return true;
    const owner = record.ownerId ?? record.createdBy;
    if (owner === actor.userId) return true;
    return scope === "team" && owner !== undefined && teamMates?.has(owner) === true;
  }

  /** Like {@link can}, but throws {@link ForbiddenError}. */
  assert(actor: Actor, permission: Permission, record?: ScopedRecord, teamMates?: ReadonlySet<string>): void {
    if (!this.can(actor, permission, record, teamMates)) {
      throw permissionDenied(actor, permission, record);
    }
  }
}

/** The error for an actor lacking a permission (or the record being outside its scope). */
export function permissionDenied(actor: Actor, permission: Permission, record?: ScopedRecord): ForbiddenError {
  const where = record === undefined ? "" : " on this record";
  return new ForbiddenError(`${actor.userId} lacks the permission ${permission}${where}`, {
    details: { permission, userId: actor.userId },
  });
}
