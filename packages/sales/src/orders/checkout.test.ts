import { IdempotencyKeyError, ValidationError } from "@rapport/core";
import { expectNothingWritten, tenantSnapshot } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { aCatalogue } from "../test-support/document-fixtures.js";
import { anAccount, salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("web-shop checkout", (target) => {
  const t = useSalesCrm(target);

  async function shop() {
    const tenant = await salesTenant(t);
    const catalogue = await aCatalogue(tenant.manager);
    const account = await anAccount(tenant.manager, "Web customer");
    const order = {
      accountId: account.id,
      currency: "USD",
      priceBookId: catalogue.usd.id,
      lines: [{ productId: catalogue.seat.id, quantity: 2 }],
    };
    return { ...tenant, order };
  }

  it("turns a web order into an order and a won opportunity once; a retry with the key replays, writing nothing", async () => {
    const { tenantId, manager, order } = await shop();
    t.clock.set("2026-05-04T10:00:00.000Z");
    const first = await manager.sales.orders.checkout(order, { idempotencyKey: "cart-1", wonOpportunity: true });
    expect(first.replayed).toBe(false);
    const placed = await manager.sales.orders.get(first.orderId);
    expect(placed).toMatchObject({ channel: "online", orderDate: "2026-05-04" });
    const won = await manager.sales.opportunities.get(first.opportunityId as string);
    expect(won).toMatchObject({
      status: "won",
      amount: placed.grandTotal,
      currency: "USD",
      closeDate: "2026-05-04",
      source: "web_shop",
    });
    const counts = await tenantSnapshot(t.adapter, tenantId);
    // The shop retries (a timeout, a double click), the keys of the order in another order.
    const retry = await manager.sales.orders.checkout(
      { lines: order.lines, priceBookId: order.priceBookId, currency: "USD", accountId: order.accountId },
      { wonOpportunity: true, idempotencyKey: "cart-1" },
    );
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await tenantSnapshot(t.adapter, tenantId)).toEqual(counts);
    // Without the option, no opportunity.
    const plain = await manager.sales.orders.checkout(order, { idempotencyKey: "cart-2" });
    expect(plain.opportunityId).toBeNull();
  });

  it("refuses a replay with a different order, a bad order and a missing key, writing nothing", async () => {
    const { tenantId, manager, order } = await shop();
    await manager.sales.orders.checkout(order, { idempotencyKey: "cart-1" });
    const reused = await expectNothingWritten(t.adapter, tenantId, () =>
      manager.sales.orders.checkout({ ...order, lines: [{ ...order.lines[0], quantity: 3 }] } as never, {
        idempotencyKey: "cart-1",
      }),
    );
    expect(reused).toBeInstanceOf(IdempotencyKeyError);
    expect((reused as IdempotencyKeyError).code).toBe("IDEMPOTENCY_KEY_REUSED");
    for (const [input, options] of [
      [{ ...order, lines: [] }, { idempotencyKey: "cart-9" }],
      [order, { idempotencyKey: "" }],
      [order, {}],
    ] as const) {
      expect(
        await expectNothingWritten(t.adapter, tenantId, () =>
          manager.sales.orders.checkout(input as never, options as never),
        ),
      ).toBeInstanceOf(ValidationError);
    }
  });
});
