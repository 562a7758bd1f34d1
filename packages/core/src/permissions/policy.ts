import { ForbiddenError } from "../kernel/errors.js";
import type { Actor } from "./actor.js";
import type { Permission, PermissionCatalog, RecordScope, RoleGrants } from "./permission-catalog.js";

const SCOPE_RANK: Record<RecordScope, number> = { own: 1, team: 2, all: 3 };

/** The fields of a record the policy looks at. */
export interface ScopedRecord {
  readonly ownerId?: string | null;
  readonly createdBy?: string;
}

/**
 * Decides what an actor may do. Built from every module's {@link PermissionCatalog};
 * exported so hosts enforce the same rules outside Rapport.
 */
export class Policy {
  readonly #roles: ReadonlyMap<string, RoleGrants>;
  readonly #known: ReadonlySet<string>;

  constructor(catalogs: readonly PermissionCatalog[]) {
    const roles = new Map<string, Record<Permission, RecordScope>>();
    const known = new Set<string>();
    for (const catalog of catalogs) {
      for (const [entity, actions] of Object.entries(catalog.entities ?? {})) {
        for (const action of actions) known.add(`${entity}:${action}`);
      }
      for (const [role, grants] of Object.entries(catalog.roles ?? {})) {
        roles.set(role, { ...roles.get(role), ...grants });
      }
    }
    this.#roles = roles;
    this.#known = known;
  }

  /** True when `permission` was declared by some module. */
  isKnown(permission: string): boolean {
    return this.#known.has(permission);
  }

  /** The widest scope in which the actor holds `permission`, or `null` when they do not hold it at all. */
  scopeOf(actor: Actor, permission: Permission): RecordScope | null {
    if (actor.system) return "all";
    const entity = permission.slice(0, permission.indexOf(":"));
    let best: RecordScope | null = null;
    for (const role of actor.roles) {
      const grants = this.#roles.get(role);
      if (!grants) continue;
      for (const candidate of [grants[permission], grants[`${entity}:*`], grants["*:*"]]) {
        if (candidate && (best === null || SCOPE_RANK[candidate] > SCOPE_RANK[best])) best = candidate;
      }
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
      throw new ForbiddenError(`${actor.userId} may not ${permission.replace(":", " ")}`, {
        details: { permission, userId: actor.userId },
      });
    }
  }
}
