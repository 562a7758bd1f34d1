import { ForbiddenError, NotFoundError, type OperationContext } from "@rapport/core";
import { insertValues } from "@rapport/core/internals";
import * as z from "zod";
import {
  ENTITY_RULES,
  type ExtraField,
  type FinderSettings,
  findPairs,
  MATCH_ENTITY_TYPES,
  type MatchEntityType,
  type MatchReason,
  refreshMatchIndex,
  resolveSettings,
  ruleWithExtras,
} from "../matching/index.js";
import { matchSettingsShape } from "../matching/matching-settings.js";
import type { DuplicateJobRow, DuplicateJobTables } from "./jobs-migration.js";

/** Pairs a chunk reports at most before it commits, by default: bounds a chunk's memory and its transaction. */
export const CHUNK_PAIRS = 500;

/** Input of `jobs.start`: the settings of `duplicates.find` that make sense for a whole tenant. */
export const startJobSchema = z
  .object({
    entityType: z.enum(MATCH_ENTITY_TYPES),
    threshold: matchSettingsShape.threshold,
    fields: matchSettingsShape.fields,
    defaultCountry: matchSettingsShape.defaultCountry,
    maxBlock: matchSettingsShape.maxBlock,
    /** Pairs a chunk finds at most before it commits. @default 500 */
    chunkPairs: z.number().int().min(1).max(5_000).optional(),
  })
  .strict();

/** Input of `jobs.pairs`. */
export const jobPairsSchema = z
  .object({
    /** The last pair of the page before, as `nextCursor` gave it. */
    cursor: z.string().max(300).optional(),
    limit: z.number().int().min(1).max(1_000).optional(),
  })
  .strict();

/** What a job keeps of the settings it was started with: enough to score every chunk alike. */
interface StoredJobSettings {
  readonly entityType: MatchEntityType;
  readonly threshold: number;
  readonly maxBlock: number;
  readonly prior: number;
  readonly defaultCountry: string | null;
  readonly fields: readonly ExtraField[];
  /** Fields the starting actor's roles hide: not compared, as in `duplicates.find`. */
  readonly hidden: readonly string[];
  readonly fingerprint: string;
  readonly chunkPairs: number;
}

/** A job's state, as `jobs.start`, `jobs.status` and `jobs.run` return it. */
export interface DuplicateJob {
  readonly id: string;
  readonly entityType: string;
  /** `running` until every block has been compared, then `done`. */
  readonly status: "running" | "done";
  /** `index` until the match index is up to date, then `pairs`. */
  readonly phase: "index" | "pairs";
  /** Chunks committed so far. */
  readonly chunks: number;
  readonly pairsFound: number;
  readonly pairsCompared: number;
  readonly blocks: number;
  readonly oversizedBlocks: number;
  readonly startedAt: string;
  readonly startedBy: string;
  readonly finishedAt: string | null;
}

/** A pair a job found. */
export interface JobPair {
  readonly a: string;
  readonly b: string;
  readonly score: number;
  readonly weight: number;
  readonly reasons: readonly MatchReason[];
}

type JobsOp = OperationContext<DuplicateJobTables>;
/** Where the next chunk resumes (the finder's own cursor). */
type FinderCursor = NonNullable<Parameters<typeof findPairs>[2]>;

/**
 * Starts a job: the actor needs to read every record of the type (a tenant-wide job sees
 * them all), and the fields their roles hide are left out of the comparison for the whole job.
 */
export async function startJob(op: JobsOp, input: z.output<typeof startJobSchema>): Promise<DuplicateJob> {
  const { chunkPairs: _chunk, ...matchInput } = input;
  const resolved = await resolveSettings(op, matchInput, "job");
  if ((await op.scopeOf(`${input.entityType}:read`)) !== "all") {
    throw new ForbiddenError(
      `A duplicate job reads every ${input.entityType}: it needs ${input.entityType}:read on all of them`,
    );
  }
  const settings: StoredJobSettings = {
    entityType: input.entityType,
    threshold: resolved.finder.threshold,
    maxBlock: resolved.finder.maxBlock,
    prior: resolved.finder.prior,
    defaultCountry: resolved.defaultCountry,
    fields: input.fields ?? [],
    hidden: [...resolved.finder.hidden].sort(),
    fingerprint: resolved.fingerprint,
    chunkPairs: input.chunkPairs ?? CHUNK_PAIRS,
  };
  const row: DuplicateJobRow = {
    tenant_id: op.tenantId,
    id: op.newId("dupjob"),
    entity_type: input.entityType,
    settings: JSON.stringify(settings),
    status: "running",
    phase: "index",
    cursor: null,
    chunks: 0,
    pairs_found: 0,
    pairs_compared: 0,
    blocks: 0,
    oversized_blocks: 0,
    started_at: op.timestamp,
    started_by: op.actor.userId,
    updated_at: op.timestamp,
    finished_at: null,
  };
  await op.db.insertInto("cleansing_duplicate_jobs").values(row).execute();
  return jobOf(row);
}

/** The job, for an actor who may read every record of its type. */
export async function readJob(op: JobsOp, jobId: string): Promise<DuplicateJobRow> {
  const row = await op.db
    .selectFrom("cleansing_duplicate_jobs")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", jobId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("duplicate_job", jobId);
  if ((await op.scopeOf(`${row.entity_type}:read`)) !== "all") throw new NotFoundError("duplicate_job", jobId);
  return row;
}

/**
 * Refuses a reader whose roles hide a field the job compared: its scores and reasons (an
 * `exact` agreement) would tell them about values they may not see.
 */
export async function assertSeesComparedFields(op: JobsOp, row: DuplicateJobRow): Promise<void> {
  const settings = JSON.parse(row.settings) as StoredJobSettings;
  const reader = await resolveSettings(op, { entityType: settings.entityType, fields: settings.fields }, "job");
  const jobHidden = new Set(settings.hidden);
  const compared = ruleWithExtras(ENTITY_RULES[settings.entityType], settings.fields).fields.flatMap((f) => f.reads);
  const unseen = [...new Set(compared.filter((field) => !jobHidden.has(field) && reader.finder.hidden.has(field)))];
  if (unseen.length > 0) {
    throw new ForbiddenError(`This job compared ${settings.entityType} fields you may not see (${unseen.join(", ")})`, {
      details: { fields: unseen },
    });
  }
}

/**
 * Runs one chunk of a job in the operation's transaction, which commits it: the first brings
 * the match index up to date; each later one compares blocks from the stored cursor until
 * the job's `chunkPairs` pairs are found or the blocks run out, stores the pairs and the new
 * cursor together. A crash loses at most the chunk in flight, which the next run repeats
 * from the same cursor. Returns the job as the chunk left it (`done` when nothing is left).
 */
export async function runChunk(op: JobsOp, jobId: string): Promise<DuplicateJob> {
  // Two processes running the same job take turns; the second finds the cursor moved on.
  await op.lock(`cleansing-duplicate-job:${jobId}`);
  const job = await op.db
    .selectFrom("cleansing_duplicate_jobs")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", jobId)
    .executeTakeFirst();
  if (!job) throw new NotFoundError("duplicate_job", jobId);
  if (job.status === "done") return jobOf(job);
  const settings = JSON.parse(job.settings) as StoredJobSettings;
  const rule = ruleWithExtras(ENTITY_RULES[settings.entityType], settings.fields);
  let next: DuplicateJobRow;
  if (job.phase === "index") {
    await refreshMatchIndex(op, rule, { defaultCountry: settings.defaultCountry }, settings.fingerprint);
    next = { ...job, phase: "pairs", chunks: job.chunks + 1, updated_at: op.timestamp };
  } else {
    const finder: FinderSettings = {
      rule,
      hidden: new Set(settings.hidden),
      threshold: settings.threshold,
      maxBlock: settings.maxBlock,
      prior: settings.prior,
      learn: false,
      owner: null,
    };
    const cursor = job.cursor === null ? null : (JSON.parse(job.cursor) as FinderCursor);
    const page = await findPairs(op, finder, cursor, settings.chunkPairs);
    const values: unknown[] = [];
    for (const pair of page.items) {
      values.push(op.tenantId, job.id, pair.a, pair.b, pair.score, pair.weight, JSON.stringify(pair.reasons));
    }
    if (values.length > 0) {
      await insertValues(
        op,
        "cleansing_duplicate_job_pairs",
        ["tenant_id", "job_id", "a", "b", "score", "weight", "reasons"],
        values,
      );
    }
    const done = page.nextCursor === null;
    next = {
      ...job,
      cursor: done ? job.cursor : JSON.stringify(page.nextCursor),
      status: done ? "done" : "running",
      chunks: job.chunks + 1,
      pairs_found: Number(job.pairs_found) + page.items.length,
      pairs_compared: Number(job.pairs_compared) + page.stats.pairsCompared,
      blocks: Number(job.blocks) + page.stats.blocks,
      oversized_blocks: Number(job.oversized_blocks) + page.stats.oversizedBlocks,
      updated_at: op.timestamp,
      finished_at: done ? op.timestamp : null,
    };
  }
  await op.db
    .updateTable("cleansing_duplicate_jobs")
    .set({
      phase: next.phase,
      cursor: next.cursor,
      status: next.status,
      chunks: next.chunks,
      pairs_found: next.pairs_found,
      pairs_compared: next.pairs_compared,
      blocks: next.blocks,
      oversized_blocks: next.oversized_blocks,
      updated_at: next.updated_at,
      finished_at: next.finished_at,
    })
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", job.id)
    .execute();
  return jobOf(next);
}

/** Ids of this tenant's running jobs, oldest first. */
export async function runningJobIds(op: JobsOp): Promise<string[]> {
  const rows = await op.db
    .selectFrom("cleansing_duplicate_jobs")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("status", "=", "running")
    .orderBy("id")
    .execute();
  return rows.map((row) => row.id);
}

/** A page of a job's pairs in `(a, b)` order; `nextCursor` resumes after the page's last pair. */
export async function jobPairs(
  op: JobsOp,
  jobId: string,
  input: z.output<typeof jobPairsSchema>,
): Promise<{ items: JobPair[]; nextCursor: string | null }> {
  await assertSeesComparedFields(op, await readJob(op, jobId));
  const limit = input.limit ?? 100;
  let query = op.db
    .selectFrom("cleansing_duplicate_job_pairs")
    .select(["a", "b", "score", "weight", "reasons"])
    .where("tenant_id", "=", op.tenantId)
    .where("job_id", "=", jobId);
  if (input.cursor !== undefined) {
    const [a, b] = input.cursor.split(" ");
    query = query.where((eb) => eb.or([eb("a", ">", a ?? ""), eb.and([eb("a", "=", a ?? ""), eb("b", ">", b ?? "")])]));
  }
  const rows = await query
    .orderBy("a")
    .orderBy("b")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit).map((row) => ({
    a: row.a,
    b: row.b,
    score: Number(row.score),
    weight: Number(row.weight),
    reasons: JSON.parse(row.reasons) as MatchReason[],
  }));
  const last = page[page.length - 1];
  return { items: page, nextCursor: rows.length > limit && last ? `${last.a} ${last.b}` : null };
}

/** A job row as callers see it. */
export function jobOf(row: DuplicateJobRow): DuplicateJob {
  return {
    id: row.id,
    entityType: row.entity_type,
    status: row.status === "done" ? "done" : "running",
    phase: row.phase === "pairs" ? "pairs" : "index",
    chunks: Number(row.chunks),
    pairsFound: Number(row.pairs_found),
    pairsCompared: Number(row.pairs_compared),
    blocks: Number(row.blocks),
    oversizedBlocks: Number(row.oversized_blocks),
    startedAt: row.started_at,
    startedBy: row.started_by,
    finishedAt: row.finished_at,
  };
}
