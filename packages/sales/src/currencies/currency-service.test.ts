import { ForbiddenError, InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

function issuePaths(error: unknown): string[] {
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((issue) => issue.path.join("."));
}

describeEachAdapter("sales settings and currencies", (target) => {
  const t = useSalesCrm(target);

  it("settings start at their defaults and only a manager changes them", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    expect(await alice.sales.settings.get()).toEqual({
      corporateCurrency: null,
      discountApprovalLimit: 20,
      quoteValidityDays: 30,
      renewalNoticeDays: 30,
      updatedAt: null,
      updatedBy: null,
    });
    const changed: unknown[] = [];
    const off = t.crm.on("sales_settings.updated", (event) => {
      if (event.tenantId === tenantId) changed.push(event.data);
    });
    const updated = await manager.sales.settings.update({ corporateCurrency: "EUR", discountApprovalLimit: 12.5 });
    await manager.sales.settings.update({ renewalNoticeDays: 60 });
    off();
    expect(updated).toMatchObject({ corporateCurrency: "EUR", discountApprovalLimit: 12.5, renewalNoticeDays: 30 });
    expect(await alice.sales.settings.get()).toMatchObject({
      corporateCurrency: "EUR",
      discountApprovalLimit: 12.5,
      renewalNoticeDays: 60,
      updatedBy: "maria",
    });
    expect(changed).toEqual([
      { changed: ["corporateCurrency", "discountApprovalLimit"] },
      { changed: ["renewalNoticeDays"] },
    ]);
    expect(
      await expectNothingWritten(t.adapter, tenantId, () => alice.sales.settings.update({ renewalNoticeDays: 1 })),
    ).toBeInstanceOf(ForbiddenError);
    for (const [patch, path] of [
      [{ corporateCurrency: "ZZZ" }, "corporateCurrency"],
      [{ discountApprovalLimit: 100.5 }, "discountApprovalLimit"],
      [{ quoteValidityDays: 0 }, "quoteValidityDays"],
      [{ colour: "red" }, ""],
    ] as const) {
      expect(
        issuePaths(
          await expectNothingWritten(t.adapter, tenantId, () => manager.sales.settings.update(patch as never)),
        ),
      ).toEqual([path]);
    }
  });

  it("rates are kept as exact fractions of minor units and convert at the latest rate on or before the date, half up", async () => {
    const { manager, alice } = await salesTenant(t);
    await manager.sales.settings.update({ corporateCurrency: "EUR" });
    const usd = await manager.sales.currencies.setRate({ from: "USD", effectiveOn: "2026-03-01", rate: "0.9234" });
    expect(usd).toMatchObject({ from: "USD", to: "EUR", rate: "0.9234", numerator: 4617, denominator: 5000 });
    await manager.sales.currencies.setRate({ from: "USD", effectiveOn: "2026-03-10", rate: "0.9" });
    // A yen is 0.0061 EUR: 0.61 cents.
    const jpy = await manager.sales.currencies.setRate({ from: "JPY", effectiveOn: "2026-01-01", rate: "0.0061" });
    expect(jpy).toMatchObject({ numerator: 61, denominator: 100 });
    // Setting the same day again replaces the rate.
    await manager.sales.currencies.setRate({ from: "USD", effectiveOn: "2026-03-10", rate: "0.91" });

    const convert = (amount: number, from: string, date: string) =>
      alice.sales.currencies.convert({ amount, from, date }).then((c) => c.amount);
    expect(await convert(10_001, "USD", "2026-03-09")).toBe(9_235); // 9,234.9234 → 9,235
    expect(await convert(50, "USD", "2026-03-10")).toBe(46); // 45.5 → 46
    expect(await convert(50, "USD", "2026-12-31")).toBe(46);
    expect(await convert(1_234, "JPY", "2026-03-09")).toBe(753); // 752.74 → 753
    expect(await convert(999, "EUR", "2026-03-09")).toBe(999);
    expect((await alice.sales.currencies.listRates({ from: "USD" })).map((r) => [r.effectiveOn, r.rate])).toEqual([
      ["2026-03-10", "0.91"],
      ["2026-03-01", "0.9234"],
    ]);
    const early = await alice.sales.currencies
      .convert({ amount: 1, from: "USD", date: "2026-02-28" })
      .catch((e: unknown) => e);
    expect(issuePaths(early)).toEqual(["from"]);
    expect((early as ValidationError).details.reason).toBe("no_exchange_rate");
  });

  it("refuses malformed and over-precise rates, reps setting them, and rates before a corporate currency — writing nothing", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const noCorporate = await expectNothingWritten(t.adapter, tenantId, () =>
      manager.sales.currencies.setRate({ from: "USD", effectiveOn: "2026-03-01", rate: "1.1" }),
    );
    expect(noCorporate).toBeInstanceOf(InvalidTransitionError);
    expect((noCorporate as InvalidTransitionError).details.reason).toBe("corporate_currency_missing");
    await manager.sales.settings.update({ corporateCurrency: "USD" });
    const cases: [Record<string, unknown>, string][] = [
      [{ rate: "1,08" }, "rate"],
      [{ rate: "-1" }, "rate"],
      [{ rate: "0.000" }, "rate"],
      [{ rate: 1.08 }, "rate"],
      [{ rate: "123456789012.123456789012" }, "rate"],
      [{ from: "USD" }, "from"],
      [{ to: "EUR" }, "to"],
      [{ effectiveOn: "2026-02-30" }, "effectiveOn"],
    ];
    for (const [input, path] of cases) {
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        manager.sales.currencies.setRate({ from: "EUR", effectiveOn: "2026-03-01", rate: "1.08", ...input } as never),
      );
      expect(issuePaths(error)).toEqual([path]);
    }
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        alice.sales.currencies.setRate({ from: "EUR", effectiveOn: "2026-03-01", rate: "1.08" }),
      ),
    ).toBeInstanceOf(ForbiddenError);
  });
});
