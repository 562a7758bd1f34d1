import type { Migration } from "@rapport/core";

/** The merge log: one row per merge, with the before images undo restores. */
export const mergeLogMigration: Migration = {
  name: "cleansing_merge_001_log",
  async up(db) {
    await db.schema
      .createTable("cleansing_merges")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("entity_type", "text", (c) => c.notNull())
      .addColumn("survivor_id", "text", (c) => c.notNull())
      .addColumn("loser_ids", "text", (c) => c.notNull())
      .addColumn("plan", "text", (c) => c.notNull())
      .addColumn("log", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("applied_at", "text", (c) => c.notNull())
      .addColumn("applied_by", "text", (c) => c.notNull())
      .addColumn("undone_at", "text")
      .addColumn("undone_by", "text")
      .addPrimaryKeyConstraint("cleansing_merges_pk", ["tenant_id", "id"])
      .execute();
    await db.schema
      .createIndex("cleansing_merges_survivor")
      .on("cleansing_merges")
      .columns(["tenant_id", "survivor_id"])
      .execute();
  },
};

/** The merge log's row. */
export interface MergeLogRow {
  tenant_id: string;
  id: string;
  entity_type: string;
  survivor_id: string;
  /** JSON: the losers' ids. */
  loser_ids: string;
  /** JSON: the plan as applied. */
  plan: string;
  /** JSON: {@link MergeLog}. */
  log: string;
  /** `applied` or `undone`. */
  status: string;
  applied_at: string;
  applied_by: string;
  undone_at: string | null;
  undone_by: string | null;
}

/** The tables of the merge area. */
export interface MergeTables {
  cleansing_merges: MergeLogRow;
}

/** A record the merge changed: its state before, and the version the merge left it at. */
export interface LoggedRecord {
  readonly entityType: string;
  readonly id: string;
  readonly before: Readonly<Record<string, unknown>>;
  /** The fields the merge changed (what undo writes back). */
  readonly fields: readonly string[];
  readonly afterVersion: number;
}

/** A module-table row the merge re-pointed (or removed, when the survivor already had the same link). */
export interface LoggedRow {
  readonly table: string;
  readonly column: string;
  readonly from: string;
  readonly before: Readonly<Record<string, unknown>>;
  readonly action: "repointed" | "removed";
}

/** What undo needs: every changed record's before image, every touched row, and the external ids that moved. */
export interface MergeLog {
  readonly records: readonly LoggedRecord[];
  readonly rows: readonly LoggedRow[];
  readonly movedExternalIds: readonly { readonly system: string; readonly from: string }[];
}
