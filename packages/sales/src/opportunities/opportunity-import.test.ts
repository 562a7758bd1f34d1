import { ForbiddenError, ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { sql } from "kysely";
import { expect, it } from "vitest";
import type { OpportunityHistoryInput } from "../index.js";
import { salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

/** A small seeded generator, so every run imports the same history. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)) };
}

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * History shaped like the public CRM data set a migrating customer brought (agents, accounts,
 * a four-stage pipeline, won, lost and open deals, open deals without an account), in two
 * currencies.
 */
function generatedHistory(pipelineId: string, accountIds: readonly string[], size: number): OpportunityHistoryInput[] {
  const random = seeded(42);
  const owners = ["ana", "bo", "chen", "dara", "eli", "fay"];
  const start = Date.parse("2023-01-01T09:00:00.000Z");
  return Array.from({ length: size }, (_, i): OpportunityHistoryInput => {
    const created = start + random.int(0, 600) * DAY + random.int(0, 8) * 3_600_000;
    const roll = random.next();
    const status = roll < 0.48 ? "won" : roll < 0.8 ? "lost" : "open";
    const currency = random.next() < 0.7 ? "EUR" : "USD";
    const base = {
      name: `Deal ${i}`,
      pipelineId,
      ownerId: owners[random.int(0, owners.length - 1)] ?? null,
      amount: random.int(1_000, 500_000),
      currency,
      createdAt: new Date(created).toISOString(),
      externalIds: { legacy: `D-${i}` },
    };
    const accountId = accountIds[random.int(0, accountIds.length - 1)] ?? null;
    if (status === "open") {
      const engaged = random.next() < 0.5;
      return {
        ...base,
        // Most open deals of that data set have no account.
        ...(random.next() < 0.6 ? {} : { accountId }),
        stageHistory: [
          { stageKey: "prospecting", enteredAt: base.createdAt },
          ...(engaged ? [{ stageKey: "engaging", enteredAt: new Date(created + 3 * DAY).toISOString() }] : []),
        ],
        closeDate: day(created + 90 * DAY),
      };
    }
    return {
      ...base,
      accountId,
      status,
      closeDate: day(created + random.int(0, 140) * DAY),
      stageHistory: [{ stageKey: "engaging", enteredAt: base.createdAt }],
    };
  });
}

describeEachAdapter("opportunity history import", (target) => {
  const t = useSalesCrm(target);

  async function dealsTenant() {
    const tenant = await salesTenant(t);
    const { manager } = tenant;
    await manager.sales.settings.update({ corporateCurrency: "EUR" });
    await manager.sales.currencies.setRate({ from: "USD", effectiveOn: "2022-01-01", rate: "0.9" });
    await manager.sales.currencies.setRate({ from: "USD", effectiveOn: "2024-01-01", rate: "0.8" });
    const pipeline = await manager.sales.pipelines.create({
      name: "Deals",
      stages: [
        { key: "prospecting", name: "Prospecting", probability: 10 },
        { key: "engaging", name: "Engaging", probability: 60 },
        { key: "won", name: "Won", probability: 100, kind: "won" },
        { key: "lost", name: "Lost", probability: 0, kind: "lost" },
      ],
    });
    const accounts = await manager.accounts.createMany(
      Array.from({ length: 25 }, (_, i) => ({ name: `Account ${String(i).padStart(2, "0")}`, type: "customer" })),
    );
    return { ...tenant, pipeline, accountIds: accounts.map((a) => a.id) };
  }

  it("imports generated history in batches, and every report figure equals hand-written SQL over the same rows", async () => {
    const { system, manager, tenantId, pipeline, accountIds } = await dealsTenant();
    t.clock.set("2025-01-01T00:00:00.000Z");
    const rows = generatedHistory(pipeline.id, accountIds, 2_500);
    const imported: string[][] = [];
    t.crm.on("opportunity.imported", (event) => {
      if (event.tenantId === tenantId) imported.push([...event.data.ids]);
    });
    const progress: number[] = [];
    const { ids } = await system.sales.opportunities.importHistory(rows, {
      onProgress: ({ imported, total }) => {
        expect(total).toBe(2_500);
        progress.push(imported);
      },
    });
    expect(ids).toHaveLength(2_500);
    expect(progress).toEqual([1_000, 2_000, 2_500]);
    expect(imported.map((batch) => batch.length)).toEqual([1_000, 1_000, 500]);

    // A closed deal keeps its history's times; the audit says it was imported, now.
    const wonIndex = rows.findIndex((r) => r.status === "won");
    const won = await manager.sales.opportunities.get(ids[wonIndex] as string);
    expect(won).toMatchObject({
      status: "won",
      stageKey: "won",
      createdAt: new Date(rows[wonIndex]?.createdAt as string).toISOString(),
      closeDate: rows[wonIndex]?.closeDate,
      closedAt:
        `${rows[wonIndex]?.closeDate}T00:00:00.000Z` > (won.createdAt as string)
          ? `${rows[wonIndex]?.closeDate}T00:00:00.000Z`
          : won.createdAt,
      version: 1,
      pipelineId: pipeline.id,
    });
    expect((await manager.sales.opportunities.stageHistory(won.id)).map((v) => v.stageKey)).toEqual([
      "engaging",
      "won",
    ]);
    const audit = await manager.audit.history("opportunity", won.id);
    expect(audit.items.map((e) => [e.action, e.at])).toEqual([["import", "2025-01-01T00:00:00.000Z"]]);
    const noAccount = await manager.accounts.findByExternalId("rapport", "import:no-account");
    expect(noAccount?.name).toBe("(no account)");
    const lostIndex = rows.findIndex((r) => r.status === "lost");
    const lost = await manager.sales.opportunities.get(ids[lostIndex] as string);
    const reasons = await manager.sales.lostReasons.list({
      filter: [{ field: "name", op: "eq", value: "Unspecified" }],
    });
    expect(lost.lostReasonId).toBe(reasons.items[0]?.id);

    const db = t.adapter.db;
    const days = (column: string) =>
      sql`cast(round((${t.adapter.epochSeconds(sql.ref(column))} - ${t.adapter.epochSeconds(sql`substr(created_at, 1, 10)`)}) / 86400.0) as integer)`;
    // EUR amounts as they are, USD at the rate in force on the close date, half up.
    const eur = sql`(case when currency = 'EUR' then amount when close_date < '2024-01-01' then (amount * 9 + 5) / 10 else (amount * 4 + 2) / 5 end)`;

    const rates = await manager.sales.reports.winRates({ currency: "EUR", from: "2024-01-01", to: "2025-01-01" });
    const expected = await sql<{
      owner_id: string;
      won: number;
      lost: number;
      won_amount: number;
      won_days: number;
      lost_days: number;
    }>`
      select owner_id,
        sum(case when status = 'won' then 1 else 0 end) as won,
        sum(case when status = 'lost' then 1 else 0 end) as lost,
        sum(case when status = 'won' then ${eur} else 0 end) as won_amount,
        sum(case when status = 'won' then ${days("close_date")} else 0 end) as won_days,
        sum(case when status = 'lost' then ${days("close_date")} else 0 end) as lost_days
      from sales_opportunities
      where tenant_id = ${tenantId} and status in ('won', 'lost') and close_date >= '2024-01-01' and close_date < '2025-01-01'
      group by owner_id order by owner_id`.execute(db);
    expect(rates.map((r) => [r.ownerId, r.won, r.lost, r.wonAmount, r.unconverted])).toEqual(
      expected.rows.map((r) => [r.owner_id, Number(r.won), Number(r.lost), Number(r.won_amount), 0]),
    );
    expect(rates.map((r) => [r.averageCycleDays, r.averageLostCycleDays])).toEqual(
      expected.rows.map((r) => [Number(r.won_days) / Number(r.won), Number(r.lost_days) / Number(r.lost)]),
    );
    // Medians, from the same rows sorted in JavaScript.
    const closedRows = await sql<{ owner_id: string; status: string; days: number }>`
      select owner_id, status, ${days("close_date")} as days from sales_opportunities
      where tenant_id = ${tenantId} and status in ('won', 'lost') and close_date >= '2024-01-01' and close_date < '2025-01-01'`.execute(
      db,
    );
    const median = (values: number[]) => {
      const sorted = values.sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 === 1
        ? (sorted[mid] as number)
        : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
    };
    for (const rate of rates) {
      const of = (status: string) =>
        closedRows.rows.filter((r) => r.owner_id === rate.ownerId && r.status === status).map((r) => Number(r.days));
      expect([rate.medianCycleDays, rate.medianLostCycleDays]).toEqual([median(of("won")), median(of("lost"))]);
    }

    const stages = await manager.sales.reports.pipelineByStage({ currency: "EUR", pipelineId: pipeline.id });
    const open = await sql<{ stage_key: string; count: number; amount: number }>`
      select stage_key, count(*) as count, sum(case when currency = 'EUR' then amount when close_date < '2024-01-01' then (amount * 9 + 5) / 10 else (amount * 4 + 2) / 5 end) as amount
      from sales_opportunities where tenant_id = ${tenantId} and status = 'open' group by stage_key order by stage_key`.execute(
      db,
    );
    expect(
      stages
        .filter((s) => s.count > 0)
        .map((s) => [s.stageKey, s.count, s.amount])
        .sort(),
    ).toEqual(open.rows.map((r) => [r.stage_key, Number(r.count), Number(r.amount)]).sort());

    const pareto = await manager.sales.reports.accountPareto({ currency: "EUR", limit: 5 });
    const perAccount = await sql<{ account_id: string; revenue: number }>`
      select account_id, sum(${eur}) as revenue from sales_opportunities
      where tenant_id = ${tenantId} and status = 'won' group by account_id order by revenue desc, account_id limit 5`.execute(
      db,
    );
    expect(pareto.accounts.map((a) => [a.accountId, a.revenue])).toEqual(
      perAccount.rows.map((r) => [r.account_id, Number(r.revenue)]),
    );
  });

  it("refuses bad rows naming the row and field, writing nothing of the batch; only a system actor imports", async () => {
    const { system, manager, tenantId, accountIds, pipeline } = await dealsTenant();
    t.clock.set("2025-01-01T00:00:00.000Z");
    const good: OpportunityHistoryInput = {
      name: "Good",
      pipelineId: pipeline.id,
      accountId: accountIds[0] ?? null,
      amount: 1_000,
      currency: "EUR",
      createdAt: "2024-03-01T10:00:00Z",
      status: "won",
      closeDate: "2024-04-01",
    };
    const refusals: [OpportunityHistoryInput, (string | number)[]][] = [
      [{ ...good, closeDate: "2024-02-01" }, [1, "closeDate"]],
      [{ ...good, amount: undefined, currency: undefined }, [1, "amount"]],
      [{ ...good, status: "lost", closeDate: undefined }, [1, "closeDate"]],
      [{ ...good, createdAt: "2026-01-01T00:00:00Z", closeDate: "2026-02-01" }, [1, "createdAt"]],
      [{ ...good, status: "open", stageKey: "no-such-stage", closeDate: null }, [1, "stageKey"]],
      [{ ...good, accountId: "acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5" }, [1, "accountId"]],
      [{ ...good, externalIds: { legacy: "X-1" } }, [1, "externalIds", "legacy"]],
    ];
    for (const [bad, path] of refusals) {
      const rows = [{ ...good, externalIds: { legacy: "X-1" } }, bad];
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        system.sales.opportunities.importHistory(rows),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toEqual(path);
    }
    // A row refused by the database in the second batch: the first batch stays, nothing of the second is written.
    const rows = [good, good, { ...good, accountId: "acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5" }, good];
    const error = await system.sales.opportunities.importHistory(rows, { batchSize: 2 }).catch((e: unknown) => e);
    expect((error as ValidationError).issues[0]?.path).toEqual([2, "accountId"]);
    expect((await manager.sales.opportunities.list()).items).toHaveLength(2);
    expect(
      await expectNothingWritten(t.adapter, tenantId, () => manager.sales.opportunities.importHistory([good])),
    ).toBeInstanceOf(ForbiddenError);
  });
});
