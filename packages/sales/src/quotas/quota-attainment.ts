import type { OperationContext } from "@rapport/core";
import { sql } from "kysely";
import { convertedAmountSql, unconvertedSql } from "../currencies/converted-amount-sql.js";
import { salesDb } from "../database.js";
import type { Period } from "./period.js";
import type { Quota } from "./quota-entity.js";
import type { QuotaMeasure } from "./quota-schema.js";
import { ownedBy, type Subject } from "./subject-owners.js";

/** One team member's part of a team quota. */
export interface MemberAttainment {
  readonly userId: string;
  /** Deals won, or revenue won in the quota's currency. */
  readonly achieved: number;
  /** The member's own quota of the same measure for the same period, if any. */
  readonly target: number | null;
}

/** How far a quota is met, from won opportunities, computed in SQL. */
export interface QuotaAttainment {
  readonly quotaId: string;
  readonly measure: QuotaMeasure;
  readonly period: Period;
  readonly target: number;
  /** Won deals (count), or their amounts converted at each close date's rate and summed (revenue). */
  readonly achieved: number;
  /** `max(target − achieved, 0)`. */
  readonly remaining: number;
  /** `achieved / target` in percent, rounded half up to one decimal (`null` for a zero target). */
  readonly attainmentPercent: number | null;
  /** The revenue quota's currency (the corporate currency when it was set); `null` for a count. */
  readonly currency: string | null;
  /** Won deals left out of revenue because no exchange rate covered their close date. */
  readonly unconverted: number;
  /** For a team quota, each current member's part (ordered by user id); empty for a user quota. */
  readonly members: readonly MemberAttainment[];
}

const won = { amount: "o.amount", currency: "o.currency", date: "o.close_date" };

/** The won deals of `subject` closed in the period: count, converted revenue and unconverted count. */
export async function wonTotals(
  op: OperationContext,
  subject: Subject,
  period: { start: string; end: string },
  currency: string | null,
): Promise<{ deals: number; revenue: number; unconverted: number }> {
  const row = await salesDb(op)
    .selectFrom("sales_opportunities as o")
    .select((eb) => [
      eb.fn.countAll<number | string>().as("deals"),
      currency === null
        ? sql<number>`0`.as("revenue")
        : sql<number | string>`coalesce(sum(${convertedAmountSql(op, currency, won)}), 0)`.as("revenue"),
      currency === null
        ? sql<number>`0`.as("unconverted")
        : sql<number | string>`coalesce(sum(${unconvertedSql(op, currency, won)}), 0)`.as("unconverted"),
    ])
    .where("o.tenant_id", "=", op.tenantId)
    .where("o.status", "=", "won")
    .where("o.archived_at", "is", null)
    .where("o.close_date", ">=", period.start)
    .where("o.close_date", "<=", period.end)
    .where(ownedBy(op, subject))
    .executeTakeFirstOrThrow();
  return { deals: Number(row.deals), revenue: Number(row.revenue), unconverted: Number(row.unconverted) };
}

async function memberParts(op: OperationContext, quota: Quota): Promise<MemberAttainment[]> {
  if (quota.teamId === null) return [];
  const currency = quota.currency ?? "";
  const rows = await salesDb(op)
    .selectFrom("rapport_team_members as tm")
    .select((eb) => {
      const wins = eb
        .selectFrom("sales_opportunities as o")
        .whereRef("o.tenant_id", "=", "tm.tenant_id")
        .whereRef("o.owner_id", "=", "tm.user_id")
        .where("o.status", "=", "won")
        .where("o.archived_at", "is", null)
        .where("o.close_date", ">=", quota.periodStart)
        .where("o.close_date", "<=", quota.periodEnd);
      return [
        "tm.user_id",
        quota.measure === "count"
          ? wins.select((e) => e.fn.countAll().as("n")).as("achieved")
          : wins.select(sql`coalesce(sum(${convertedAmountSql(op, currency, won)}), 0)`.as("v")).as("achieved"),
        eb
          .selectFrom("sales_quotas as q")
          .select("q.target")
          .whereRef("q.tenant_id", "=", "tm.tenant_id")
          .whereRef("q.user_id", "=", "tm.user_id")
          .where("q.measure", "=", quota.measure)
          .where("q.period_start", "=", quota.periodStart)
          .where("q.period_end", "=", quota.periodEnd)
          .where("q.archived_at", "is", null)
          .limit(1)
          .as("target"),
      ];
    })
    .where("tm.tenant_id", "=", op.tenantId)
    .where("tm.team_id", "=", quota.teamId)
    .orderBy("tm.user_id")
    .execute();
  return rows.map((row) => ({
    userId: row.user_id,
    achieved: Number(row.achieved ?? 0),
    target: row.target === null || row.target === undefined ? null : Number(row.target),
  }));
}

/** The attainment of a quota: its subject's won deals in its period, in SQL. */
export async function attainmentOf(op: OperationContext, quota: Quota): Promise<QuotaAttainment> {
  const subject: Subject = quota.teamId === null ? { userId: quota.userId as string } : { teamId: quota.teamId };
  const totals = await wonTotals(op, subject, { start: quota.periodStart, end: quota.periodEnd }, quota.currency);
  const achieved = quota.measure === "count" ? totals.deals : totals.revenue;
  return {
    quotaId: quota.id,
    measure: quota.measure,
    period: { type: quota.periodType, start: quota.periodStart, end: quota.periodEnd },
    target: quota.target,
    achieved,
    remaining: Math.max(quota.target - achieved, 0),
    attainmentPercent:
      quota.target === 0
        ? null
        : Number((BigInt(achieved) * 2_000n + BigInt(quota.target)) / (2n * BigInt(quota.target))) / 10,
    currency: quota.currency,
    unconverted: quota.measure === "count" ? 0 : totals.unconverted,
    members: await memberParts(op, quota),
  };
}
