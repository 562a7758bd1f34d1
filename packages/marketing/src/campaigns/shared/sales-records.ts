import { type EntityDefinition, type OperationContext, restrictQuery } from "@rapport/core";
import { type RawBuilder, sql } from "kysely";

/** The column of a registered entity's field (its `column`, or the name in snake_case). */
export function columnOf(definition: EntityDefinition<any, any, any>, fieldName: string): string {
  const spec = definition.fields[fieldName] as { column?: string } | undefined;
  return spec?.column ?? fieldName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Reads of the sales records campaigns are measured by, through their registered entities. */
export interface SalesRecords {
  /** The lead table, or `null` without the sales module. */
  readonly leads: { readonly table: string; readonly status: string; readonly convertedOpportunity: string } | null;
  /**
   * The opportunities the actor may read, as a subquery of `(id, amount, currency, status)`;
   * `amount` is null for every row when the actor's roles hide it. `null` without sales.
   */
  readonly opportunities: RawBuilder<unknown> | null;
  /** True when the actor's roles hide opportunity amounts. */
  readonly amountsHidden: boolean;
  /** True when sales is installed but the actor may not read opportunities: figures about them are unknown to them. */
  readonly opportunitiesHidden: boolean;
}

/**
 * The lead and opportunity tables of whichever module registered those entities (sales), read
 * under the actor's record scopes; marketing imports no sales code and works without it.
 */
export async function salesRecords(op: OperationContext): Promise<SalesRecords> {
  const lead = op.entityDefinition("lead");
  const opportunity = op.entityDefinition("opportunity");
  const leads =
    lead === undefined
      ? null
      : {
          table: lead.table,
          status: columnOf(lead, "status"),
          convertedOpportunity: columnOf(lead, "convertedOpportunityId"),
        };
  if (opportunity === undefined)
    return { leads, opportunities: null, amountsHidden: false, opportunitiesHidden: false };
  if ((await op.scopeOf("opportunity:read")) === null)
    return { leads, opportunities: null, amountsHidden: true, opportunitiesHidden: true };
  const policy = await op.policy();
  const amountsHidden = policy.fieldAccess(op.actor, "opportunity", "amount") === "hidden";
  const amount = amountsHidden
    ? sql<number | null>`cast(null as bigint)`
    : sql.ref<number | null>(columnOf(opportunity, "amount"));
  const scoped = await restrictQuery(
    op,
    "opportunity:read",
    op.db
      .selectFrom(opportunity.table)
      .select([
        "id",
        amount.as("amount"),
        sql.ref(columnOf(opportunity, "currency")).as("currency"),
        sql.ref(columnOf(opportunity, "status")).as("status"),
      ])
      .where("archived_at", "is", null),
  );
  return { leads, opportunities: sql`(${scoped})`, amountsHidden, opportunitiesHidden: false };
}

/**
 * Every touch of a campaign on an opportunity, as a subquery of
 * `(campaign_id, opportunity_id, touched_at)`: influence recorded directly (or by a response
 * naming the opportunity), and responses whose lead was later converted to an opportunity,
 * touching it when the response came in.
 */
export function touchesOf(op: OperationContext, sales: SalesRecords): RawBuilder<unknown> {
  const direct = sql`select campaign_id, opportunity_id, touched_at from marketing_campaign_influence where tenant_id = ${op.tenantId} and archived_at is null`;
  if (sales.leads === null) return sql`(${direct})`;
  const lead = sql.table(sales.leads.table);
  const converted = sql.ref(`l.${sales.leads.convertedOpportunity}`);
  return sql`(${direct} union all select r.campaign_id, ${converted} as opportunity_id, r.responded_at as touched_at from marketing_campaign_responses r join ${lead} l on l.tenant_id = r.tenant_id and l.id = r.lead_id where r.tenant_id = ${op.tenantId} and r.archived_at is null and ${converted} is not null)`;
}
