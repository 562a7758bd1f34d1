import { ForbiddenError, type ModuleContext, type OperationContext, parseInput, restrictQuery } from "@rapport/core";
import { sql } from "kysely";
import { convertedAmountSql, unconvertedSql } from "../currencies/converted-amount-sql.js";
import { salesDb } from "../database.js";
import { dateOf } from "../documents/dates.js";
import { defaultPipelineId } from "../pipelines/pipeline-service.js";
import { cycleDaysSql, cycleStatistics } from "./cycle-days.js";
import {
  type AccountParetoOptions,
  accountParetoSchema,
  type PipelineByStageOptions,
  pipelineByStageSchema,
  type WinRatesOptions,
  winRatesSchema,
} from "./report-schema.js";

/** One stage of the open pipeline. Amounts are minor units of the report's currency. */
export interface PipelineStageRow {
  readonly stageKey: string;
  readonly stageName: string;
  readonly position: number;
  /** Open deals in the stage, in every currency. */
  readonly count: number;
  /** Σ amount, each converted at the rate of the deal's close date (today's without one). Absent when the actor may not see `opportunity.amount`. */
  readonly amount?: number;
  /** Σ amount × probability / 100, rounded half up once per stage. Absent when the actor may not see `opportunity.amount`. */
  readonly weightedAmount?: number;
  /** Deals counted whose amount no exchange rate could convert: left out of `amount` and `weightedAmount`. Absent when the actor may not see `opportunity.amount`. */
  readonly unconverted?: number;
}

/** One owner's deals closed in the period (by close date). */
export interface WinRateRow {
  readonly ownerId: string | null;
  readonly won: number;
  readonly lost: number;
  /** won / (won + lost), 0–1. */
  readonly winRate: number;
  /** Σ amount of the won deals, converted at each deal's close date. Absent when the actor may not see `opportunity.amount`. */
  readonly wonAmount?: number;
  /** Won deals whose amount no exchange rate could convert: left out of `wonAmount`. Absent when the actor may not see `opportunity.amount`. */
  readonly unconverted?: number;
  /** Mean whole days from creation to close date, over won deals; `null` with none won. */
  readonly averageCycleDays: number | null;
  /** Median of the same days (the mean of the two middle deals for an even count); `null` with none won. */
  readonly medianCycleDays: number | null;
  /** Mean whole days from creation to close date, over lost deals; `null` with none lost. */
  readonly averageLostCycleDays: number | null;
  /** Median of the lost deals' days; `null` with none lost. */
  readonly medianLostCycleDays: number | null;
}

/** One account's won revenue with its running share of the total (80/20 analysis). */
export interface ParetoRow {
  readonly accountId: string;
  readonly revenue: number;
  /** Share of total won revenue held by this account and every account ranked above it, 0–1. */
  readonly cumulativeShare: number;
  /** A: within the first 80 % of revenue, B: up to 95 %, C: the rest. */
  readonly abcClass: "A" | "B" | "C";
}

/** The result of `reports.accountPareto`. */
export interface ParetoReport {
  /** All accounts' converted won revenue. */
  readonly total: number;
  readonly accounts: ParetoRow[];
  /** Won deals whose amount no exchange rate could convert: left out of every figure. */
  readonly unconverted: number;
}

/**
 * Sales reports, computed by the database (aggregates and window functions), over the
 * opportunities the actor may read — decided as `get` and `list` decide it (own, team,
 * deal-team shares, all). A report never shows what a hidden `opportunity.amount` would
 * reveal: counts stay, sums of amounts are left out, and the revenue ranking is refused.
 */
export interface SalesReports {
  /**
   * Open opportunities of a pipeline per stage: count, amount and weighted amount, in stage
   * order, every amount converted to the reporting currency at its close date's rate.
   */
  pipelineByStage(options: PipelineByStageOptions): Promise<PipelineStageRow[]>;
  /**
   * Win rate, won revenue and the sales cycle (mean and median, won and lost) per owner, for
   * deals whose close date falls in the period — the same date forecasts and quotas count by.
   */
  winRates(options: WinRatesOptions): Promise<WinRateRow[]>;
  /**
   * Accounts ranked by converted won revenue with cumulative share and ABC class; `total` is
   * all accounts' revenue. Throws `ForbiddenError` when the actor may not see
   * `opportunity.amount` (the ranking and shares are the amounts).
   */
  accountPareto(options: AccountParetoOptions): Promise<ParetoReport>;
}

/** Live opportunities the actor may read under `opportunity:read` (the same decision as `list`), as a base query. */
function readableOpportunities(op: OperationContext) {
  return restrictQuery(
    op,
    "opportunity:read",
    salesDb(op).selectFrom("sales_opportunities as o").where("o.archived_at", "is", null),
  );
}

/** True when the actor may not see opportunity amounts: sums of them are left out. */
async function amountHidden(op: OperationContext): Promise<boolean> {
  return (await op.policy()).fieldAccess(op.actor, "opportunity", "amount") === "hidden";
}

/** A deal's amount converted to `currency` at its close date (today's rate while it has none), and whether that failed. */
function convertedColumns(op: OperationContext, currency: string) {
  const columns = {
    amount: "o.amount",
    currency: "o.currency",
    date: sql`coalesce(o.close_date, ${dateOf(op.timestamp)})`,
  };
  return { amount: convertedAmountSql(op, currency, columns), unconverted: unconvertedSql(op, currency, columns) };
}

const sumOf = (expression: unknown) => sql<number | string>`coalesce(sum(${expression}), 0)`;

async function pipelineByStage(op: OperationContext, options: PipelineByStageOptions): Promise<PipelineStageRow[]> {
  const { currency, pipelineId } = parseInput(pipelineByStageSchema, options);
  const pipeline = pipelineId ?? (await defaultPipelineId(op));
  const hidden = await amountHidden(op);
  const converted = convertedColumns(op, currency);
  // Convert once per deal in an inner query; the outer one only groups.
  const deals = (await readableOpportunities(op))
    .where("o.pipeline_id", "=", pipeline)
    .where("o.status", "=", "open")
    .select(["o.stage_key", "o.probability", converted.amount.as("amount_c"), converted.unconverted.as("unconverted")]);
  const totals = salesDb(op)
    .selectFrom(deals.as("d"))
    .groupBy("d.stage_key")
    .select((eb) => [
      "d.stage_key as stage_key",
      eb.fn.countAll<number | string>().as("count"),
      sumOf(sql`d.amount_c`).as("amount"),
      sumOf(sql`d.amount_c * d.probability`).as("weighted_centi"),
      sumOf(sql`d.unconverted`).as("unconverted"),
    ]);
  const rows = await salesDb(op)
    .selectFrom("sales_stages as s")
    .leftJoin(totals.as("t"), "t.stage_key", "s.key")
    .select(["s.key", "s.name", "s.position", "t.count", "t.amount", "t.weighted_centi", "t.unconverted"])
    .where("s.tenant_id", "=", op.tenantId)
    .where("s.pipeline_id", "=", pipeline)
    .where("s.kind", "=", "open")
    .orderBy("s.position")
    .execute();
  return rows.map((row) => {
    const stage = {
      stageKey: row.key,
      stageName: row.name,
      position: Number(row.position),
      count: Number(row.count ?? 0),
    };
    if (hidden) return stage;
    const weightedAmount = Math.floor((Number(row.weighted_centi ?? 0) + 50) / 100);
    return { ...stage, amount: Number(row.amount ?? 0), weightedAmount, unconverted: Number(row.unconverted ?? 0) };
  });
}

async function winRates(op: OperationContext, options: WinRatesOptions): Promise<WinRateRow[]> {
  const { currency, from, to } = parseInput(winRatesSchema, options);
  const hidden = await amountHidden(op);
  const converted = convertedColumns(op, currency);
  const closed = (await readableOpportunities(op))
    .where("o.status", "in", ["won", "lost"])
    .where("o.close_date", ">=", from)
    .where("o.close_date", "<", to)
    .select([
      "o.owner_id",
      "o.status",
      cycleDaysSql(op, "o").as("days"),
      converted.amount.as("amount_c"),
      converted.unconverted.as("unconverted"),
    ]);
  // Each deal's place in its owner's won (or lost) deals by cycle length, to find the middle one or two.
  const ranked = salesDb(op)
    .selectFrom(closed.as("c"))
    .selectAll()
    .select([
      sql<number>`row_number() over (partition by c.owner_id, c.status order by c.days)`.as("rn"),
      sql<number>`count(*) over (partition by c.owner_id, c.status)`.as("n"),
    ]);
  const when = (status: string, value: unknown) => sumOf(sql`case when r.status = ${status} then ${value} end`);
  const middle = sql`r.rn in ((r.n + 1) / 2, (r.n + 2) / 2)`;
  const rows = await salesDb(op)
    .selectFrom(ranked.as("r"))
    .groupBy("r.owner_id")
    .select([
      "r.owner_id as owner_id",
      when("won", sql`1`).as("won"),
      when("lost", sql`1`).as("lost"),
      when("won", sql`r.amount_c`).as("won_amount"),
      when("won", sql`r.unconverted`).as("unconverted"),
      when("won", sql`r.days`).as("won_days"),
      when("won", sql`case when ${middle} then r.days end`).as("won_middle_days"),
      when("won", sql`case when ${middle} then 1 end`).as("won_middle"),
      when("lost", sql`r.days`).as("lost_days"),
      when("lost", sql`case when ${middle} then r.days end`).as("lost_middle_days"),
      when("lost", sql`case when ${middle} then 1 end`).as("lost_middle"),
    ])
    .orderBy("r.owner_id")
    .execute();
  return rows.map((row) => {
    const won = Number(row.won);
    const lost = Number(row.lost);
    const wonCycle = cycleStatistics({
      daysSum: row.won_days,
      count: won,
      middleSum: row.won_middle_days,
      middleCount: row.won_middle,
    });
    const lostCycle = cycleStatistics({
      daysSum: row.lost_days,
      count: lost,
      middleSum: row.lost_middle_days,
      middleCount: row.lost_middle,
    });
    const rate = {
      ownerId: row.owner_id,
      won,
      lost,
      winRate: won + lost === 0 ? 0 : won / (won + lost),
      averageCycleDays: wonCycle.mean,
      medianCycleDays: wonCycle.median,
      averageLostCycleDays: lostCycle.mean,
      medianLostCycleDays: lostCycle.median,
    };
    return hidden ? rate : { ...rate, wonAmount: Number(row.won_amount), unconverted: Number(row.unconverted) };
  });
}

async function accountPareto(op: OperationContext, options: AccountParetoOptions): Promise<ParetoReport> {
  const { currency, from, to, limit = 100 } = parseInput(accountParetoSchema, options);
  const readable = await readableOpportunities(op);
  if (await amountHidden(op)) {
    throw new ForbiddenError(`${op.actor.userId} may not see opportunity.amount, which this report ranks by`, {
      details: { field: "amount", entityType: "opportunity" },
    });
  }
  const converted = convertedColumns(op, currency);
  let won = readable.where("o.status", "=", "won").where("o.account_id", "is not", null);
  if (from !== undefined) won = won.where("o.close_date", ">=", from);
  if (to !== undefined) won = won.where("o.close_date", "<", to);
  const deals = won.select(["o.account_id", converted.amount.as("amount_c"), converted.unconverted.as("unconverted")]);
  const perAccount = salesDb(op)
    .selectFrom(deals.as("d"))
    .groupBy("d.account_id")
    // An account none of whose deals converted has no revenue to rank.
    .having(sql`count(d.amount_c)`, ">", 0)
    .select(["d.account_id as account_id", sumOf(sql`d.amount_c`).as("revenue")]);
  const ranked = salesDb(op)
    .selectFrom(perAccount.as("r"))
    .select([
      "r.account_id",
      "r.revenue",
      sql<
        number | string
      >`sum(r.revenue) over (order by r.revenue desc, r.account_id rows between unbounded preceding and current row)`.as(
        "running",
      ),
      sql<number | string>`sum(r.revenue) over ()`.as("total"),
    ]);
  const rows = await salesDb(op)
    .selectFrom(ranked.as("k"))
    .selectAll()
    .orderBy("k.revenue", "desc")
    .orderBy("k.account_id")
    .limit(limit)
    .execute();
  const { unconverted } = await salesDb(op)
    .selectFrom(deals.as("d"))
    .select(sumOf(sql`d.unconverted`).as("unconverted"))
    .executeTakeFirstOrThrow();
  const total = Number(rows[0]?.total ?? 0);
  const accounts = rows.map((row): ParetoRow => {
    const running = Number(row.running);
    // The class goes by the revenue ranked before this account, so the account that crosses 80 % is still A.
    const before = total === 0 ? 0 : (running - Number(row.revenue)) / total;
    return {
      accountId: row.account_id as string,
      revenue: Number(row.revenue),
      cumulativeShare: total === 0 ? 0 : running / total,
      abcClass: before < 0.8 ? "A" : before < 0.95 ? "B" : "C",
    };
  });
  return { total, accounts, unconverted: Number(unconverted) };
}

export function createSalesReports(ctx: ModuleContext): SalesReports {
  return {
    pipelineByStage: (options) => ctx.read((op) => pipelineByStage(op, options)),
    winRates: (options) => ctx.read((op) => winRates(op, options)),
    accountPareto: (options) => ctx.read((op) => accountPareto(op, options)),
  };
}
