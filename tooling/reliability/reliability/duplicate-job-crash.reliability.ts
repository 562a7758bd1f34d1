import { cleansing } from "@rapport/analytics";
import { createCrm, type StorageAdapter } from "@rapport/core";
import { adapterTargets } from "@rapport/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { startChild } from "../src/child-process.js";
import { type ScratchDatabase, scratchDatabase } from "../src/scratch-database.js";

const PEOPLE = 40;
const COMMIT_CHUNKS = 3;

const openCrm = (adapter: StorageAdapter) => createCrm({ adapter, modules: [cleansing()] });

/** Every person two or three times over, with slips in case, spacing and initials. */
async function prepareTenant(db: ScratchDatabase, tenantId: string) {
  const crm = await openCrm(db.adapter());
  try {
    await crm.tenants.create({ id: tenantId, name: tenantId });
    const admin = crm.as({ tenantId, userId: "ada", roles: ["admin"] });
    const contacts = [];
    for (let i = 0; i < PEOPLE; i++) {
      const last = `Surname${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}x`;
      const email = `person${i}@example.com`;
      contacts.push({
        firstName: `Given${i}`,
        lastName: last,
        emails: [{ type: "work" as const, value: email, primary: true }],
      });
      contacts.push({
        firstName: `GIVEN${i}`,
        lastName: `${last} `,
        emails: [{ type: "work" as const, value: email.toUpperCase(), primary: true }],
      });
      if (i % 3 === 0)
        contacts.push({
          firstName: `G${i}`,
          lastName: last,
          emails: [{ type: "work" as const, value: email, primary: true }],
        });
    }
    await admin.contacts.createMany(contacts);
    const whole = await admin.cleansing.jobs.start({ entityType: "contact", chunkPairs: 4 });
    const crashed = await admin.cleansing.jobs.start({ entityType: "contact", chunkPairs: 4 });
    await admin.cleansing.jobs.run(whole.id);
    return { wholeId: whole.id, crashedId: crashed.id };
  } finally {
    await crm.close();
  }
}

async function pairsOf(db: ScratchDatabase, tenantId: string, jobId: string) {
  const crm = await openCrm(db.adapter());
  try {
    const admin = crm.as({ tenantId, userId: "ada", roles: ["admin"] });
    const pairs: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await admin.cleansing.jobs.pairs(jobId, { limit: 50, ...(cursor ? { cursor } : {}) });
      pairs.push(...page.items.map((p) => `${p.a} ${p.b} ${p.score}`));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return { pairs, status: await admin.cleansing.jobs.status(jobId) };
  } finally {
    await crm.close();
  }
}

for (const target of adapterTargets()) {
  describe(`a duplicate job killed mid-chunk resumes from its last committed chunk [${target.name}]`, () => {
    const db = scratchDatabase(target.name);
    afterAll(() => db.drop());

    it("SIGKILL inside a chunk's transaction: the chunk is lost, runDue resumes, and the pairs equal an uninterrupted run", async () => {
      const tenantId = "dupjob_crash";
      const { wholeId, crashedId } = await prepareTenant(db, tenantId);
      const child = await startChild("duplicate-job", {
        ...db.env,
        RAPPORT_CHILD_TENANT: tenantId,
        RAPPORT_CHILD_JOB_ID: crashedId,
        RAPPORT_CHILD_COMMIT_CHUNKS: String(COMMIT_CHUNKS),
      });
      await child.waitForLine(/^holding$/);
      child.process.kill("SIGKILL");
      expect((await child.exit).signal).toBe("SIGKILL");
      expect(child.lines).toContain(`chunk ${COMMIT_CHUNKS}`);

      const afterCrash = await pairsOf(db, tenantId, crashedId);
      // What the killed chunk wrote was never committed: the job stands where its last commit left it.
      expect(afterCrash.status).toMatchObject({ status: "running", chunks: COMMIT_CHUNKS });

      const crm = await openCrm(db.adapter());
      try {
        for (let run = 0; run < 50; run++) {
          await crm.jobs.runDue();
          if ((await crm.system(tenantId).cleansing.jobs.status(crashedId)).status === "done") break;
        }
      } finally {
        await crm.close();
      }
      const resumed = await pairsOf(db, tenantId, crashedId);
      const whole = await pairsOf(db, tenantId, wholeId);
      expect(resumed.status.status).toBe("done");
      expect(whole.pairs.length).toBeGreaterThanOrEqual(PEOPLE);
      expect(resumed.pairs).toEqual(whole.pairs);
      expect(resumed.status.pairsFound).toBe(whole.status.pairsFound);
    });
  });
}
