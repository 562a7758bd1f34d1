import type { Crm, CrmEvent } from "@rapport/core";
import { describe, expectTypeOf, it } from "vitest";
import type { ContractRenewalDueData, OrderFulfilmentData, QuoteAcceptedData } from "./events.js";
import type { Quote } from "./quotes/quote-view.js";
import type { SalesClient } from "./sales-client.js";
import type { sales } from "./sales-module.js";

describe("quote to contract on the scoped client", () => {
  it("types the services and their results", () => {
    const client = {} as SalesClient;
    expectTypeOf(client.quotes.accept).returns.resolves.toEqualTypeOf<Quote>();
    expectTypeOf(client.quotes.render).returns.resolves.toEqualTypeOf<string>();
    expectTypeOf(client.forecasts.forecast).returns.resolves.toHaveProperty("quotaGap").toEqualTypeOf<number | null>();
    // @ts-expect-error a quote line needs a product
    client.lineItems.add("opp_1", { quantity: 1 });
  });

  it("types the events for crm.on", () => {
    const crm = {} as Crm<readonly [ReturnType<typeof sales>]>;
    crm.on("contract.renewal_due", (event) => {
      expectTypeOf(event).toEqualTypeOf<CrmEvent<"contract.renewal_due", ContractRenewalDueData>>();
    });
    crm.on("order.fulfilled", (event) => expectTypeOf(event.data).toEqualTypeOf<OrderFulfilmentData>());
    crm.on("quote.accepted", (event) => expectTypeOf(event.data).toEqualTypeOf<QuoteAcceptedData>());
  });
});
