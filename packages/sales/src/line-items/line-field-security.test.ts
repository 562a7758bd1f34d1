import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { aCatalogue, aDeal } from "../test-support/document-fixtures.js";
import { salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("opportunity line items under field-level security", (target) => {
  const t = useSalesCrm(target);

  it("a role that hides opportunity.amount reads and changes lines without any of their amounts", async () => {
    const { tenantId, system, manager } = await salesTenant(t);
    await system.roles.define({
      name: "amountless",
      grants: { "*:*": "all" },
      hiddenFields: { opportunity: ["amount"] },
    });
    const blind = t.as(tenantId, "ana", ["amountless"]);
    const catalogue = await aCatalogue(manager);
    const { opportunity } = await aDeal(manager);
    const line = { productId: catalogue.seat.id, quantity: 7, priceBookId: catalogue.usd.id };
    const added = await blind.sales.lineItems.add(opportunity.id, line);
    const updated = await blind.sales.lineItems.update(added.id, { quantity: 9 });
    const listed = await blind.sales.lineItems.list(opportunity.id);
    const summary = await blind.sales.lineItems.summary(opportunity.id);
    for (const shown of [added, updated, ...listed]) {
      expect(shown).toMatchObject({ productId: catalogue.seat.id, sku: "SEAT" });
      for (const key of ["unitPrice", "listPrice", "grossAmount", "discountAmount", "netAmount"]) {
        expect(shown).not.toHaveProperty(key);
      }
    }
    expect(summary).toEqual({ opportunityId: opportunity.id, currency: "USD", amountFromLines: false, lineCount: 1 });
    await manager.sales.lineItems.followLines(opportunity.id, true);
    const following = await blind.sales.lineItems.summary(opportunity.id);
    expect(following).toEqual({ opportunityId: opportunity.id, currency: "USD", amountFromLines: true, lineCount: 1 });
    await expect(blind.sales.opportunities.get(opportunity.id)).resolves.not.toHaveProperty("amount");
    // 9 seats at 120.00: the manager sees 1,080.00; the blind role never reads 108000 or 12000 anywhere.
    expect(await manager.sales.lineItems.summary(opportunity.id)).toMatchObject({
      lineTotal: 108_000,
      amount: 108_000,
    });
    const text = JSON.stringify([added, updated, listed, summary, following]);
    for (const secret of ["108000", "84000", "12000"]) expect(text).not.toContain(secret);
  });
});
