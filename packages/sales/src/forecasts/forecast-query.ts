import type { OperationContext } from "@rapport/core";
import { sql } from "kysely";
import { convertedAmountSql, unconvertedSql } from "../currencies/converted-amount-sql.js";
import { salesDb } from "../database.js";
import type { Period } from "../quotas/period.js";
import { ownedBy, type Subject } from "../quotas/subject-owners.js";

/** A forecast's figures in the corporate currency's minor units. */
export interface ForecastFigures {
  /** Open, not omitted opportunities closing in the period: the sum of their amounts. */
  readonly pipeline: number;
  /** The same opportunities, each `amount × probability / 100` rounded half up, summed. */
  readonly weighted: number;
  /** Open opportunities forecast as `commit`. */
  readonly commit: number;
  /** Open opportunities forecast as `commit` or `best_case`. */
  readonly bestCase: number;
  /** Opportunities won with a close date in the period, up to today. */
  readonly wonToDate: number;
  /** How many open, not omitted opportunities close in the period. */
  readonly openDeals: number;
  /** Opportunities left out because no exchange rate covered their close date. */
  readonly unconverted: number;
}

/**
 * The forecast of `subject` for `period` as of `today`, in one SQL query: every amount is
 * converted to `currency` at the rate of the opportunity's close date (half up), then
 * weighted (half up) and summed.
 */
export async function forecastFigures(
  op: OperationContext,
  subject: Subject,
  period: Period,
  currency: string,
  today: string,
): Promise<ForecastFigures> {
  const columns = { amount: "o.amount", currency: "o.currency", date: "o.close_date" };
  const converted = convertedAmountSql(op, currency, columns);
  const category = sql`coalesce(o.forecast_category, 'pipeline')`;
  const open = sql`o.status = 'open' and ${category} <> 'omitted'`;
  const won = sql`o.status = 'won' and o.close_date <= ${today}`;
  const sumWhen = (condition: unknown, value: unknown = converted) =>
    sql<number | string>`coalesce(sum(case when ${condition} then ${value} else 0 end), 0)`;
  const row = await salesDb(op)
    .selectFrom("sales_opportunities as o")
    .select([
      sumWhen(open).as("pipeline"),
      sumWhen(open, sql`(${converted} * o.probability * 2 + 100) / 200`).as("weighted"),
      sumWhen(sql`${open} and ${category} = 'commit'`).as("commit"),
      sumWhen(sql`${open} and ${category} in ('commit', 'best_case')`).as("best_case"),
      sumWhen(won).as("won_to_date"),
      sumWhen(open, sql`1`).as("open_deals"),
      sumWhen(sql`(${open}) or (${won})`, unconvertedSql(op, currency, columns)).as("unconverted"),
    ])
    .where("o.tenant_id", "=", op.tenantId)
    .where("o.archived_at", "is", null)
    .where("o.status", "in", ["open", "won"])
    .where("o.close_date", ">=", period.start)
    .where("o.close_date", "<=", period.end)
    .where(ownedBy(op, subject))
    .executeTakeFirstOrThrow();
  return {
    pipeline: Number(row.pipeline),
    weighted: Number(row.weighted),
    commit: Number(row.commit),
    bestCase: Number(row.best_case),
    wonToDate: Number(row.won_to_date),
    openDeals: Number(row.open_deals),
    unconverted: Number(row.unconverted),
  };
}

/** The subject's revenue quota target for exactly this period, or `null`. */
export async function quotaTarget(op: OperationContext, subject: Subject, period: Period): Promise<number | null> {
  const row = await salesDb(op)
    .selectFrom("sales_quotas")
    .select("target")
    .where("tenant_id", "=", op.tenantId)
    .where(subject.userId === undefined ? "team_id" : "user_id", "=", subject.teamId ?? (subject.userId as string))
    .where("measure", "=", "revenue")
    .where("period_start", "=", period.start)
    .where("period_end", "=", period.end)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  return row ? Number(row.target) : null;
}
