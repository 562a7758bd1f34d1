import { type CleansingModule, cleansing } from "@rapport/analytics";
import type { StorageAdapter } from "@rapport/core";
import { type TestCrm, useTestCrm } from "@rapport/core/testing";
import { type MarketingModule, marketing } from "@rapport/marketing";
import { type SalesModule, sales } from "@rapport/sales";
import { type ServiceModule, service } from "@rapport/service";
import type { AdapterTarget } from "@rapport/testkit";
import { type FaultInjectingAdapter, faultInjecting } from "./fault-injecting-adapter.js";

/** The modules every reliability property runs with: the kernel, sales, service, marketing and cleansing. */
export function reliabilityModules(): readonly [SalesModule, ServiceModule, MarketingModule, CleansingModule] {
  return [sales(), service(), marketing(), cleansing()] as const;
}

/** A test CRM with sales and service over one adapter target. */
export type ReliabilityCrm = TestCrm<ReturnType<typeof reliabilityModules>>;

/** A scoped client of a {@link ReliabilityCrm}. */
export type ReliabilityClient = ReturnType<ReliabilityCrm["as"]>;

/** Registers a CRM with sales and service over `target` for the enclosing `describe`. */
export function useReliabilityCrm(target: AdapterTarget, options: { maxConnections?: number } = {}): ReliabilityCrm {
  return useTestCrm({
    createAdapter: () => target.create(options),
    dispose: target.dispose,
    modules: reliabilityModules(),
  });
}

/** A {@link ReliabilityCrm} whose adapter can fail the N-th statement of a call. */
export interface FaultyCrm extends ReliabilityCrm {
  readonly faults: FaultInjectingAdapter;
}

/** Like {@link useReliabilityCrm}, with the adapter wrapped by {@link faultInjecting}. */
export function useFaultyCrm(target: AdapterTarget): FaultyCrm {
  const inner = new WeakMap<StorageAdapter, StorageAdapter>();
  const t = useTestCrm({
    createAdapter: async () => {
      const adapter = await target.create();
      const wrapped = faultInjecting(adapter);
      inner.set(wrapped, adapter);
      return wrapped;
    },
    dispose: (wrapped) => target.dispose(inner.get(wrapped) ?? wrapped),
    modules: reliabilityModules(),
  });
  return {
    get crm() {
      return t.crm;
    },
    get adapter() {
      return t.adapter;
    },
    get clock() {
      return t.clock;
    },
    get faults() {
      return t.adapter as FaultInjectingAdapter;
    },
    tenant: t.tenant,
    as: t.as,
  };
}
