import { type OperationContext, parseInput } from "@rapport/core";
import { sql } from "kysely";
import { convertedAmountSql, unconvertedSql } from "../currencies/converted-amount-sql.js";
import { salesDb } from "../database.js";
import { addDays } from "../documents/dates.js";
import { corporateCurrencyOf } from "../settings/settings-service.js";
import type { PartnerTier, PartnerType } from "./partner-schema.js";
import { periodRangeSchema } from "./partner-schema.js";
import { shownPerformance } from "./performance-field-security.js";

/** One partner's results over a period, money in the corporate currency. */
export interface PartnerPerformance {
  readonly partnerId: string;
  readonly accountId: string;
  readonly partnerType: PartnerType;
  readonly tier: PartnerTier;
  /** Deals the partner registered in the period. */
  readonly registered: number;
  /** Of those, how many were approved. */
  readonly approved: number;
  /** Opportunities attributed to the partner, won with a close date in the period. */
  readonly wonDeals: number;
  /** Their amounts, each converted at the rate of its close date (half up), summed. */
  readonly wonRevenue: number;
  /** Orders attributed to the partner, dated in the period and not cancelled. */
  readonly orders: number;
  /** Their net totals, converted at the rate of the order date, summed. */
  readonly orderRevenue: number;
  /** Won deals and orders left out of the revenue because no rate covered their date. */
  readonly unconverted: number;
  readonly currency: string;
}

/**
 * `partners.performance`: every partner's registrations, wins and revenue over a period
 * (both days included), computed in one SQL query, highest won revenue first.
 */
export async function partnerPerformance(op: OperationContext, range: unknown): Promise<PartnerPerformance[]> {
  const { from, to } = parseInput(periodRangeSchema, range);
  await op.authorize("partner:read");
  const currency = await corporateCurrencyOf(op);
  const until = addDays(to, 1);
  const won = { amount: "o.amount", currency: "o.currency", date: "o.close_date" };
  const ordered = { amount: "so.net_total", currency: "so.currency", date: "so.order_date" };
  const rows = await salesDb(op)
    .selectFrom("sales_partners as p")
    .select((eb) => {
      const registrations = () =>
        eb
          .selectFrom("sales_deal_registrations as r")
          .whereRef("r.tenant_id", "=", "p.tenant_id")
          .whereRef("r.partner_id", "=", "p.id")
          .where("r.created_at", ">=", from)
          .where("r.created_at", "<", until)
          .where("r.archived_at", "is", null);
      const wins = () =>
        eb
          .selectFrom("sales_opportunities as o")
          .whereRef("o.tenant_id", "=", "p.tenant_id")
          .whereRef("o.partner_id", "=", "p.id")
          .where("o.status", "=", "won")
          .where("o.close_date", ">=", from)
          .where("o.close_date", "<=", to)
          .where("o.archived_at", "is", null);
      const orders = () =>
        eb
          .selectFrom("sales_orders as so")
          .whereRef("so.tenant_id", "=", "p.tenant_id")
          .whereRef("so.partner_id", "=", "p.id")
          .where("so.status", "!=", "cancelled")
          .where("so.order_date", ">=", from)
          .where("so.order_date", "<=", to)
          .where("so.archived_at", "is", null);
      return [
        "p.id",
        "p.account_id",
        "p.partner_type",
        "p.tier",
        registrations()
          .select((e) => e.fn.countAll().as("n"))
          .as("registered"),
        registrations()
          .where("r.status", "=", "approved")
          .select((e) => e.fn.countAll().as("n"))
          .as("approved"),
        wins()
          .select((e) => e.fn.countAll().as("n"))
          .as("won_deals"),
        wins()
          .select(sql`coalesce(sum(${convertedAmountSql(op, currency, won)}), 0)`.as("v"))
          .as("won_revenue"),
        wins()
          .select(sql`coalesce(sum(${unconvertedSql(op, currency, won)}), 0)`.as("v"))
          .as("won_unconverted"),
        orders()
          .select((e) => e.fn.countAll().as("n"))
          .as("orders"),
        orders()
          .select(sql`coalesce(sum(${convertedAmountSql(op, currency, ordered)}), 0)`.as("v"))
          .as("order_revenue"),
        orders()
          .select(sql`coalesce(sum(${unconvertedSql(op, currency, ordered)}), 0)`.as("v"))
          .as("order_unconverted"),
      ];
    })
    .where("p.tenant_id", "=", op.tenantId)
    .where("p.archived_at", "is", null)
    .orderBy("won_revenue", "desc")
    .orderBy("p.id")
    .execute();
  const figures = rows.map((row) => ({
    partnerId: row.id,
    accountId: row.account_id,
    partnerType: row.partner_type as PartnerType,
    tier: row.tier as PartnerTier,
    registered: Number(row.registered),
    approved: Number(row.approved),
    wonDeals: Number(row.won_deals),
    wonRevenue: Number(row.won_revenue),
    orders: Number(row.orders),
    orderRevenue: Number(row.order_revenue),
    unconverted: Number(row.won_unconverted) + Number(row.order_unconverted),
    currency,
  }));
  return shownPerformance(op, figures);
}
