import { CRUD_ACTIONS, eventOf } from "@rapport/core";
import type { MarketingPart } from "../marketing-part.js";
import { contentEntity } from "./content-entity.js";
import { contentMigration } from "./content-migration.js";
import { type ContentService, createContentService } from "./content-service.js";

/** `client.marketing`'s content area. */
export type ContentClient = {
  /** The content library, and the content attached to sales stages. */
  readonly content: ContentService;
};

type ItemVersion = { id: string; version: number };
type StageChange = ItemVersion & { pipelineId: string; stageKey: string };

const contentEvents = {
  "content_item.created": eventOf<ItemVersion>(),
  "content_item.updated": eventOf<ItemVersion & { changed: readonly string[] }>(),
  "content_item.archived": eventOf<ItemVersion & { changed: readonly string[] }>(),
  "content_item.attached_to_stage": eventOf<StageChange>(),
  "content_item.detached_from_stage": eventOf<StageChange>(),
};

/** The content area of the marketing module: the content library, letters and labels. */
export const contentPart: MarketingPart<ContentClient, typeof contentEvents> = {
  migrations: [contentMigration],
  entities: [contentEntity],
  permissions: {
    entities: { content_item: [...CRUD_ACTIONS, "attach"] },
    roles: {
      // Marketing keeps the library; sales managers attach it to their playbooks' stages; everyone reads it.
      marketer: { "content_item:*": "all" },
      sales_manager: { "content_item:read": "all", "content_item:attach": "all" },
      sales_rep: { "content_item:read": "all" },
      service_agent: { "content_item:read": "all" },
      analyst: { "content_item:read": "all" },
      read_only: { "content_item:read": "all" },
    },
  },
  events: contentEvents,
  jobs: [],
  client: (ctx) => ({ content: createContentService(ctx) }),
};
