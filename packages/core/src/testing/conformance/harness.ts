import { afterAll, beforeAll } from "vitest";
import { createCrm, type Crm } from "../../kernel/create-crm.js";
import type { StorageAdapter } from "../../storage/storage-adapter.js";
import { type ManualClock, manualClock } from "../manual-clock.js";
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
export interface Harness {
  readonly crm: ProbeCrm;
  readonly adapter: StorageAdapter;
  readonly clock: ManualClock;
  /** Creates a tenant with a unique id and returns its id. */
  tenant(): Promise<string>;
}

let sequence = 0;

/** Registers beforeAll/afterAll hooks that build a CRM over a new adapter and close it. */
export function useHarness(options: ConformanceOptions): Harness {
  const state = {} as { crm: ProbeCrm; adapter: StorageAdapter; clock: ManualClock };
  beforeAll(async () => {
    state.clock = manualClock("2026-03-02T09:00:00.000Z");
    state.adapter = await options.createAdapter();
    state.crm = await createCrm({ adapter: state.adapter, clock: state.clock, modules: [probeModule()] });
  });
  afterAll(async () => {
    await state.crm?.close();
    if (state.adapter) await options.dispose?.(state.adapter);
  });
  return {
    get crm() {
      return state.crm;
    },
    get adapter() {
      return state.adapter;
    },
    get clock() {
      return state.clock;
    },
    tenant: async () => {
      sequence += 1;
      const id = `t${sequence}_${Math.random().toString(36).slice(2, 8)}`;
      await state.crm.tenants.create({ id, name: `Tenant ${sequence}` });
      return id;
    },
  };
}

/** A sales rep of `tenantId`. */
export function rep(h: Harness, tenantId: string, userId = "alice") {
  return h.crm.as({ tenantId, userId, roles: ["sales_rep"] });
}

/** An admin of `tenantId`. */
export function admin(h: Harness, tenantId: string, userId = "root") {
  return h.crm.as({ tenantId, userId, roles: ["admin"] });
}
