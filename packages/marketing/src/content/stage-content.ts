import {
  boundContext,
  createEntityService,
  idSchema,
  NotFoundError,
  type OperationContext,
  parseInput,
  ValidationError,
} from "@rapport/core";
import { type ContentItem, contentEntity } from "./content-entity.js";
import { linked, type PipelineView, salesOf } from "./content-peers.js";
import { type StageTarget, stageTargetSchema } from "./content-schema.js";
import { contentDb, type StageContentRow } from "./content-tables.js";

/** The most items one stage (or one competitor) offers; the list beyond is cut, by title. */
export const STAGE_CONTENT_LIMIT = 500;

/** A library item attached to a sales stage. */
export interface StageContentLink {
  readonly contentId: string;
  readonly pipelineId: string;
  readonly stageKey: string;
  readonly attachedAt: string;
  readonly attachedBy: string;
}

/** The published content of one stage of one pipeline. */
export interface StageContent {
  readonly pipelineId: string;
  readonly stageKey: string;
  readonly items: readonly ContentItem[];
}

/** The content a rep sees on an opportunity: its current stage's, and each competitor's. */
export interface OpportunityContent {
  readonly opportunityId: string;
  readonly stage: StageContent;
  /** One entry per competitor on the opportunity, in the order sales lists them. */
  readonly competitors: readonly { readonly accountId: string; readonly items: readonly ContentItem[] }[];
}

const toLink = (row: StageContentRow): StageContentLink => ({
  contentId: row.content_id,
  pipelineId: row.pipeline_id,
  stageKey: row.stage_key,
  attachedAt: row.attached_at,
  attachedBy: row.attached_by,
});

/** The pipeline the target names (the default one when it names none), read with the actor's permissions. */
async function pipelineOf(op: OperationContext, target: { pipelineId?: string | undefined }): Promise<PipelineView> {
  const sales = salesOf(op, ["stageKey"]);
  const { pipelineId } = target;
  if (pipelineId === undefined) return sales.pipelines.getDefault();
  return linked(["pipelineId"], `Unknown pipeline ${pipelineId}`, () => sales.pipelines.get(pipelineId));
}

/** A stage the pipeline has and that takes opportunities (not retired); else a `ValidationError` on `stageKey`. */
async function resolveStage(
  op: OperationContext,
  target: StageTarget,
): Promise<{ pipelineId: string; stageKey: string }> {
  const pipeline = await pipelineOf(op, target);
  const stage = pipeline.stages.find((s) => s.key === target.stageKey);
  if (!stage || stage.retiredAt !== null)
    throw ValidationError.forField(
      ["stageKey"],
      `Pipeline ${pipeline.id} has no ${stage ? "active " : ""}stage "${target.stageKey}"`,
      { pipelineId: pipeline.id, stageKey: target.stageKey },
    );
  return { pipelineId: pipeline.id, stageKey: stage.key };
}

async function findLink(op: OperationContext, contentId: string, pipelineId: string, stageKey: string) {
  return contentDb(op)
    .selectFrom("marketing_content_stages")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("pipeline_id", "=", pipelineId)
    .where("stage_key", "=", stageKey)
    .where("content_id", "=", contentId)
    .executeTakeFirst();
}

/** A stage link is part of its item: the item's audit entry names it under this field. */
const stageField = (pipelineId: string, stageKey: string) => `stage.${pipelineId}.${stageKey}`;

/** `content.attachToStage`: attaching what is attached already writes nothing and returns the link. */
export async function attachToStage(op: OperationContext, id: unknown, target: unknown): Promise<StageContentLink> {
  const contentId = parseInput(idSchema("cnt"), id);
  const parsed = parseInput(stageTargetSchema, target);
  const items = op.records(contentEntity);
  const before = await items.loadForChange(contentId, { authorize: "attach" });
  const { pipelineId, stageKey } = await resolveStage(op, parsed);
  const existing = await findLink(op, contentId, pipelineId, stageKey);
  if (existing) return toLink(existing);
  const row: StageContentRow = {
    tenant_id: op.tenantId,
    pipeline_id: pipelineId,
    stage_key: stageKey,
    content_id: contentId,
    attached_at: op.timestamp,
    attached_by: op.actor.userId,
  };
  await contentDb(op).insertInto("marketing_content_stages").values(row).execute();
  const link = toLink(row);
  await items.change(
    before,
    {},
    {
      action: "attach_to_stage",
      extra: [{ field: stageField(pipelineId, stageKey), before: null, after: link }],
      events: (after) => [
        {
          type: "content_item.attached_to_stage",
          data: { id: after.id, version: after.version, pipelineId, stageKey },
        },
      ],
    },
  );
  return link;
}

/** `content.detachFromStage`: `NotFoundError` when the item is not attached to that stage. */
export async function detachFromStage(op: OperationContext, id: unknown, target: unknown): Promise<void> {
  const contentId = parseInput(idSchema("cnt"), id);
  const parsed = parseInput(stageTargetSchema, target);
  const items = op.records(contentEntity);
  const before = await items.loadForChange(contentId, { authorize: "attach" });
  // A retired stage's content can still be detached: the stage is not checked, only the link.
  const pipelineId = (await pipelineOf(op, parsed)).id;
  const existing = await findLink(op, contentId, pipelineId, parsed.stageKey);
  if (!existing)
    throw new NotFoundError("content_stage_link", `${pipelineId}/${parsed.stageKey}/${contentId}`, {
      details: { contentId, pipelineId, stageKey: parsed.stageKey },
    });
  await contentDb(op)
    .deleteFrom("marketing_content_stages")
    .where("tenant_id", "=", op.tenantId)
    .where("pipeline_id", "=", pipelineId)
    .where("stage_key", "=", parsed.stageKey)
    .where("content_id", "=", contentId)
    .execute();
  await items.change(
    before,
    {},
    {
      action: "detach_from_stage",
      extra: [{ field: stageField(pipelineId, parsed.stageKey), before: toLink(existing), after: null }],
      events: (after) => [
        {
          type: "content_item.detached_from_stage",
          data: { id: after.id, version: after.version, pipelineId, stageKey: parsed.stageKey },
        },
      ],
    },
  );
}

/**
 * The items among `ids` that the actor may read, as the actor may see them (record scopes
 * and field security through the entity service's list), by title — or by id when the
 * actor may not see titles, so the order tells nothing hidden.
 */
async function readableItems(op: OperationContext, ids: readonly string[]): Promise<ContentItem[]> {
  if (ids.length === 0) return [];
  const page = await createEntityService(boundContext(op), contentEntity).list({
    filter: [{ field: "id", op: "in", value: [...ids] }],
    limit: STAGE_CONTENT_LIMIT,
  });
  const items = [...page.items];
  if (items.every((item) => typeof (item as Partial<ContentItem>).title === "string"))
    items.sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.id < b.id ? -1 : 1));
  return items;
}

/** Ids of the published items attached to a stage (the module's rule, not the caller's filter). */
async function publishedAt(op: OperationContext, pipelineId: string, stageKey: string): Promise<string[]> {
  const rows = await contentDb(op)
    .selectFrom("marketing_content_stages as s")
    .innerJoin("marketing_content_items as i", (join) =>
      join.onRef("i.tenant_id", "=", "s.tenant_id").onRef("i.id", "=", "s.content_id"),
    )
    .select("i.id")
    .where("s.tenant_id", "=", op.tenantId)
    .where("s.pipeline_id", "=", pipelineId)
    .where("s.stage_key", "=", stageKey)
    .where("i.status", "=", "published")
    .where("i.archived_at", "is", null)
    .orderBy("i.title")
    .limit(STAGE_CONTENT_LIMIT)
    .execute();
  return rows.map((row) => row.id);
}

/** `content.forStage`: the published items of a stage the actor may read. The stage must exist. */
export async function forStage(op: OperationContext, target: unknown): Promise<StageContent> {
  const parsed = parseInput(stageTargetSchema, target);
  const pipeline = await pipelineOf(op, parsed);
  if (!pipeline.stages.some((s) => s.key === parsed.stageKey))
    throw ValidationError.forField(["stageKey"], `Pipeline ${pipeline.id} has no stage "${parsed.stageKey}"`, {
      pipelineId: pipeline.id,
      stageKey: parsed.stageKey,
    });
  const items = await readableItems(op, await publishedAt(op, pipeline.id, parsed.stageKey));
  return { pipelineId: pipeline.id, stageKey: parsed.stageKey, items };
}

/** `content.stagesOf`: the stages an item is attached to, oldest link first. Needs `content_item:read` on it. */
export async function stagesOf(op: OperationContext, id: unknown): Promise<StageContentLink[]> {
  const contentId = parseInput(idSchema("cnt"), id);
  await op.records(contentEntity).get(contentId);
  const rows = await contentDb(op)
    .selectFrom("marketing_content_stages")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("content_id", "=", contentId)
    .orderBy("attached_at")
    .orderBy("pipeline_id")
    .orderBy("stage_key")
    .execute();
  return rows.map(toLink);
}

/**
 * `content.forOpportunity`: the published content of the opportunity's current stage and of
 * each of its competitors. The opportunity and its competitors are read through sales'
 * client, so the actor must be able to see the opportunity. An item is grouped under a
 * competitor only when the actor may see its `competitorAccountId`: a hidden link is not matched.
 */
export async function forOpportunity(op: OperationContext, id: unknown): Promise<OpportunityContent> {
  const opportunityId = parseInput(idSchema("opp"), id);
  const sales = salesOf(op, ["opportunityId"]);
  const opportunity = await sales.opportunities.get(opportunityId);
  const competitorIds = (await sales.opportunities.competitors(opportunityId)).map((c) => c.accountId);
  const stageItems = await readableItems(op, await publishedAt(op, opportunity.pipelineId, opportunity.stageKey));
  const byCompetitor = new Map<string, ContentItem[]>(competitorIds.map((accountId) => [accountId, []]));
  if (competitorIds.length > 0) {
    const rows = await contentDb(op)
      .selectFrom("marketing_content_items")
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where("competitor_account_id", "in", competitorIds)
      .where("status", "=", "published")
      .where("archived_at", "is", null)
      .orderBy("title")
      .limit(STAGE_CONTENT_LIMIT)
      .execute();
    for (const item of await readableItems(
      op,
      rows.map((row) => row.id),
    )) {
      const accountId = (item as Partial<ContentItem>).competitorAccountId;
      if (accountId) byCompetitor.get(accountId)?.push(item);
    }
  }
  return {
    opportunityId,
    stage: { pipelineId: opportunity.pipelineId, stageKey: opportunity.stageKey, items: stageItems },
    competitors: [...byCompetitor].map(([accountId, items]) => ({ accountId, items })),
  };
}
