import {
  defineEntity,
  type EntityRecord,
  field,
  idSchema,
  type OperationContext,
  ValidationError,
} from "@rapport/core";
import * as z from "zod";
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
    const parents = await op.db
      .selectFrom("marketing_campaigns")
      .select(["id", "parent_id"])
      .where("tenant_id", "=", op.tenantId)
      .execute();
    const parentOf = new Map(parents.map((row: { id: string; parent_id: string | null }) => [row.id, row.parent_id]));
    if (!parentOf.has(next.parentId))
      throw ValidationError.forField(["parentId"], `Unknown campaign ${next.parentId}`, { parentId: next.parentId });
    // Walk up from the new parent: meeting this campaign means it would sit below itself.
    const seen = new Set<string>();
    for (let at: string | null | undefined = next.parentId; at; at = parentOf.get(at)) {
      if (at === next.id || seen.has(at))
        throw ValidationError.forField(["parentId"], `Campaign ${next.parentId} is ${next.id} or below it: a cycle`, {
          parentId: next.parentId,
        });
      seen.add(at);
    }
  }
  if (before && (before.startsAt !== next.startsAt || before.endsAt !== next.endsAt)) {
    const outside = await op.db
      .selectFrom("marketing_campaign_phases")
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where("campaign_id", "=", next.id)
      .where("archived_at", "is", null)
      .where((eb: any) => eb.or([eb("starts_at", "<", next.startsAt), eb("ends_at", ">", next.endsAt)]))
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
