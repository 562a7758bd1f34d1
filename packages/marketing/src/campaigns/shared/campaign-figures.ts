import type { OperationContext } from "@rapport/core";
import { type RawBuilder, sql } from "kysely";
import { salesRecords, touchesOf } from "./sales-records.js";

/** Results a campaign (or a phase of it, or a subtree of campaigns) brought, each an SQL aggregate. */
export interface CampaignFigures {
  /** The cost lines' total, in minor units of the campaign's currency (`null` when the actor's roles hide cost amounts). */
  readonly cost: number | null;
  /** Responses recorded. */
  readonly responses: number;
  /** Distinct leads the responses brought. */
  readonly leads: number;
  /** Of those leads, the ones now qualified (0 without sales). */
  readonly qualifiedLeads: number;
  /** Distinct opportunities the campaigns touched that the actor may read (`null` when they may read none). */
  readonly opportunities: number | null;
  /** The amount of those still open or won, in the campaign's currency (`null` when amounts are hidden). */
  readonly pipeline: number | null;
  /** The amount of those won, in the campaign's currency (`null` when amounts are hidden). */
  readonly wonRevenue: number | null;
}

/** Which campaigns and which time window the figures cover. */
export interface FiguresScope {
  /** A subquery of campaign ids. */
  readonly campaignIds: RawBuilder<unknown>;
  /** Opportunity amounts in other currencies are left out (they are not converted). */
  readonly currency: string;
  /** Half-open window `[from, to)` on response and touch times and cost dates; absent: all time. */
  readonly from?: string;
  readonly to?: string;
}

/** A subquery of the ids of a campaign and every campaign below it. */
export function subtreeOf(op: OperationContext, campaignId: string): RawBuilder<unknown> {
  return sql`(with recursive tree(id) as (select id from marketing_campaigns where tenant_id = ${op.tenantId} and id = ${campaignId} union all select c.id from marketing_campaigns c join tree on c.parent_id = tree.id where c.tenant_id = ${op.tenantId} and c.archived_at is null) select id from tree)`;
}

/** The one campaign `campaignId`, as a subquery of ids. */
export function onlyCampaign(op: OperationContext, campaignId: string): RawBuilder<unknown> {
  return sql`(select id from marketing_campaigns where tenant_id = ${op.tenantId} and id = ${campaignId})`;
}

function toNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** Computes {@link CampaignFigures} in SQL: one aggregate query per figure family, no rows loaded. */
export async function campaignFigures(op: OperationContext, scope: FiguresScope): Promise<CampaignFigures> {
  const sales = await salesRecords(op);
  const { campaignIds, currency } = scope;
  const window = (column: string) =>
    sql.join(
      [
        sql`1 = 1`,
        ...(scope.from !== undefined ? [sql`${sql.ref(column)} >= ${scope.from}`] : []),
        ...(scope.to !== undefined ? [sql`${sql.ref(column)} < ${scope.to}`] : []),
      ],
      sql` and `,
    );
  const policy = await op.policy();
  const costHidden = policy.fieldAccess(op.actor, "campaign_cost", "amount") === "hidden";
  // Cost lines carry dates: a line counts in a window when its day starts inside it.
  const costWindow = sql.join(
    [
      sql`1 = 1`,
      ...(scope.from !== undefined ? [sql`incurred_on >= ${scope.from.slice(0, 10)}`] : []),
      ...(scope.to !== undefined ? [sql`incurred_on < ${scope.to.slice(0, 10)}`] : []),
    ],
    sql` and `,
  );
  const cost = await sql<{
    total: unknown;
  }>`select sum(amount) as total from marketing_campaign_costs where tenant_id = ${op.tenantId} and archived_at is null and campaign_id in ${campaignIds} and ${costWindow}`.execute(
    op.db,
  );
  const responses = await sql<{
    responses: unknown;
    leads: unknown;
  }>`select count(*) as responses, count(distinct lead_id) as leads from marketing_campaign_responses where tenant_id = ${op.tenantId} and archived_at is null and campaign_id in ${campaignIds} and ${window("responded_at")}`.execute(
    op.db,
  );
  let qualifiedLeads = 0;
  if (sales.leads !== null) {
    const status = sql.ref(`l.${sales.leads.status}`);
    const qualified = await sql<{
      n: unknown;
    }>`select count(distinct r.lead_id) as n from marketing_campaign_responses r join ${sql.table(sales.leads.table)} l on l.tenant_id = r.tenant_id and l.id = r.lead_id where r.tenant_id = ${op.tenantId} and r.archived_at is null and r.campaign_id in ${campaignIds} and ${status} = 'qualified' and ${window("r.responded_at")}`.execute(
      op.db,
    );
    qualifiedLeads = toNumber(qualified.rows[0]?.n);
  }
  // Without opportunity:read the caller learns nothing about deals; without sales there are none.
  let opportunities: number | null = sales.opportunitiesHidden ? null : 0;
  let pipeline: number | null = sales.opportunitiesHidden ? null : 0;
  let wonRevenue: number | null = sales.opportunitiesHidden ? null : 0;
  if (sales.opportunities !== null) {
    const touched = sql`(select opportunity_id from ${touchesOf(op, sales)} t where campaign_id in ${campaignIds} and ${window("touched_at")})`;
    const deals = await sql<{
      opportunities: unknown;
      pipeline: unknown;
      won: unknown;
    }>`select count(*) as opportunities, sum(case when o.status <> 'lost' and o.currency = ${currency} then o.amount end) as pipeline, sum(case when o.status = 'won' and o.currency = ${currency} then o.amount end) as won from ${sales.opportunities} o where o.id in ${touched}`.execute(
      op.db,
    );
    const row = deals.rows[0];
    opportunities = toNumber(row?.opportunities);
    pipeline = sales.amountsHidden ? null : toNumber(row?.pipeline);
    wonRevenue = sales.amountsHidden ? null : toNumber(row?.won);
  }
  return {
    cost: costHidden ? null : toNumber(cost.rows[0]?.total),
    responses: toNumber(responses.rows[0]?.responses),
    leads: toNumber(responses.rows[0]?.leads),
    qualifiedLeads,
    opportunities,
    pipeline,
    wonRevenue,
  };
}
