import {
  defineEntity,
  type EntityRecord,
  field,
  idSchema,
  type OperationContext,
  ValidationError,
} from "@rapport/core";
import { sql } from "kysely";
import * as z from "zod";
import { campaignsDb } from "../shared/campaign-tables.js";
import type { CampaignStatus, CampaignType } from "./campaign-schema.js";
import { addCostSchema, createCampaignSchema, updateCampaignSchema } from "./campaign-schema.js";

const campaignFields = {
  name: field.text(),
  type: field.text<CampaignType>(),
  status: field.text<CampaignStatus>({ computed: true, default: "planned" }),
  ownerId: field.nullableText(),
  budget: field.nullableInteger(),
  currency: field.text(),
  expectedRevenue: field.nullableInteger(),
  startsAt: field.timestamp(),
  endsAt: field.timestamp(),
  parentId: field.nullableText(),
  description: field.nullableText({ filterable: false, sortable: false }),
};

/** A campaign as stored and returned. Money is integer minor units of `currency`. */
export type Campaign = EntityRecord<typeof campaignFields>;

/**
 * A campaign's links and dates: its parent must be a campaign of the tenant and not the
 * campaign itself or one below it (a cycle), and its phases must stay within its dates.
 */
async function validateCampaign(next: Campaign, before: Campaign | null, op: OperationContext): Promise<void> {
  if (next.endsAt <= next.startsAt)
    throw ValidationError.forField(["endsAt"], "A campaign must end after it starts", { campaignId: next.id });
  if (next.parentId !== null && next.parentId !== before?.parentId) {
    // The new parent and every campaign above it, walked up in SQL (UNION stops on a repeat).
    const above = await sql<{ id: string }>`with recursive up(id, parent_id) as (
        select id, parent_id from marketing_campaigns where tenant_id = ${op.tenantId} and id = ${next.parentId}
        union select c.id, c.parent_id from marketing_campaigns c join up on c.id = up.parent_id where c.tenant_id = ${op.tenantId})
      select id from up`.execute(op.db);
    if (above.rows.length === 0)
      throw ValidationError.forField(["parentId"], `Unknown campaign ${next.parentId}`, { parentId: next.parentId });
    if (above.rows.some((row) => row.id === next.id))
      throw ValidationError.forField(["parentId"], `Campaign ${next.parentId} is ${next.id} or below it: a cycle`, {
        parentId: next.parentId,
      });
  }
  if (before && (before.startsAt !== next.startsAt || before.endsAt !== next.endsAt)) {
    const outside = await campaignsDb(op)
      .selectFrom("marketing_campaign_phases")
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where("campaign_id", "=", next.id)
      .where("archived_at", "is", null)
      .where((eb) => eb.or([eb("starts_at", "<", next.startsAt), eb("ends_at", ">", next.endsAt)]))
      .executeTakeFirst();
    if (outside)
      throw ValidationError.forField(["startsAt"], `Phase ${outside.id} would fall outside the campaign's dates`, {
        phaseId: outside.id,
      });
  }
}

/** Campaigns: type, status, owner, budget, dates and a parent campaign. */
export const campaignEntity = defineEntity({
  type: "campaign",
  table: "marketing_campaigns",
  idPrefix: "cmp",
  fields: campaignFields,
  createSchema: createCampaignSchema,
  patchSchema: updateCampaignSchema,
  ownerField: "ownerId",
  validate: validateCampaign,
});

const costFields = {
  campaignId: field.text(),
  incurredOn: field.text(),
  description: field.text({ filterable: false, sortable: false }),
  amount: field.integer(),
};

/** One line of a campaign's actual cost, in the campaign's currency. */
export type CampaignCost = EntityRecord<typeof costFields>;

/** Cost lines: what a campaign actually spent, line by line. */
export const campaignCostEntity = defineEntity({
  type: "campaign_cost",
  table: "marketing_campaign_costs",
  idPrefix: "cmpc",
  fields: costFields,
  createSchema: addCostSchema.extend({ campaignId: idSchema("cmp") }),
  patchSchema: z.object({}).strict(),
});
