import type { Crm, CrmEvent, createCrm } from "@rapport/core";
import { describe, expectTypeOf, it } from "vitest";
import type { LeadCapturedData, OpportunityStageChangedData } from "./events.js";
import type { CaptureResult } from "./leads/capture-schema.js";
import type { Opportunity } from "./opportunities/opportunity-entity.js";
import type { SalesClient } from "./sales-client.js";
import type { sales } from "./sales-module.js";

describe("sales() on the scoped client", () => {
  it("crm.as(...).sales exists only when sales() is passed to createCrm", () => {
    type WithSales = Awaited<ReturnType<typeof createCrm<readonly [ReturnType<typeof sales>]>>>;
    type Without = Crm<readonly []>;
    const alice = {} as ReturnType<WithSales["as"]>;
    expectTypeOf(alice.sales).toEqualTypeOf<SalesClient>();
    expectTypeOf(alice.sales.opportunities.moveStage).returns.resolves.toEqualTypeOf<Opportunity>();
    expectTypeOf(alice.sales.leads.capture).returns.resolves.toEqualTypeOf<CaptureResult>();
    expectTypeOf<ReturnType<Without["as"]>>().not.toHaveProperty("sales");
    expectTypeOf<ReturnType<Without["system"]>>().not.toHaveProperty("sales");
  });

  it("types the sales events for crm.on", () => {
    const crm = {} as Crm<readonly [ReturnType<typeof sales>]>;
    crm.on("opportunity.stage_changed", (event) => {
      expectTypeOf(event).toEqualTypeOf<CrmEvent<"opportunity.stage_changed", OpportunityStageChangedData>>();
    });
    crm.on("lead.captured", (event) => {
      expectTypeOf(event.data).toEqualTypeOf<LeadCapturedData>();
    });
    const plain = {} as Crm<readonly []>;
    // @ts-expect-error without sales() there is no sales event
    plain.on("opportunity.won", () => {});
  });
});
