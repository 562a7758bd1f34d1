import { type TestCrm, useTestCrm } from "@rapport/core/testing";
import type { AdapterTarget } from "@rapport/testkit";
import { type SalesModule, sales } from "../sales-module.js";

/** A test CRM with the sales module over one adapter target. */
export type SalesTestCrm = TestCrm<readonly [SalesModule]>;

/** Registers a CRM with `sales()` for the enclosing `describe`. */
export function useSalesCrm(target: AdapterTarget): SalesTestCrm {
  return useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [sales()] });
}

/** A fresh tenant with a manager, two reps and the system client. */
export async function salesTenant(t: SalesTestCrm) {
  const tenantId = await t.tenant();
  return {
    tenantId,
    system: t.crm.system(tenantId),
    manager: t.as(tenantId, "maria", ["sales_manager"]),
    alice: t.as(tenantId, "alice", ["sales_rep"]),
    bob: t.as(tenantId, "bob", ["sales_rep"]),
  };
}

type Client = ReturnType<SalesTestCrm["as"]>;

/** A customer account owned by the client's user. */
export function anAccount(client: Client, name = "Globex") {
  return client.accounts.create({ name, type: "customer" });
}

/** A competitor account. */
export function aCompetitor(client: Client, name = "Initech") {
  return client.accounts.create({ name, type: "competitor" });
}
