import { NotFoundError, type OperationContext, restrictQuery } from "@rapport/core";
import { type RawBuilder, sql } from "kysely";
import * as z from "zod";
import { matchingIds } from "../segments/segment-query.js";
import { campaignsDb } from "../shared/campaign-tables.js";
import { salesRecords, touchesOf } from "../shared/sales-records.js";

/** How an opportunity's credit is shared among the campaigns that touched it. */
export const ATTRIBUTION_MODELS = ["first_touch", "last_touch", "linear"] as const;
/** One of {@link ATTRIBUTION_MODELS}. */
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

/** Options of `campaigns.attribution`. */
export const attributionOptionsSchema = z
  .object({
    /**
     * `first_touch`: all credit to the campaign that touched the opportunity first;
     * `last_touch`: to the one that touched it last; `linear`: shared equally.
     */
    model: z.enum(ATTRIBUTION_MODELS),
  })
  .strict();
/** Options of `campaigns.attribution`. */
export type AttributionOptions = z.input<typeof attributionOptionsSchema>;

/** The credit one campaign earns under a model, per opportunity currency. */
export interface CampaignAttribution {
  readonly campaignId: string;
  /** The opportunities' currency; amounts in different currencies are never added together. */
  readonly currency: string | null;
  /** Opportunities credited (fractions under `linear`). */
  readonly opportunities: number;
  /** Won opportunities credited (fractions under `linear`). */
  readonly wonDeals: number;
  /** Credited amount of open and won opportunities, minor units (`null` when amounts are hidden). */
  readonly pipeline: number | null;
  /** Credited amount of won opportunities, minor units (`null` when amounts are hidden). */
  readonly wonRevenue: number | null;
}

/**
 * Per campaign pair: first and last touch on each opportunity, the campaign's rank as first
 * and last toucher (ties broken by campaign id) and how many campaigns touched it.
 */
function rankedTouches(_op: OperationContext, touches: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(select p.campaign_id, p.opportunity_id,
      row_number() over (partition by p.opportunity_id order by p.first_at, p.campaign_id) as first_rank,
      row_number() over (partition by p.opportunity_id order by p.last_at desc, p.campaign_id) as last_rank,
      count(*) over (partition by p.opportunity_id) as n
    from (select campaign_id, opportunity_id, min(touched_at) as first_at, max(touched_at) as last_at
          from ${touches} t group by campaign_id, opportunity_id) p)`;
}

/**
 * Attribution of opportunities and their revenue to campaigns, computed in SQL. Under
 * `linear`, an amount is split in whole minor units: each of n campaigns gets amount ÷ n
 * rounded down, and the remainder goes one unit each to the earliest touchers, so the shares
 * add up to the amount exactly. Only opportunities and campaigns the caller may read count.
 */
export async function attribution(op: OperationContext, model: AttributionModel): Promise<CampaignAttribution[]> {
  const sales = await salesRecords(op);
  if (sales.opportunities === null) return [];
  const campaigns = await restrictQuery(
    op,
    "campaign:read",
    campaignsDb(op).selectFrom("marketing_campaigns").select("id"),
  );
  const credit =
    model === "linear"
      ? sql`1.0 / r.n as credit, o.amount / r.n + case when r.first_rank <= o.amount % r.n then 1 else 0 end as amount`
      : sql`1 as credit, o.amount as amount`;
  const only =
    model === "first_touch" ? sql`r.first_rank = 1` : model === "last_touch" ? sql`r.last_rank = 1` : sql`1 = 1`;
  const result = await sql<{
    campaign_id: string;
    currency: string | null;
    opportunities: unknown;
    won_deals: unknown;
    pipeline: unknown;
    won_revenue: unknown;
  }>`select c.campaign_id, c.currency,
      sum(c.credit) as opportunities,
      sum(case when c.status = 'won' then c.credit else 0 end) as won_deals,
      sum(case when c.status <> 'lost' then c.amount end) as pipeline,
      sum(case when c.status = 'won' then c.amount end) as won_revenue
    from (select r.campaign_id, o.currency, o.status, ${credit}
          from ${rankedTouches(op, touchesOf(op, sales))} r join ${sales.opportunities} o on o.id = r.opportunity_id
          where ${only}) c
    where c.campaign_id in (${campaigns})
    group by c.campaign_id, c.currency
    order by c.campaign_id, c.currency`.execute(op.db);
  const money = (value: unknown) => (sales.amountsHidden ? null : value === null ? 0 : Number(value));
  return result.rows.map((row) => ({
    campaignId: row.campaign_id,
    currency: row.currency,
    opportunities: Math.round(Number(row.opportunities) * 10_000) / 10_000,
    wonDeals: Math.round(Number(row.won_deals) * 10_000) / 10_000,
    pipeline: money(row.pipeline),
    wonRevenue: money(row.won_revenue),
  }));
}

/** An opportunity a campaign touched, as `influencedOpportunities` lists it. */
export interface InfluencedOpportunity {
  readonly opportunityId: string;
  readonly firstTouchAt: string;
  readonly lastTouchAt: string;
  readonly status: string;
  /** `null` when the caller's roles hide opportunity amounts. */
  readonly amount: number | null;
  readonly currency: string | null;
}

/** The opportunities a campaign touched that the caller may read, first touched first. */
export async function influencedOpportunities(
  op: OperationContext,
  campaignId: string,
): Promise<InfluencedOpportunity[]> {
  const sales = await salesRecords(op);
  if (sales.opportunities === null) return [];
  const result = await sql<{
    opportunity_id: string;
    first_at: string;
    last_at: string;
    status: string;
    amount: unknown;
    currency: string | null;
  }>`select t.opportunity_id, min(t.touched_at) as first_at, max(t.touched_at) as last_at, o.status, o.amount, o.currency
    from ${touchesOf(op, sales)} t join ${sales.opportunities} o on o.id = t.opportunity_id
    where t.campaign_id = ${campaignId}
    group by t.opportunity_id, o.status, o.amount, o.currency
    order by min(t.touched_at), t.opportunity_id`.execute(op.db);
  return result.rows.map((row) => ({
    opportunityId: row.opportunity_id,
    firstTouchAt: row.first_at,
    lastTouchAt: row.last_at,
    status: row.status,
    amount: row.amount === null || sales.amountsHidden ? null : Number(row.amount),
    currency: row.currency,
  }));
}

/** A campaign that touched an opportunity, as `forOpportunity` lists it. */
export interface OpportunityCampaign {
  readonly campaignId: string;
  readonly name: string;
  readonly type: string;
  readonly firstTouchAt: string;
  readonly lastTouchAt: string;
}

/** The campaigns the caller may read that touched an opportunity the caller may read, first touch first. */
export async function campaignsForOpportunity(
  op: OperationContext,
  opportunityId: string,
): Promise<OpportunityCampaign[]> {
  const sales = await salesRecords(op);
  if (sales.opportunities === null) throw new NotFoundError("opportunity", opportunityId);
  const visible = await (await matchingIds(op, "opportunity", [])).where("id", "=", opportunityId).executeTakeFirst();
  if (!visible) throw new NotFoundError("opportunity", opportunityId);
  const campaigns = await restrictQuery(
    op,
    "campaign:read",
    campaignsDb(op).selectFrom("marketing_campaigns").select(["id", "name", "type"]).where("archived_at", "is", null),
  );
  const result = await sql<{
    campaign_id: string;
    name: string;
    type: string;
    first_at: string;
    last_at: string;
  }>`select c.id as campaign_id, c.name, c.type, min(t.touched_at) as first_at, max(t.touched_at) as last_at
    from ${touchesOf(op, sales)} t join (${campaigns}) c on c.id = t.campaign_id
    where t.opportunity_id = ${opportunityId}
    group by c.id, c.name, c.type
    order by min(t.touched_at), c.id`.execute(op.db);
  return result.rows.map((row) => ({
    campaignId: row.campaign_id,
    name: row.name,
    type: row.type,
    firstTouchAt: row.first_at,
    lastTouchAt: row.last_at,
  }));
}
