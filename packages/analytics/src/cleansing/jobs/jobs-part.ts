import { idSchema, type JobDefinition, type ModuleContext, parseInput } from "@rapport/core";
import * as z from "zod";
import type { CleansingPart } from "../cleansing-part.js";
import {
  type DuplicateJob,
  type JobPair,
  jobOf,
  jobPairs,
  jobPairsSchema,
  readJob,
  runChunk,
  runningJobIds,
  startJob,
  startJobSchema,
} from "./duplicate-job.js";
import { duplicateJobsMigration } from "./jobs-migration.js";

/** Chunks one `crm.jobs.runDue()` call runs per job at most, so one big tenant cannot hold it for ever. */
export const CHUNKS_PER_RUN_DUE = 200;

const runOptionsSchema = z
  .object({
    /** Stop after this many chunks (the job stays `running`). @default until done */
    maxChunks: z.number().int().min(1).optional(),
    /** Called with the job's state after each committed chunk. */
    onProgress: z.custom<(job: DuplicateJob) => void>((value) => typeof value === "function").optional(),
  })
  .strict();

/** `client.cleansing.jobs`: tenant-wide duplicate finding in committed chunks. */
export interface JobsClient {
  readonly jobs: {
    /**
     * Starts finding the duplicates of one entity type over the whole tenant (the settings of
     * `duplicates.find`). Nothing is compared yet: `run`, or `crm.jobs.runDue()`, does the
     * work chunk by chunk. Needs `<type>:read` on every record of the type.
     */
    start(input: z.input<typeof startJobSchema>): Promise<DuplicateJob>;
    /** The job's progress: phase, chunks committed, pairs compared and found, blocks read. */
    status(jobId: string): Promise<DuplicateJob>;
    /**
     * Runs the job's chunks here, each in a transaction of its own (one chunk at most is
     * lost to a crash, and the next run repeats it), until it is done or `maxChunks` ran.
     */
    run(jobId: string, options?: z.input<typeof runOptionsSchema>): Promise<DuplicateJob>;
    /** The pairs found so far, in `(a, b)` order, paged. */
    pairs(
      jobId: string,
      input?: z.input<typeof jobPairsSchema>,
    ): Promise<{ items: JobPair[]; nextCursor: string | null }>;
  };
}

const jobIdSchema = idSchema("dupjob");

/** Runs every tenant's running duplicate jobs a bounded number of chunks further. */
const duplicateJobsRunner: JobDefinition = {
  name: "cleansing.duplicate_jobs",
  async run(ctx) {
    let chunks = 0;
    for (const tenantId of await ctx.tenantIds()) {
      const ids = await ctx.run(tenantId, (op) => runningJobIds(op));
      for (const id of ids) {
        for (let i = 0; i < CHUNKS_PER_RUN_DUE; i++) {
          const job = await ctx.run(tenantId, (op) => runChunk(op, id));
          chunks += 1;
          if (job.status === "done") break;
        }
      }
    }
    return chunks;
  },
};

/** The jobs area of the cleansing module. */
export const jobsPart: CleansingPart<JobsClient> = {
  migrations: [duplicateJobsMigration],
  entities: [],
  permissions: {},
  events: {},
  jobs: [duplicateJobsRunner],
  client: (ctx: ModuleContext): JobsClient => ({
    jobs: {
      start: (input) => ctx.run((op) => startJob(op, parseInput(startJobSchema, input))),
      status: (jobId) => ctx.read(async (op) => jobOf(await readJob(op, parseInput(jobIdSchema, jobId)))),
      run: async (jobId, options = {}) => {
        const id = parseInput(jobIdSchema, jobId);
        const { maxChunks, onProgress } = parseInput(runOptionsSchema, options);
        let job = await ctx.read(async (op) => jobOf(await readJob(op, id)));
        for (let ran = 0; job.status !== "done" && (maxChunks === undefined || ran < maxChunks); ran++) {
          job = await ctx.run((op) => runChunk(op, id));
          onProgress?.(job);
        }
        return job;
      },
      pairs: (jobId, input = {}) =>
        ctx.read((op) => jobPairs(op, parseInput(jobIdSchema, jobId), parseInput(jobPairsSchema, input))),
    },
  }),
};
