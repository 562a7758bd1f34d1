import { ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { anAccount, salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("before-hooks on the document create verbs", (target) => {
  const t = useSalesCrm(target);

  it("a quote.create hook sees the prepared quote, may change it, and vetoes with nothing written", async () => {
    const { tenantId, alice } = await salesTenant(t);
    const account = await anAccount(alice);
    const seen: Record<string, unknown>[] = [];
    const off = t.crm.before("quote.create", async (values: Record<string, unknown>) => {
      seen.push(values);
      if (values.name === "Forbidden") throw ValidationError.forField(["name"], "Not that name");
      return { ...values, notes: "Checked by the hook" };
    });
    try {
      const quote = await alice.sales.quotes.create({ accountId: account.id, currency: "USD", name: "Fine" });
      expect(quote).toMatchObject({ name: "Fine", notes: "Checked by the hook", status: "draft", number: 1 });
      expect(seen[0]).toMatchObject({ accountId: account.id, status: "draft", number: 1, grandTotal: 0 });
      const vetoed = await expectNothingWritten(t.adapter, tenantId, () =>
        alice.sales.quotes.create({ accountId: account.id, currency: "USD", name: "Forbidden" }),
      );
      expect(vetoed).toBeInstanceOf(ValidationError);
    } finally {
      off();
    }
  });

  it("contract.create and expense.create hooks run for the create verbs", async () => {
    const { manager, alice } = await salesTenant(t);
    await manager.sales.settings.update({ corporateCurrency: "USD" });
    const account = await anAccount(alice);
    const hooks: string[] = [];
    const offs = [
      t.crm.before("contract.create", async (values: Record<string, unknown>) => {
        hooks.push(`contract:${String(values.status)}`);
        return values;
      }),
      t.crm.before("expense.create", async (values: Record<string, unknown>) => {
        hooks.push(`expense:${String(values.status)}`);
        return values;
      }),
    ];
    try {
      await alice.sales.contracts.create({
        accountId: account.id,
        startDate: "2026-01-01",
        endDate: "2026-12-31",
        value: 10_000,
        currency: "USD",
        billingFrequency: "annual",
      });
      await alice.sales.expenses.create({
        accountId: account.id,
        category: "travel",
        amount: 5_000,
        currency: "USD",
        spentOn: "2026-01-02",
      });
    } finally {
      for (const off of offs) off();
    }
    expect(hooks).toEqual(["contract:draft", "expense:draft"]);
  });
});
