// Runs duplicate job RAPPORT_CHILD_JOB_ID of RAPPORT_CHILD_TENANT: commits RAPPORT_CHILD_COMMIT_CHUNKS
// chunks (printing "chunk n" after each), then runs one more inside an open transaction, prints
// "holding" and waits there — the chunk's pairs and cursor written, not committed — for the parent's SIGKILL.
import { postgresAdapter } from "@rapport/adapter-postgres";
import { sqliteAdapter } from "@rapport/adapter-sqlite";
import { cleansing } from "@rapport/analytics";
import { createCrm } from "@rapport/core";
import { say } from "./child-crm.js";

const tenantId = process.env.RAPPORT_CHILD_TENANT ?? "";
const jobId = process.env.RAPPORT_CHILD_JOB_ID ?? "";
const commitChunks = Number(process.env.RAPPORT_CHILD_COMMIT_CHUNKS ?? "1");
const file = process.env.RAPPORT_CHILD_SQLITE_FILE;
const adapter = file
  ? sqliteAdapter({ filename: file })
  : postgresAdapter({
      connectionString: process.env.RAPPORT_PG_URL ?? "",
      schema: process.env.RAPPORT_CHILD_SCHEMA ?? "",
      maxConnections: 4,
    });
const crm = await createCrm({ adapter, modules: [cleansing()] });
const admin = crm.as({ tenantId, userId: "ada", roles: ["admin"] });
await admin.cleansing.jobs.run(jobId, {
  maxChunks: commitChunks,
  onProgress: (job) => say(`chunk ${job.chunks}`),
});
await admin.transaction(async (tx) => {
  await tx.cleansing.jobs.run(jobId, { maxChunks: 1 });
  say("holding");
  await new Promise(() => {});
});
