import { afterAll, beforeAll } from "vitest";
import { type Crm, createCrm } from "../crm/create-crm.js";
import type { ScopedClient } from "../crm/scoped-client.js";
import type { AnyModule } from "../kernel/define-module.js";
import type { StorageAdapter } from "../storage/storage-adapter.js";
import { type ManualClock, manualClock } from "./manual-clock.js";

/** Options of {@link useTestCrm}. */
export interface TestCrmOptions<M extends readonly AnyModule[]> {
  /** Returns an adapter over an empty, isolated database. */
  createAdapter(): StorageAdapter | Promise<StorageAdapter>;
  /** Cleans up after the adapter was closed (drop its schema). */
  dispose?(adapter: StorageAdapter): Promise<void>;
  readonly modules?: M;
  /** Where the manual clock starts. @default "2026-03-02T09:00:00.000Z" (a Monday) */
  readonly start?: string;
}

/** A CRM for one group of tests, with a manual clock and a fresh tenant per test. */
export interface TestCrm<M extends readonly AnyModule[]> {
  readonly crm: Crm<M>;
  readonly adapter: StorageAdapter;
  readonly clock: ManualClock;
  /** Creates a tenant with a unique id and returns the id. */
  tenant(): Promise<string>;
  /** A scoped client of `userId` with `roles` in `tenantId`. */
  as(tenantId: string, userId: string, roles: readonly string[]): ScopedClient<M>;
}

let sequence = 0;

/**
 * Registers `beforeAll`/`afterAll` hooks that create a CRM over a new adapter and close it.
 * Call it inside a `describe` block; read the returned object's properties inside tests.
 */
export function useTestCrm<const M extends readonly AnyModule[] = readonly []>(options: TestCrmOptions<M>): TestCrm<M> {
  const state = {} as { crm: Crm<M>; adapter: StorageAdapter; clock: ManualClock };
  beforeAll(async () => {
    state.clock = manualClock(options.start ?? "2026-03-02T09:00:00.000Z");
    state.adapter = await options.createAdapter();
    state.crm = await createCrm({
      adapter: state.adapter,
      clock: state.clock,
      modules: options.modules ?? ([] as unknown as M),
    });
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
    as: (tenantId, userId, roles) => state.crm.as({ tenantId, userId, roles: [...roles] }),
  };
}
