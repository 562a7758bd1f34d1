import { useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { cleansing } from "../cleansing-module.js";
import { pairwiseQuality } from "./testing/benchmark-data.js";
import { febrlLikePeople } from "./testing/febrl-like-generator.js";

/**
 * Scale bench (issue 22, item 6): FEBRL-like contacts with ~10% duplicates, imported with
 * `contacts.createMany`, then de-duplicated with `cleansing.duplicates.find` page by page.
 * Prints import time, de-duplication time (wall and this process's CPU), records per minute and
 * peak RSS (sampled after every batch and page; on SQLite's `:memory:` database it includes the
 * database itself — use PostgreSQL for the matcher's own memory). CI runs a small size; the documented big run is
 *
 *   RAPPORT_ADAPTERS=sqlite RAPPORT_CLEANSING_SCALE=1000000 /usr/bin/time -v npx vitest run packages/analytics/src/cleansing/matching/cleansing-scale.test.ts
 *
 * (figures in bench/results/cleansing-quality.md).
 *
 * No time is asserted (a shared 2-core machine); the found pairs are checked against the
 * generator's truth so the run also proves the matcher works at that size.
 */
const SIZE = Number(process.env.RAPPORT_CLEANSING_SCALE ?? 5_000);
const BATCH = 5_000;

describeEachAdapter("cleansing scale bench", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [cleansing()] });

  it(
    `de-duplicates ${SIZE.toLocaleString("en")} generated contacts with bounded memory`,
    async () => {
      const tenantId = await t.tenant();
      const admin = t.as(tenantId, "ada", ["admin"]);
      await admin.customFields.define({
        entityType: "contact",
        key: "dateOfBirth",
        label: "Date of birth",
        kind: "text",
      });
      await admin.customFields.define({ entityType: "contact", key: "nationalId", label: "National id", kind: "text" });
      // Sampled after every batch and page: with SQLite's synchronous driver a timer may never get a turn.
      let peak = process.memoryUsage().rss;
      const sample = () => {
        peak = Math.max(peak, process.memoryUsage().rss);
      };
      const truth = new Map<string, string>();
      const importStart = performance.now();
      let batch: ReturnType<typeof febrlLikePeople> extends Generator<infer P> ? P[] : never = [];
      const flush = async () => {
        const created = await admin.contacts.createMany(
          batch.map((p) => ({
            firstName: p.firstName,
            lastName: p.lastName,
            mailingAddress: { line1: p.line1, city: p.city, postalCode: p.postcode, country: "AU" },
            custom: { dateOfBirth: p.dateOfBirth, nationalId: p.nationalId },
          })),
        );
        for (const [index, contact] of created.entries()) truth.set(contact.id, String(batch[index]?.entity));
        batch = [];
        sample();
      };
      for (const person of febrlLikePeople(SIZE)) {
        batch.push(person);
        if (batch.length === BATCH) await flush();
      }
      if (batch.length > 0) await flush();
      const importMs = performance.now() - importStart;
      const dedupeStart = performance.now();
      const dedupeCpu = process.cpuUsage();
      const found: [string, string][] = [];
      let compared = 0;
      let oversized = 0;
      let cursor: string | undefined;
      do {
        const page = await admin.cleansing.duplicates.find({
          entityType: "contact",
          fields: [
            { field: "custom.dateOfBirth", compare: "date", block: true },
            { field: "custom.nationalId", compare: "identifier", block: true },
          ],
          limit: 5_000,
          ...(cursor === undefined ? {} : { cursor }),
        });
        for (const item of page.items) found.push([item.a, item.b]);
        compared += page.stats.pairsCompared;
        oversized += page.stats.oversizedBlocks;
        cursor = page.nextCursor ?? undefined;
        sample();
      } while (cursor !== undefined);
      const dedupeMs = performance.now() - dedupeStart;
      const cpu = process.cpuUsage(dedupeCpu);
      const dedupeCpuMs = (cpu.user + cpu.system) / 1000;
      const quality = pairwiseQuality(found, truth);
      console.log(
        `[scale] ${target.name} ${SIZE} contacts: import ${(importMs / 1000).toFixed(1)} s; de-duplication ${(dedupeMs / 1000).toFixed(1)} s ` +
          `(${Math.round((SIZE / dedupeMs) * 60_000).toLocaleString("en")} records/min; this process's CPU ${(dedupeCpuMs / 1000).toFixed(1)} s, ` +
          `${Math.round((SIZE / dedupeCpuMs) * 60_000).toLocaleString("en")} records per CPU-minute); pairs compared ${compared} ` +
          `(${((compared / ((SIZE * (SIZE - 1)) / 2)) * 100).toExponential(2)}% of all pairs); oversized blocks ${oversized}; ` +
          `peak RSS ${Math.round(peak / 1_048_576)} MiB; precision ${quality.precision.toFixed(4)} recall ${quality.recall.toFixed(4)} F1 ${quality.f1.toFixed(4)}`,
      );
      expect(quality.f1).toBeGreaterThan(0.9);
    },
    Math.max(120_000, SIZE * 10),
  );
});
