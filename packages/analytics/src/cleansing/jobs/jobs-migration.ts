import type { Migration } from "@rapport/core";

/** Tenant-wide duplicate-finding jobs and the pairs they found. */
export const duplicateJobsMigration: Migration = {
  name: "cleansing_jobs_001_duplicate_jobs",
  async up(db) {
    await db.schema
      .createTable("cleansing_duplicate_jobs")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("entity_type", "text", (c) => c.notNull())
      .addColumn("settings", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("phase", "text", (c) => c.notNull())
      .addColumn("cursor", "text")
      .addColumn("chunks", "integer", (c) => c.notNull())
      .addColumn("pairs_found", "integer", (c) => c.notNull())
      .addColumn("pairs_compared", "integer", (c) => c.notNull())
      .addColumn("blocks", "integer", (c) => c.notNull())
      .addColumn("oversized_blocks", "integer", (c) => c.notNull())
      .addColumn("started_at", "text", (c) => c.notNull())
      .addColumn("started_by", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("finished_at", "text")
      .addPrimaryKeyConstraint("cleansing_duplicate_jobs_pk", ["tenant_id", "id"])
      .execute();
    await db.schema
      .createIndex("cleansing_duplicate_jobs_status")
      .on("cleansing_duplicate_jobs")
      .columns(["tenant_id", "status", "id"])
      .execute();
    await db.schema
      .createTable("cleansing_duplicate_job_pairs")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("job_id", "text", (c) => c.notNull())
      .addColumn("a", "text", (c) => c.notNull())
      .addColumn("b", "text", (c) => c.notNull())
      .addColumn("score", "double precision", (c) => c.notNull())
      .addColumn("weight", "double precision", (c) => c.notNull())
      .addColumn("reasons", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("cleansing_duplicate_job_pairs_pk", ["tenant_id", "job_id", "a", "b"])
      .execute();
  },
};

/** A job's row. */
export interface DuplicateJobRow {
  tenant_id: string;
  id: string;
  entity_type: string;
  /** JSON: {@link StoredJobSettings}. */
  settings: string;
  /** `running` or `done`. */
  status: string;
  /** `index` (the match index is brought up to date) or `pairs` (blocks are compared chunk by chunk). */
  phase: string;
  /** JSON: where the next chunk resumes; `null` before the first. */
  cursor: string | null;
  chunks: number;
  pairs_found: number;
  pairs_compared: number;
  blocks: number;
  oversized_blocks: number;
  started_at: string;
  started_by: string;
  updated_at: string;
  finished_at: string | null;
}

/** A pair a job found. */
export interface DuplicateJobPairRow {
  tenant_id: string;
  job_id: string;
  a: string;
  b: string;
  score: number;
  weight: number;
  /** JSON: the pair's reasons. */
  reasons: string;
}

/** The tables of the jobs area. */
export interface DuplicateJobTables {
  cleansing_duplicate_jobs: DuplicateJobRow;
  cleansing_duplicate_job_pairs: DuplicateJobPairRow;
}
