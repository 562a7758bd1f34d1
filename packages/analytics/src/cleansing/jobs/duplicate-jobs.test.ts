import { ForbiddenError, NotFoundError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { cleansing } from "../cleansing-module.js";

const PEOPLE = [
  ["Maria", "Anders", "maria.anders@example.com", "+49 30 1234567"],
  ["Thomas", "Hardy", "thomas.hardy@example.co.uk", "+44 20 7946 0958"],
  ["Yoshi", "Tanaka", "yoshi.tanaka@example.jp", "+81 3 1234 5678"],
  ["Elizabeth", "Lincoln", "liz.lincoln@example.ca", "+1 604 555 0147"],
  ["Pedro", "Afonso", "pedro.afonso@example.br", "+55 11 5555 1234"],
  ["Hanna", "Moos", "hanna.moos@example.de", "+49 621 08460"],
  ["Carine", "Schmitt", "carine.schmitt@example.fr", "+33 1 40 32 21 21"],
  ["Jonas", "Bergulfsen", "jonas.bergulfsen@example.no", "+47 22 98 10 00"],
] as const;

describeEachAdapter("cleansing duplicate jobs", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [cleansing()] });

  /** Each person twice or three times, with the slips people make, and a few people once. */
  async function tenantWithDuplicates() {
    const tenantId = await t.tenant();
    const admin = t.as(tenantId, "ada", ["admin"]);
    for (const [first, last, email, phone] of PEOPLE) {
      await admin.contacts.create({
        firstName: first,
        lastName: last,
        emails: [{ type: "work", value: email, primary: true }],
      });
      await admin.contacts.create({
        firstName: first.toUpperCase(),
        lastName: `${last} `,
        emails: [{ type: "work", value: email.toUpperCase(), primary: true }],
        phones: [{ type: "work", value: phone, primary: true }],
      });
      await admin.contacts.create({
        firstName: first.slice(0, 1),
        lastName: last,
        phones: [{ type: "work", value: phone, primary: true }],
      });
    }
    for (const [first, last] of [
      ["Ana", "Trujillo"],
      ["Antonio", "Moreno"],
      ["Christina", "Berglund"],
    ]) {
      await admin.contacts.create({ firstName: first, lastName: last });
    }
    return { tenantId, admin };
  }

  async function allFound(admin: Awaited<ReturnType<typeof tenantWithDuplicates>>["admin"]) {
    const pairs: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await admin.cleansing.duplicates.find({
        entityType: "contact",
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      pairs.push(...page.items.map((p) => `${p.a} ${p.b} ${p.score}`));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return pairs.sort();
  }

  async function allPairs(admin: Awaited<ReturnType<typeof tenantWithDuplicates>>["admin"], jobId: string) {
    const pairs: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await admin.cleansing.jobs.pairs(jobId, { limit: 4, ...(cursor ? { cursor } : {}) });
      pairs.push(...page.items.map((p) => `${p.a} ${p.b} ${p.score}`));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return pairs;
  }

  it("finds the tenant's duplicates in committed chunks, with progress, the same pairs duplicates.find pages through", async () => {
    const { admin } = await tenantWithDuplicates();
    const job = await admin.cleansing.jobs.start({ entityType: "contact", chunkPairs: 3 });
    expect(job).toMatchObject({ status: "running", phase: "index", chunks: 0, pairsFound: 0 });
    const progress: number[] = [];
    const done = await admin.cleansing.jobs.run(job.id, { onProgress: (j) => progress.push(j.pairsFound) });
    expect(done).toMatchObject({ status: "done", phase: "pairs" });
    expect(done.chunks).toBeGreaterThan(3);
    expect(progress).toHaveLength(done.chunks);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const found = await allPairs(admin, job.id);
    expect(found.length).toBe(done.pairsFound);
    expect(found.length).toBeGreaterThanOrEqual(PEOPLE.length);
    expect(found).toEqual(await allFound(admin));
    expect(await admin.cleansing.jobs.status(job.id)).toEqual(done);
  });

  it("resumes from its last committed chunk: a job stopped part-way ends with the pairs of an uninterrupted one", async () => {
    const { admin } = await tenantWithDuplicates();
    const whole = await admin.cleansing.jobs.start({ entityType: "contact", chunkPairs: 2 });
    await admin.cleansing.jobs.run(whole.id);
    const stopped = await admin.cleansing.jobs.start({ entityType: "contact", chunkPairs: 2 });
    const partway = await admin.cleansing.jobs.run(stopped.id, { maxChunks: 3 });
    expect(partway).toMatchObject({ status: "running", chunks: 3 });
    // crm.jobs.runDue() carries it on from the stored cursor.
    await t.crm.jobs.runDue();
    expect(await admin.cleansing.jobs.status(stopped.id)).toMatchObject({ status: "done" });
    expect(await allPairs(admin, stopped.id)).toEqual(await allPairs(admin, whole.id));
  });

  it("shows a job's pairs only to readers who may see every field it compared", async () => {
    const { tenantId, admin } = await tenantWithDuplicates();
    const job = await admin.cleansing.jobs.run((await admin.cleansing.jobs.start({ entityType: "contact" })).id);
    await admin.roles.define({
      name: "no_emails",
      grants: { "contact:read": "all" },
      hiddenFields: { contact: ["emails"] },
    });
    const reader = t.as(tenantId, "nina", ["no_emails"]);
    await expect(reader.cleansing.jobs.pairs(job.id)).rejects.toBeInstanceOf(ForbiddenError);
    // A job she starts herself leaves emails out, so she may read its pairs.
    const hers = await reader.cleansing.jobs.run((await reader.cleansing.jobs.start({ entityType: "contact" })).id);
    const page = await reader.cleansing.jobs.pairs(hers.id, { limit: 1_000 });
    expect(page.items.length).toBe(hers.pairsFound);
    for (const pair of page.items) expect(pair.reasons.map((r) => r.field)).not.toContain("email");
  });

  it("refuses bad input and actors who cannot read every record; writes nothing", async () => {
    const { tenantId, admin } = await tenantWithDuplicates();
    await admin.roles.define({ name: "own_contacts", grants: { "contact:read": "own" } });
    const rep = t.as(tenantId, "rita", ["own_contacts"]);
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        admin.cleansing.jobs.start({ entityType: "widget" as never }),
      ),
    ).toBeInstanceOf(ValidationError);
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        admin.cleansing.jobs.start({ entityType: "contact", chunkPairs: 0 }),
      ),
    ).toBeInstanceOf(ValidationError);
    expect(
      await expectNothingWritten(t.adapter, tenantId, () => rep.cleansing.jobs.start({ entityType: "contact" })),
    ).toBeInstanceOf(ForbiddenError);
    const job = await admin.cleansing.jobs.start({ entityType: "contact" });
    await expect(rep.cleansing.jobs.status(job.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      admin.cleansing.jobs.status(`${job.id.slice(0, -1)}${job.id.endsWith("0") ? "1" : "0"}`),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(admin.cleansing.jobs.status("nope")).rejects.toBeInstanceOf(ValidationError);
  });
});
