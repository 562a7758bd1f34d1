import type { EntityTables, OperationContext } from "@rapport/core";
import type { Kysely } from "kysely";
import type { contentEntity } from "./content-entity.js";

/** One library item attached to one sales stage. */
export interface StageContentRow {
  tenant_id: string;
  pipeline_id: string;
  stage_key: string;
  content_id: string;
  attached_at: string;
  attached_by: string;
}

/** The content area's tables. */
export type ContentTables = EntityTables<typeof contentEntity> & {
  marketing_content_stages: StageContentRow;
};

/** The operation's database, typed with the content area's tables. */
export function contentDb(op: OperationContext<ContentTables>): Kysely<ContentTables> {
  return op.db;
}
