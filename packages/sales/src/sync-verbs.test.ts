import { InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectNothingWritten, tenantSnapshot } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { aCatalogue, aDeal } from "./test-support/document-fixtures.js";
import { anAccount, salesTenant, useSalesCrm } from "./test-support/sales-fixtures.js";

describeEachAdapter("sales sync verbs", (target) => {
  const t = useSalesCrm(target);

  /** One record type's sync verbs, an input to create it, a change its update takes, and one it refuses. */
  interface SyncCase {
    readonly name: string;
    readonly verbs: { findByExternalId: any; upsertByExternalId: any };
    readonly input: Record<string, unknown>;
    readonly change: Record<string, unknown>;
    readonly fixed: Record<string, unknown> | null;
  }

  async function cases(): Promise<{ tenantId: string; cases: SyncCase[] }> {
    const { tenantId, manager } = await salesTenant(t);
    const account = await anAccount(manager);
    const other = await anAccount(manager, "Initrode");
    const catalogue = await aCatalogue(manager);
    const lines = [{ productId: catalogue.seat.id, quantity: 3, taxRatePercent: 10 }];
    const sales = manager.sales;
    const contract = {
      accountId: account.id,
      startDate: "2026-01-01",
      endDate: "2026-12-31",
      value: 10_000,
      currency: "USD",
      billingFrequency: "annual",
    };
    return {
      tenantId,
      cases: [
        {
          name: "opportunities",
          verbs: sales.opportunities,
          input: { accountId: account.id, name: "ERP deal", amount: 5_000, currency: "USD" },
          change: { amount: 6_000 },
          fixed: { stageKey: "interest" },
        },
        {
          name: "leads",
          verbs: sales.leads,
          input: { lastName: "Byron", company: "Analytical", email: "ada@example.com" },
          change: { company: "Analytical Engines" },
          fixed: null,
        },
        {
          name: "quotes",
          verbs: sales.quotes,
          input: { accountId: account.id, currency: "USD", name: "ERP quote", priceBookId: catalogue.usd.id, lines },
          change: { name: "ERP quote, revised" },
          fixed: { accountId: other.id },
        },
        {
          name: "orders",
          verbs: sales.orders,
          input: { accountId: account.id, currency: "USD", priceBookId: catalogue.usd.id, lines },
          change: { lines: [{ ...lines[0], quantity: 4 }] },
          fixed: null,
        },
        {
          name: "contracts",
          verbs: sales.contracts,
          input: contract,
          change: { endDate: "2027-06-30" },
          fixed: { accountId: other.id },
        },
        {
          name: "partners",
          verbs: sales.partners,
          input: { accountId: account.id, partnerType: "agent", tier: "gold" },
          change: { tier: "silver" },
          fixed: { accountId: other.id },
        },
      ],
    };
  }

  it("each record type is found by another system's key and upserted idempotently: a repeat writes nothing", async () => {
    const { tenantId, cases: all } = await cases();
    for (const c of all) {
      const key = `${c.name}-1`;
      expect(await c.verbs.findByExternalId("erp", key), c.name).toBeNull();
      const first = await c.verbs.upsertByExternalId("erp", key, c.input);
      expect(first.created, c.name).toBe(true);
      expect(first.record.externalIds, c.name).toMatchObject({ erp: key });
      expect((await c.verbs.findByExternalId("erp", key))?.id, c.name).toBe(first.record.id);
      // The ERP sends the same record again: nothing is written.
      const counts = await tenantSnapshot(t.adapter, tenantId);
      const again = await c.verbs.upsertByExternalId("erp", key, c.input);
      expect(await tenantSnapshot(t.adapter, tenantId), c.name).toEqual(counts);
      expect(again, c.name).toMatchObject({
        created: false,
        record: { id: first.record.id, version: first.record.version },
      });
      if (c.name === "orders") {
        // An order has no update: a different order under the same key is refused.
        const refused = await expectNothingWritten(t.adapter, tenantId, () =>
          c.verbs.upsertByExternalId("erp", key, { ...c.input, ...c.change }),
        );
        expect(refused, c.name).toBeInstanceOf(ValidationError);
        continue;
      }
      const changed = await c.verbs.upsertByExternalId("erp", key, { ...c.input, ...c.change });
      expect(changed.created, c.name).toBe(false);
      expect(changed.record, c.name).toMatchObject({
        ...c.change,
        id: first.record.id,
        version: first.record.version + 1,
      });
      if (c.fixed !== null) {
        const refused = await expectNothingWritten(t.adapter, tenantId, () =>
          c.verbs.upsertByExternalId("erp", key, { ...c.input, ...c.change, ...c.fixed }),
        );
        expect(refused, c.name).toBeInstanceOf(ValidationError);
      }
    }
  });

  it("a sent quote replayed unchanged is a no-op; changed, it is refused as its update is", async () => {
    const { tenantId, manager } = await salesTenant(t);
    const catalogue = await aCatalogue(manager);
    const { account } = await aDeal(manager);
    const lines = [{ productId: catalogue.seat.id, quantity: 2 }];
    const input = { accountId: account.id, currency: "USD", name: "Sent quote", priceBookId: catalogue.usd.id, lines };
    const { record } = await manager.sales.quotes.upsertByExternalId("erp", "Q-1", input);
    const sent = await manager.sales.quotes.send(record.id);
    const replay = await manager.sales.quotes.upsertByExternalId("erp", "Q-1", input);
    expect(replay).toMatchObject({ created: false, record: { status: "sent", version: sent.version } });
    const refused = await expectNothingWritten(t.adapter, tenantId, () =>
      manager.sales.quotes.upsertByExternalId("erp", "Q-1", { ...input, name: "Changed after sending" }),
    );
    expect(refused).toBeInstanceOf(InvalidTransitionError);
  });
});
