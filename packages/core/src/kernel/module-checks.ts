import { RECORD_SCOPES } from "../permissions/permission-catalog.js";
import type { AnyModule } from "./define-module.js";
import { CrmError, ValidationError } from "./errors.js";

/** The verbs the standard entity service runs `before` hooks for. */
const ENTITY_HOOK_VERBS = ["create", "update", "archive"] as const;

/**
 * What a set of modules declares, checked once at `createCrm`: every grant names a declared
 * permission with a known scope, and every hook is registered on a declared hook point.
 */
export interface ModuleDeclarations {
  /** Hook names hooks may be registered on: `<entity>.create|update|archive` and declared `hookPoints`. */
  readonly hookNames: ReadonlySet<string>;
}

/**
 * Checks what `modules` declare against each other and returns the hook names they declare.
 * Throws `CrmError` `MODULE_INVALID` naming the module and the grant or hook that is wrong:
 * a grant on an entity no module declares, on an action the entity does not have, or with
 * an unknown scope; a hook on a name no module declares.
 */
export function checkModuleDeclarations(modules: readonly AnyModule[]): ModuleDeclarations {
  const actions = new Map<string, Set<string>>();
  const hookNames = new Set<string>();
  for (const module of modules) {
    for (const [entity, declared] of Object.entries(module.permissions?.entities ?? {})) {
      const known = actions.get(entity) ?? new Set<string>();
      for (const action of declared) known.add(action);
      actions.set(entity, known);
    }
    for (const entity of module.entities ?? []) {
      for (const verb of ENTITY_HOOK_VERBS) hookNames.add(`${entity.type}.${verb}`);
    }
    for (const name of Object.keys(module.hookPoints ?? {})) hookNames.add(name);
  }
  for (const module of modules) {
    for (const [role, grants] of Object.entries(module.permissions?.roles ?? {})) {
      for (const [permission, scope] of Object.entries(grants)) {
        const problem = grantProblem(permission, scope, actions);
        if (problem !== null) {
          throw new CrmError(
            "MODULE_INVALID",
            `Module "${module.name}" grants "${permission}" to ${role}: ${problem}`,
            {
              details: { module: module.name, role, permission },
            },
          );
        }
      }
    }
    for (const name of Object.keys(module.hooks ?? {})) {
      if (!hookNames.has(name)) {
        throw new CrmError("MODULE_INVALID", `Module "${module.name}" has a hook on "${name}", ${undeclared(name)}`, {
          details: { module: module.name, hook: name },
        });
      }
    }
  }
  return { hookNames };
}

/**
 * Refuses a host hook (`crm.before(name)`) on a name no module declares, with a
 * `ValidationError` on `hook`: such a hook would never run.
 */
export function assertHookDeclared(declarations: ModuleDeclarations, name: string): void {
  if (!declarations.hookNames.has(name)) {
    throw ValidationError.forField(["hook"], `No hook point "${name}": ${undeclared(name)}`, { hook: name });
  }
}

function grantProblem(permission: string, scope: unknown, actions: ReadonlyMap<string, ReadonlySet<string>>) {
  if (!(RECORD_SCOPES as readonly unknown[]).includes(scope)) {
    return `the scope ${JSON.stringify(scope)} is none of ${RECORD_SCOPES.join(", ")}`;
  }
  const separator = permission.indexOf(":");
  const entity = permission.slice(0, separator);
  const action = permission.slice(separator + 1);
  if (separator < 0) return "a permission is entity:action";
  if (entity === "*" && action === "*") return null;
  const declared = actions.get(entity);
  if (declared === undefined) return `no module declares the entity "${entity}" in permissions.entities`;
  if (action !== "*" && !declared.has(action)) {
    return `"${entity}" has no action "${action}" (its actions: ${[...declared].join(", ")})`;
  }
  return null;
}

function undeclared(name: string): string {
  return `which no module declares (hooks run on <entity>.create|update|archive of a module's entities and on names in a module's hookPoints); "${name}" would never run`;
}
