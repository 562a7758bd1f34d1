import type { TestCrm } from "@rapport/core/testing";
import type { SalesModule } from "@rapport/sales";
import type { MarketingModule } from "../../marketing-module.js";

/** The test CRM the campaigns tests use: sales and marketing. */
export type CampaignsCrm = TestCrm<readonly [SalesModule, MarketingModule]>;

/** A fresh tenant with a marketer, an admin, a sales manager and a rep. */
export async function campaignsTenant(t: CampaignsCrm) {
  const tenantId = await t.tenant();
  return {
    tenantId,
    admin: t.as(tenantId, "ada", ["admin"]),
    marketer: t.as(tenantId, "mia", ["marketer"]),
    manager: t.as(tenantId, "maria", ["sales_manager"]),
    rep: t.as(tenantId, "rob", ["sales_rep"]),
    system: t.crm.system(tenantId),
  };
}

/** A campaign input over the second quarter of 2026, in EUR. */
export function springCampaign(overrides: Record<string, unknown> = {}) {
  return {
    name: "Spring launch",
    type: "email" as const,
    currency: "EUR",
    budget: 1_000_000,
    startsAt: "2026-04-01T00:00:00.000Z",
    endsAt: "2026-07-01T00:00:00.000Z",
    ...overrides,
  };
}
