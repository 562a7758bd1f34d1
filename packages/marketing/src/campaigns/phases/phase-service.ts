import {
  boundContext,
  createEntityService,
  InvalidTransitionError,
  idSchema,
  type ModuleContext,
  type OperationContext,
  type Page,
  parseInput,
  writeOptionsSchema,
} from "@rapport/core";
import type * as z from "zod";
import { campaignEntity } from "../campaigns/campaign-entity.js";
import { recordsPage } from "../segments/records-page.js";
import { matchingIds } from "../segments/segment-query.js";
import type { SegmentPageOptions } from "../segments/segment-schema.js";
import { campaignsDb } from "../shared/campaign-tables.js";
import { type CampaignPhase, phaseEntity } from "./phase-entity.js";
import { type PhaseResult, phaseResult } from "./phase-results.js";
import { type AddPhaseInput, addPhaseSchema, type UpdatePhaseInput, updatePhaseSchema } from "./phase-schema.js";

const phaseId = idSchema("cph");
const campaignId = idSchema("cmp");

/** The campaign a phase verb works on: `campaign:update`, not archived, not over; its phases serialised. */
async function openCampaign(op: OperationContext, id: string) {
  const campaign = await op.records(campaignEntity).loadForChange(id);
  if (campaign.status === "completed" || campaign.status === "aborted")
    throw new InvalidTransitionError(`Campaign ${id} is ${campaign.status}: its phases are final`, {
      details: { id, status: campaign.status },
    });
  // Two phases added at once must not both pass the overlap check.
  await op.lock(`campaign-phases:${id}`);
  return campaign;
}

/** Builds `client.marketing.campaigns.phases`. */
export function phaseService(ctx: ModuleContext) {
  const base = createEntityService(ctx, phaseEntity);
  return {
    /** One phase. */
    get: base.get,
    /** The campaign's phases the caller may read, in date order. */
    list: (id: string): Promise<Page<CampaignPhase>> =>
      base.list({
        filter: [{ field: "campaignId", op: "eq", value: parseInput(campaignId, id) }],
        orderBy: { field: "startsAt" },
        limit: 500,
      }),

    /**
     * Adds a phase: within the campaign's dates, overlapping no other phase, a budget of 0 or
     * more and goals on known metrics — else `ValidationError`, nothing written.
     */
    add: (id: string, input: AddPhaseInput): Promise<CampaignPhase> =>
      ctx.run(async (op) => {
        const draft = parseInput(addPhaseSchema, input);
        const campaign = await openCampaign(op, parseInput(campaignId, id));
        await op.records(phaseEntity).assertWritable(draft as Record<string, unknown>, { create: true });
        const [phase] = await op.records(phaseEntity).insert([{ ...draft, campaignId: campaign.id }]);
        return op.records(phaseEntity).shown(phase as CampaignPhase);
      }),

    /**
     * Changes a phase. A phase that has started keeps its start and its audience; a completed
     * one does not change. The same rules as `add` apply to the result.
     */
    update: (id: string, patch: UpdatePhaseInput, options: z.input<typeof writeOptionsSchema> = {}) =>
      ctx.run(async (op) => {
        const changes = parseInput(updatePhaseSchema, patch);
        const { expectedVersion } = parseInput(writeOptionsSchema, options);
        const phases = op.records(phaseEntity);
        const before = await phases.loadForChange(parseInput(phaseId, id), { expectedVersion, authorize: false });
        await openCampaign(op, before.campaignId);
        await phases.assertWritable(changes as Record<string, unknown>);
        const fixed =
          before.status === "completed"
            ? Object.keys(changes)
            : ["startsAt", "segmentId"].filter((k) => Object.hasOwn(changes, k));
        if (before.status !== "planned" && fixed.length > 0)
          throw new InvalidTransitionError(
            `Phase ${id} is ${before.status}: ${fixed.join(", ")} can no longer change`,
            {
              details: { id, status: before.status, fields: fixed },
            },
          );
        return phases.shown(await phases.change(before, changes as Partial<CampaignPhase>, { validate: true }));
      }),

    /** Removes (archives) a phase that has not started. */
    remove: (id: string) =>
      ctx.run(async (op) => {
        const phases = op.records(phaseEntity);
        const before = await phases.loadForChange(parseInput(phaseId, id), { authorize: false });
        await openCampaign(op, before.campaignId);
        phases.assertState(before, "remove", ["planned"]);
        return phases.shown(
          await phases.change(
            before,
            { archivedAt: op.timestamp },
            { action: "archive", event: "campaign_phase.archived" },
          ),
        );
      }),

    /**
     * The phase's audience: its segment's members as they were when the phase started (the
     * snapshot), those the caller may read, as they may see them; in id order, paged.
     */
    members: (id: string, options: SegmentPageOptions = {}): Promise<Page<{ readonly id: string }>> =>
      ctx.read(async (op) => {
        const phase = await op.records(phaseEntity).get(parseInput(phaseId, id));
        const type = await campaignsDb(op)
          .selectFrom("marketing_phase_members")
          .select("record_type")
          .where("tenant_id", "=", op.tenantId)
          .where("phase_id", "=", phase.id)
          .limit(1)
          .executeTakeFirst();
        if (!type) return { items: [], nextCursor: null };
        const readable = await matchingIds(op, type.record_type, []);
        const ids = readable.where(
          "id",
          "in",
          campaignsDb(op)
            .selectFrom("marketing_phase_members")
            .select("record_id")
            .where("tenant_id", "=", op.tenantId)
            .where("phase_id", "=", phase.id),
        );
        return recordsPage(op, type.record_type, ids, options);
      }),

    /**
     * Each phase's results over its own dates — responses, leads, qualified leads,
     * opportunities, pipeline, won revenue, cost, cost per lead and ROI, each an SQL aggregate
     * — and the attainment of its goals. Money in the campaign's currency.
     */
    results: (id: string): Promise<PhaseResult[]> =>
      ctx.read(async (op) => {
        const campaign = await op.records(campaignEntity).get(parseInput(campaignId, id));
        const page = await createEntityService(boundContext(op), phaseEntity).list({
          filter: [{ field: "campaignId", op: "eq", value: campaign.id }],
          orderBy: { field: "startsAt" },
          limit: 500,
        });
        const results: PhaseResult[] = [];
        for (const phase of page.items) results.push(await phaseResult(op, phase, campaign.currency));
        return results;
      }),
  };
}
