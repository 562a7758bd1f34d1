import { CRUD_ACTIONS, eventOf } from "@rapport/core";
import type { MarketingPart } from "../marketing-part.js";
import { printMigration } from "../print/print-migration.js";
import { createPrintService, type PrintService } from "../print/print-service.js";
import { contentEntity } from "./content-entity.js";
import { contentMigration } from "./content-migration.js";
import { type ContentService, createContentService } from "./content-service.js";

/** `client.marketing`'s content area. */
export type ContentClient = {
  /** The content library, and the content attached to sales stages. */
  readonly content: ContentService;
  /** Business letters on the tenant's letterhead and mailing labels, as PDF or print-ready HTML. */
  readonly print: PrintService;
};

type ItemVersion = { id: string; version: number };
type StageChange = ItemVersion & { pipelineId: string; stageKey: string };

const contentEvents = {
  "content_item.created": eventOf<ItemVersion>(),
  "content_item.updated": eventOf<ItemVersion & { changed: readonly string[] }>(),
  "content_item.archived": eventOf<ItemVersion & { changed: readonly string[] }>(),
  "content_item.attached_to_stage": eventOf<StageChange>(),
  "content_item.detached_from_stage": eventOf<StageChange>(),
  "letterhead.updated": eventOf<{ legalName: string }>(),
};

/** The content area of the marketing module: the content library, letters and labels. */
export const contentPart: MarketingPart<ContentClient, typeof contentEvents> = {
  migrations: [contentMigration, printMigration],
  entities: [contentEntity],
  permissions: {
    entities: { content_item: [...CRUD_ACTIONS, "attach"], letterhead: ["read", "update"] },
    roles: {
      // Marketing keeps the library and the letterhead; sales managers attach content to their playbooks' stages.
      marketer: { "content_item:*": "all", "letterhead:*": "all" },
      sales_manager: { "content_item:read": "all", "content_item:attach": "all", "letterhead:read": "all" },
      sales_rep: { "content_item:read": "all", "letterhead:read": "all" },
      service_agent: { "content_item:read": "all", "letterhead:read": "all" },
      analyst: { "content_item:read": "all", "letterhead:read": "all" },
      read_only: { "content_item:read": "all", "letterhead:read": "all" },
    },
  },
  events: contentEvents,
  jobs: [],
  client: (ctx) => ({ content: createContentService(ctx), print: createPrintService(ctx) }),
};
