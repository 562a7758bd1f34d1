import {
  createEntityService,
  type EntitySearchPage,
  type EntitySearchRequest,
  type EntityService,
  type ModuleContext,
} from "@rapport/core";
import { type ContentItem, type CreateContentInput, contentEntity, type UpdateContentInput } from "./content-entity.js";
import type { StageTarget } from "./content-schema.js";
import {
  attachToStage,
  detachFromStage,
  forOpportunity,
  forStage,
  type OpportunityContent,
  type StageContent,
  type StageContentLink,
  stagesOf,
} from "./stage-content.js";

/**
 * `client.marketing.content`: the content library ("marketing encyclopedia") — product
 * sheets, market information, competitor intelligence, battle cards and assets — with the
 * standard entity verbs, plus the content sales playbooks attach to stages.
 */
export interface ContentService extends EntityService<ContentItem, CreateContentInput, UpdateContentInput> {
  /**
   * Full-text search of the library through core's search: title (weighted highest), summary
   * and body, in English with stemming and in Chinese or Japanese; `"phrase"`, `prefix*`,
   * `OR`, `-word`. `filters` narrow by `kind`, `status`, `productId`, `competitorAccountId`
   * or `language` (one value or a list). Results apply the actor's record scope for
   * `content_item:read` and field security: a hidden field is neither matched nor shown.
   * Archived items are not found.
   *
   * @example
   * ```ts
   * const page = await rep.marketing.content.search({
   *   query: "initech pricing",
   *   filters: { kind: ["battle_card", "competitor_intel"], status: "published" },
   * });
   * page.items[0]?.highlights.snippet; // "…their <mark>pricing</mark> changes every quarter…"
   * ```
   */
  search(request: EntitySearchRequest): Promise<EntitySearchPage<ContentItem>>;
  /**
   * Attaches an item to a sales stage (of the default pipeline unless `pipelineId` is given),
   * so reps see it on opportunities in that stage. Needs `content_item:attach` on the item and
   * the sales module; the stage is read through sales' client and must be active. Attaching
   * an item twice writes nothing the second time. Bumps the item's version and emits
   * `content_item.attached_to_stage`.
   *
   * @example
   * ```ts
   * await manager.marketing.content.attachToStage(sheet.id, { stageKey: "evaluation" });
   * ```
   */
  attachToStage(contentId: string, target: StageTarget): Promise<StageContentLink>;
  /**
   * Detaches an item from a stage; `NotFoundError` when it is not attached there. Works for a
   * retired stage too. Emits `content_item.detached_from_stage`.
   *
   * @example
   * ```ts
   * await manager.marketing.content.detachFromStage(sheet.id, { pipelineId: renewals.id, stageKey: "review" });
   * ```
   */
  detachFromStage(contentId: string, target: StageTarget): Promise<void>;
  /**
   * The published items attached to a stage that the actor may read, by title (at most 500).
   *
   * @example
   * ```ts
   * const { items } = await rep.marketing.content.forStage({ stageKey: "evaluation" });
   * ```
   */
  forStage(target: StageTarget): Promise<StageContent>;
  /**
   * The stages an item is attached to.
   *
   * @example
   * ```ts
   * const links = await manager.marketing.content.stagesOf(sheet.id); // [{ pipelineId, stageKey, … }]
   * ```
   */
  stagesOf(contentId: string): Promise<StageContentLink[]>;
  /**
   * What a rep needs on an opportunity: the published content of its current stage, and the
   * published content about each of its competitors. The opportunity and its competitors
   * are read through sales' client with the actor's scopes (`NotFoundError` or
   * `ForbiddenError` as sales answers); items are shown as the actor may see them.
   *
   * @example
   * ```ts
   * const content = await rep.marketing.content.forOpportunity(deal.id);
   * content.stage.items.map((i) => i.title);
   * content.competitors[0]?.items; // battle cards about the first competitor
   * ```
   */
  forOpportunity(opportunityId: string): Promise<OpportunityContent>;
}

/** Builds `client.marketing.content`. */
export function createContentService(ctx: ModuleContext): ContentService {
  return {
    ...createEntityService(ctx, contentEntity),
    search: (request) => ctx.read((op) => op.search(contentEntity, request)),
    attachToStage: (contentId, target) => ctx.run((op) => attachToStage(op, contentId, target)),
    detachFromStage: (contentId, target) => ctx.run((op) => detachFromStage(op, contentId, target)),
    forStage: (target) => ctx.read((op) => forStage(op, target)),
    stagesOf: (contentId) => ctx.read((op) => stagesOf(op, contentId)),
    forOpportunity: (opportunityId) => ctx.read((op) => forOpportunity(op, opportunityId)),
  };
}
