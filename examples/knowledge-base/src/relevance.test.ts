import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { createCrm } from "@rapport/core";
import { loadTldrPages, service, tldrPageToArticle } from "@rapport/service";
import { adapterTargets } from "@rapport/testkit";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { repoRoot, tldrCsvPath } from "./data-dir.mjs";
import { type AdapterRun, measureRelevance, overlapAt10, relevanceMarkdown } from "./relevance.js";

const csvPath = tldrCsvPath();
if (csvPath === null && process.env.CI) throw new Error("The tldr-pages data set is missing (set RAPPORT_DATA_DIR)");

/**
 * `RAPPORT_KNOWLEDGE_RELEVANCE=write` measures every page and writes
 * `docs/results/knowledge-relevance.{md,json}`; otherwise the first 300 pages are measured
 * and only checked.
 */
const WRITE = process.env.RAPPORT_KNOWLEDGE_RELEVANCE === "write";
const COMMAND =
  "RAPPORT_KNOWLEDGE_RELEVANCE=write RAPPORT_PG_URL=postgres://… npx vitest run examples/knowledge-base/src/relevance.test.ts";

describe("knowledge base relevance on the tldr pages", () => {
  // Reason for the skip: the tldr pages live outside the repository; without them outside CI there is nothing to measure (under CI the missing data throws above).
  it.skipIf(csvPath === null)(
    "measures recall@10, MRR, See-also pairs and suggestion hits on each adapter, and their overlap",
    async () => {
      const pages = (await loadTldrPages(csvPath as string)).slice(
        0,
        WRITE ? undefined : Number(process.env.RAPPORT_KNOWLEDGE_RELEVANCE_PAGES ?? 300),
      );
      const report = process.env.RAPPORT_KNOWLEDGE_RELEVANCE_REPORT;
      const runs: AdapterRun[] = [];
      for (const target of adapterTargets()) {
        const adapter = await target.create();
        const crm = await createCrm({ adapter, modules: [service()] });
        try {
          await crm.tenants.create({ id: "tldr", name: "tldr" });
          const manager = crm.as({ tenantId: "tldr", userId: "kim", roles: ["knowledge_manager"] });
          const category = await manager.service.knowledge.categories.create({ name: "Commands" });
          const { ids } = await manager.service.knowledge.importArticles(
            pages.map((page) => tldrPageToArticle(page, { categoryId: category.id })),
            { batchSize: 1_000 },
          );
          // Fresh planner statistics after the bulk load, as autovacuum would gather within a minute:
          // PostgreSQL's planner otherwise expects a handful of rows and joins the search index in a nested loop.
          await sql`analyze`.execute(adapter.db);
          const agent = crm.as({ tenantId: "tldr", userId: "sam", roles: ["service_agent"] });
          runs.push(await measureRelevance(target.name, agent.service.knowledge, pages, ids));
        } finally {
          await crm.close();
          await target.dispose(adapter);
        }
      }
      const [first, second] = runs;
      const overlap = first && second ? overlapAt10(first, second) : null;
      for (const { figures } of runs) {
        // A page's own title finds it in most cases; the rest of the figures are reported, not pinned.
        expect(figures.title.recallAt10).toBeGreaterThan(0.7);
        expect(figures.description.recallAt10).toBeGreaterThan(0.5);
        expect(figures.suggestion.hitRateTop5).toBeGreaterThan(0.3);
      }
      if (report) writeFileSync(report, JSON.stringify({ runs: runs.map((r) => r.figures), overlap }, null, 2));
      if (WRITE) {
        const figures = runs.map((r) => r.figures);
        const facts = { pages: pages.length, date: new Date().toISOString().slice(0, 10), command: COMMAND };
        const dir = resolve(repoRoot, "docs/results");
        mkdirSync(dir, { recursive: true });
        writeFileSync(resolve(dir, "knowledge-relevance.md"), relevanceMarkdown(figures, overlap, facts));
        writeFileSync(
          resolve(dir, "knowledge-relevance.json"),
          `${JSON.stringify({ ...facts, adapters: figures, overlapAt10: overlap }, null, 2)}\n`,
        );
      }
    },
    3_600_000,
  );
});
