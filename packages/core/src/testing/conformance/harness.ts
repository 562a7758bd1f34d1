import type { Crm } from "../../crm/create-crm.js";
import type { StorageAdapter } from "../../storage/storage-adapter.js";
import { type TestCrm, useTestCrm } from "../test-crm.js";
import { probeModule } from "./probe-module.js";

/** How a conformance run gets its database. */
export interface ConformanceOptions {
  /** Shown in test names, e.g. `"sqlite"`. */
  readonly name: string;
  /**
   * Returns a new adapter over an empty, isolated database (its own file, memory or
   * schema). Called once per test group; the suite closes it through `crm.close()`.
   */
  createAdapter(): StorageAdapter | Promise<StorageAdapter>;
  /** Cleans up after an adapter was closed (drop its schema, delete its file). */
  dispose?(adapter: StorageAdapter): Promise<void>;
}

export type ProbeCrm = Crm<readonly [ReturnType<typeof probeModule>]>;

/** One CRM per test group, with a fresh tenant per test. */
export type Harness = TestCrm<readonly [ReturnType<typeof probeModule>]>;

/** Registers beforeAll/afterAll hooks that build a CRM (with the probe plugin) over a new adapter and close it. */
export function useHarness(options: ConformanceOptions): Harness {
  return useTestCrm({ ...options, modules: [probeModule()] });
}

/** A sales rep of `tenantId`. */
export function rep(h: Harness, tenantId: string, userId = "alice") {
  return h.crm.as({ tenantId, userId, roles: ["sales_rep"] });
}

/** Defines text custom fields on accounts of `tenantId`, so tests can set them. */
export async function defineAccountFields(
  h: Harness,
  tenantId: string,
  keys: readonly string[],
  kind: "text" | "number" = "text",
) {
  for (const key of keys) {
    await h.crm.system(tenantId).customFields.define({ entityType: "account", key, label: key, kind });
  }
}

/** An admin of `tenantId`. */
export function admin(h: Harness, tenantId: string, userId = "root") {
  return h.crm.as({ tenantId, userId, roles: ["admin"] });
}
