import type { AnyModule } from "../kernel/define-module.js";
import { CrmError } from "../kernel/errors.js";
import { RESERVED_CLIENT_KEYS } from "./scoped-client.js";

/**
 * Orders modules so each comes after the modules it depends on, and checks names:
 * unique, not reserved by the core client, dependencies present, no cycles.
 */
export function orderModules(modules: readonly AnyModule[]): AnyModule[] {
  const byName = new Map<string, AnyModule>();
  for (const module of modules) {
    if (!/^[a-z][a-z0-9]*$/.test(module.name)) {
      throw new CrmError("MODULE_INVALID", `Module name "${module.name}" must be lowercase letters and digits`);
    }
    if (RESERVED_CLIENT_KEYS.has(module.name) || module.name === "core") {
      throw new CrmError("MODULE_INVALID", `Module name "${module.name}" is reserved`);
    }
    if (byName.has(module.name)) throw new CrmError("MODULE_INVALID", `Module "${module.name}" was given twice`);
    byName.set(module.name, module);
  }
  const ordered: AnyModule[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (module: AnyModule, path: string[]) => {
    if (state.get(module.name) === "done") return;
    if (state.get(module.name) === "visiting") {
      throw new CrmError(
        "MODULE_INVALID",
        `Modules depend on each other in a cycle: ${[...path, module.name].join(" → ")}`,
      );
    }
    state.set(module.name, "visiting");
    for (const dependency of module.dependsOn ?? []) {
      const needed = byName.get(dependency);
      if (!needed) {
        throw new CrmError(
          "MODULE_DEPENDENCY_MISSING",
          `Module "${module.name}" needs module "${dependency}"; pass it to createCrm`,
        );
      }
      visit(needed, [...path, module.name]);
    }
    state.set(module.name, "done");
    ordered.push(module);
  };
  for (const module of modules) visit(module, []);
  return ordered;
}
