import { ForbiddenError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { aCatalogue, aDeal } from "./test-support/document-fixtures.js";
import { salesTenant, useSalesCrm } from "./test-support/sales-fixtures.js";

describeEachAdapter("field rules apply to what callers send, not to what verbs compute", (target) => {
  const t = useSalesCrm(target);

  async function setup() {
    const tenant = await salesTenant(t);
    const catalogue = await aCatalogue(tenant.manager);
    const { account } = await aDeal(tenant.alice);
    await tenant.system.roles.define({
      name: "blind_seller",
      grants: { "*:*": "all" },
      hiddenFields: { opportunity: ["amount"], quote: ["grandTotal"] },
      readOnlyFields: { quote: ["notes"] },
    });
    const blind = t.as(tenant.tenantId, "blinda", ["blind_seller"]);
    const base = {
      accountId: account.id,
      currency: "USD",
      priceBookId: catalogue.usd.id,
      lines: [{ productId: catalogue.seat.id, quantity: 2 }],
    };
    return { ...tenant, account, blind, base };
  }

  it("a role that may not see opportunity.amount creates a deal without one", async () => {
    const { blind, account } = await setup();
    const deal = await blind.sales.opportunities.create({ accountId: account.id, name: "Quiet deal" });
    expect(deal).toMatchObject({ name: "Quiet deal", status: "open" });
    expect(deal).not.toHaveProperty("amount");
    await expect(
      blind.sales.opportunities.create({ accountId: account.id, name: "Loud deal", amount: 5_000, currency: "USD" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("a role that may not see quote.grandTotal updates a draft's header: the re-computed totals are the verb's", async () => {
    const { blind, base } = await setup();
    const quote = await blind.sales.quotes.create(base);
    expect(quote).not.toHaveProperty("grandTotal");
    const renamed = await blind.sales.quotes.update(quote.id, { name: "Renamed", headerDiscountPercent: 5 });
    expect(renamed).toMatchObject({ name: "Renamed" });
    expect(renamed).not.toHaveProperty("grandTotal");
  });

  it("a create verb on the record layer still refuses a field the caller's roles make read-only, writing nothing", async () => {
    const { blind, base, tenantId } = await setup();
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      blind.sales.quotes.create({ ...base, notes: "Not mine to write" }),
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).details).toMatchObject({ field: "notes", entityType: "quote" });
  });
});
