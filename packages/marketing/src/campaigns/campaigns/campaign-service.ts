import {
  createEntityService,
  idSchema,
  type ListOptions,
  type ModuleContext,
  type OperationContext,
  parseInput,
  writeOptionsSchema,
} from "@rapport/core";
import { sql } from "kysely";
import type * as z from "zod";
import { type CampaignFigures, campaignFigures, subtreeOf } from "../shared/campaign-figures.js";
import { campaignsDb } from "../shared/campaign-tables.js";
import { type Campaign, type CampaignCost, campaignCostEntity, campaignEntity } from "./campaign-entity.js";
import { type AddCostInput, addCostSchema } from "./campaign-schema.js";

/** A campaign's roll-up: its own figures and those of every campaign below it, summed in SQL. */
export interface CampaignRollup extends CampaignFigures {
  readonly campaignId: string;
  /** How many campaigns the subtree holds (this one included) that are not archived. */
  readonly campaigns: number;
  readonly currency: string;
  /** The budgets of the subtree's campaigns in this campaign's currency (`null` when hidden). */
  readonly budget: number | null;
}

type WriteOptions = z.input<typeof writeOptionsSchema>;

const campaignId = idSchema("cmp");

/** A campaign the caller may take `action` on, checked for `expectedVersion`, archived ones refused. */
async function campaignFor(op: OperationContext, id: string, action: string, options: WriteOptions = {}) {
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  return op.records(campaignEntity).loadForChange(parseInput(campaignId, id), { expectedVersion, authorize: action });
}

/** Moves a campaign between statuses through the record layer (audit row, `campaign.updated` and the verb's event). */
async function move(
  op: OperationContext,
  id: string,
  options: WriteOptions,
  verb: "activate" | "complete" | "abort",
  from: Campaign["status"][],
  to: Campaign["status"],
) {
  const campaigns = op.records(campaignEntity);
  const before = await campaignFor(op, id, verb, options);
  const after = await campaigns.transition(before, {
    verb,
    from,
    to,
    events: (record) => [
      { type: "campaign.status_changed", data: { id: record.id, version: record.version, from: before.status, to } },
    ],
  });
  return campaigns.shown(after);
}

/** The campaign's own part of `client.marketing.campaigns`: records, statuses, cost lines, roll-ups. */
export function campaignService(ctx: ModuleContext) {
  const base = createEntityService(ctx, campaignEntity);
  const costs = createEntityService(ctx, campaignCostEntity);
  return {
    /** create / createMany / get / list / update / archive / findByExternalId / upsertByExternalId. A new campaign is `planned`. */
    ...base,
    /** planned → active. `InvalidTransitionError` from any other status. */
    activate: (id: string, options: WriteOptions = {}) =>
      ctx.run((op) => move(op, id, options, "activate", ["planned"], "active")),
    /** active → completed. */
    complete: (id: string, options: WriteOptions = {}) =>
      ctx.run((op) => move(op, id, options, "complete", ["active"], "completed")),
    /** planned or active → aborted. */
    abort: (id: string, options: WriteOptions = {}) =>
      ctx.run((op) => move(op, id, options, "abort", ["planned", "active"], "aborted")),

    /** Adds a line of actual cost (in the campaign's currency). Needs `campaign:update` on the campaign. */
    addCost: (id: string, input: AddCostInput): Promise<CampaignCost> =>
      ctx.run(async (op) => {
        const line = parseInput(addCostSchema, input);
        const campaign = await campaignFor(op, id, "update");
        const [cost] = await op.records(campaignCostEntity).insert([{ ...line, campaignId: campaign.id }]);
        return op.records(campaignCostEntity).shown(cost as CampaignCost);
      }),
    /** Removes (archives) a cost line. Needs `campaign:update` on its campaign. */
    removeCost: (costId: string): Promise<CampaignCost> =>
      ctx.run(async (op) => {
        const lines = op.records(campaignCostEntity);
        const line = await lines.loadForChange(parseInput(idSchema("cmpc"), costId), { authorize: false });
        await campaignFor(op, line.campaignId, "update");
        const removed = await lines.change(
          line,
          { archivedAt: op.timestamp },
          { action: "archive", event: "campaign_cost.archived" },
        );
        return lines.shown(removed);
      }),
    /** The campaign's cost lines the caller may read, oldest first. */
    costs: (id: string, options: Omit<ListOptions, "filter"> = {}) =>
      costs.list({ ...options, filter: [{ field: "campaignId", op: "eq", value: parseInput(campaignId, id) }] }),

    /**
     * The campaign and every campaign below it, summed in SQL: budget, cost, responses, leads,
     * pipeline and won revenue. Money in the campaign's currency; amounts in other currencies
     * are left out, amounts the caller's roles hide come back `null`.
     */
    rollup: (id: string): Promise<CampaignRollup> =>
      ctx.read(async (op) => {
        const campaign = await op.records(campaignEntity).get(parseInput(campaignId, id));
        const subtree = subtreeOf(op, campaign.id);
        const figures = await campaignFigures(op, { campaignIds: subtree, currency: campaign.currency });
        const budget = await campaignsDb(op)
          .selectFrom("marketing_campaigns")
          .select((eb) => [
            eb.fn.countAll().as("campaigns"),
            eb.fn.sum(eb.case().when("currency", "=", campaign.currency).then(eb.ref("budget")).end()).as("budget"),
          ])
          .where("tenant_id", "=", op.tenantId)
          .where("archived_at", "is", null)
          .where(sql<boolean>`id in ${subtree}`)
          .executeTakeFirstOrThrow();
        const policy = await op.policy();
        const budgetHidden = policy.fieldAccess(op.actor, "campaign", "budget") === "hidden";
        return {
          campaignId: campaign.id,
          campaigns: Number(budget.campaigns),
          currency: campaign.currency,
          budget: budgetHidden ? null : Number(budget.budget ?? 0),
          ...figures,
        };
      }),
  };
}
