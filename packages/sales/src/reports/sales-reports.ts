import { ForbiddenError, type ModuleContext, type OperationContext, parseInput, restrictQuery } from "@rapport/core";
import { sql } from "kysely";
import { salesDb } from "../database.js";
import { defaultPipelineId } from "../pipelines/pipeline-service.js";
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
  readonly count: number;
  /** Σ amount. Absent when the actor may not see `opportunity.amount`. */
  readonly amount?: number;
  /** Σ amount × probability / 100, rounded half up once per stage. Absent when the actor may not see `opportunity.amount`. */
  readonly weightedAmount?: number;
}

/** One owner's closed deals in the period. */
export interface WinRateRow {
  readonly ownerId: string | null;
  readonly won: number;
  readonly lost: number;
  /** won / (won + lost), 0–1. */
  readonly winRate: number;
  /** Σ amount of the won deals. Absent when the actor may not see `opportunity.amount`. */
  readonly wonAmount?: number;
  /** Mean days from creation to winning, over won deals; `null` with none won. */
  readonly averageCycleDays: number | null;
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

/**
 * Sales reports, computed by the database (aggregates and window functions), over the
 * opportunities the actor may read — decided as `get` and `list` decide it (own, team,
 * deal-team shares, all). A report never shows what a hidden `opportunity.amount` would
 * reveal: counts stay, sums of amounts are left out, and the revenue ranking is refused.
 */
export interface SalesReports {
  /** Open opportunities of a pipeline per stage: count, amount and weighted amount, in stage order. */
  pipelineByStage(options: PipelineByStageOptions): Promise<PipelineStageRow[]>;
  /** Win rate, won revenue and average sales cycle per owner, for deals closed in the period. */
  winRates(options: WinRatesOptions): Promise<WinRateRow[]>;
  /**
   * Accounts ranked by won revenue with cumulative share and ABC class; `total` is all
   * accounts' revenue. Throws `ForbiddenError` when the actor may not see `opportunity.amount`
   * (the ranking and shares are the amounts).
   */
  accountPareto(options: AccountParetoOptions): Promise<{ total: number; accounts: ParetoRow[] }>;
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

export function createSalesReports(ctx: ModuleContext): SalesReports {
  return {
    pipelineByStage: (options) =>
      ctx.read(async (op) => {
        const { currency, pipelineId } = parseInput(pipelineByStageSchema, options);
        const pipeline = pipelineId ?? (await defaultPipelineId(op));
        const hidden = await amountHidden(op);
        const totals = (await readableOpportunities(op))
          .where("o.pipeline_id", "=", pipeline)
          .where("o.status", "=", "open")
          .where("o.currency", "=", currency)
          .groupBy("o.stage_key")
          .select((eb) => [
            "o.stage_key as stage_key",
            eb.fn.countAll<number | string>().as("count"),
            eb.fn.coalesce(eb.fn.sum<number | string>("o.amount"), sql<number>`0`).as("amount"),
            eb.fn
              .coalesce(eb.fn.sum<number | string>(sql`o.amount * o.probability`), sql<number>`0`)
              .as("weighted_centi"),
          ]);
        const rows = await salesDb(op)
          .selectFrom("sales_stages as s")
          .leftJoin(totals.as("t"), "t.stage_key", "s.key")
          .select(["s.key", "s.name", "s.position", "t.count", "t.amount", "t.weighted_centi"])
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
          return { ...stage, amount: Number(row.amount ?? 0), weightedAmount };
        });
      }),

    winRates: (options) =>
      ctx.read(async (op) => {
        const { currency, from, to } = parseInput(winRatesSchema, options);
        const hidden = await amountHidden(op);
        const days = sql<number>`(${op.adapter.epochSeconds(sql.ref("o.closed_at"))} - ${op.adapter.epochSeconds(sql.ref("o.created_at"))}) / 86400.0`;
        const rows = await (await readableOpportunities(op))
          .where("o.status", "in", ["won", "lost"])
          .where("o.closed_at", ">=", new Date(from).toISOString())
          .where("o.closed_at", "<", new Date(to).toISOString())
          .groupBy("o.owner_id")
          .select((eb) => [
            "o.owner_id as owner_id",
            eb.fn.sum<number | string>(eb.case().when("o.status", "=", "won").then(1).else(0).end()).as("won"),
            eb.fn.sum<number | string>(eb.case().when("o.status", "=", "lost").then(1).else(0).end()).as("lost"),
            eb.fn
              .sum<number | string>(
                eb
                  .case()
                  .when(eb.and([eb("o.status", "=", "won"), eb("o.currency", "=", currency)]))
                  .then(eb.ref("o.amount"))
                  .else(0)
                  .end(),
              )
              .as("won_amount"),
            eb.fn.avg<number | string>(eb.case().when("o.status", "=", "won").then(days).end()).as("cycle_days"),
          ])
          .orderBy("o.owner_id")
          .execute();
        return rows.map((row) => {
          const won = Number(row.won);
          const lost = Number(row.lost);
          const rate = {
            ownerId: row.owner_id,
            won,
            lost,
            winRate: won + lost === 0 ? 0 : won / (won + lost),
            averageCycleDays: row.cycle_days === null ? null : Number(row.cycle_days),
          };
          return hidden ? rate : { ...rate, wonAmount: Number(row.won_amount ?? 0) };
        });
      }),

    accountPareto: (options) =>
      ctx.read(async (op) => {
        const { currency, from, to, limit = 100 } = parseInput(accountParetoSchema, options);
        const readable = await readableOpportunities(op);
        if (await amountHidden(op)) {
          throw new ForbiddenError(`${op.actor.userId} may not see opportunity.amount, which this report ranks by`, {
            details: { field: "amount", entityType: "opportunity" },
          });
        }
        let won = readable.where("o.status", "=", "won").where("o.currency", "=", currency);
        if (from !== undefined) won = won.where("o.closed_at", ">=", new Date(from).toISOString());
        if (to !== undefined) won = won.where("o.closed_at", "<", new Date(to).toISOString());
        const perAccount = won
          .groupBy("o.account_id")
          .select((eb) => ["o.account_id as account_id", eb.fn.sum<number | string>("o.amount").as("revenue")]);
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
        const total = Number(rows[0]?.total ?? 0);
        return {
          total,
          accounts: rows.map((row) => {
            const running = Number(row.running);
            // The class goes by the revenue ranked before this account, so the account that crosses 80 % is still A.
            const before = (running - Number(row.revenue)) / total;
            return {
              accountId: row.account_id,
              revenue: Number(row.revenue),
              cumulativeShare: running / total,
              abcClass: before < 0.8 ? "A" : before < 0.95 ? "B" : "C",
            };
          }),
        };
      }),
  };
}
