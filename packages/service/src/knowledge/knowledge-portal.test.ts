import { ForbiddenError, NotFoundError } from "@rapport/core";
import { useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "../service-module.js";
import { knowledgeTenant } from "./knowledge-fixtures.js";
import type { ArticleStatus, ArticleVisibility } from "./knowledge-vocabulary.js";

/** A small seeded generator (mulberry32): the same mix on every run and adapter. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const VISIBILITIES: readonly ArticleVisibility[] = ["internal", "customer", "partner"];
const SECRET = "zebracode";

describeEachAdapter("knowledge portal", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [service()] });

  /** 300 articles of random visibility and status; every one mentions the same word. */
  async function randomMix() {
    const k = await knowledgeTenant(t);
    const random = seeded(19);
    const rows = Array.from({ length: 300 }, (_, i) => ({
      title: `Article ${i} about ${SECRET}`,
      summary: `Summary ${i} ${SECRET}`,
      body: `How to handle ${SECRET} number ${i}.`,
      categoryId: k.root.id,
      visibility: VISIBILITIES[Math.floor(random() * 3)] as ArticleVisibility,
      status: random() < 0.5 ? ("published" as const) : ("draft" as const),
    }));
    const { ids } = await k.manager.service.knowledge.importArticles(rows, { batchSize: 100 });
    const expected = new Map<string, { visibility: ArticleVisibility; status: ArticleStatus }>();
    for (const [i, id] of ids.entries()) {
      const row = rows[i] as (typeof rows)[number];
      let status: ArticleStatus = row.status;
      const roll = random();
      if (status === "draft" && roll < 0.3) {
        await k.manager.service.knowledge.submit(id);
        status = "in_review";
      } else if (status === "published" && roll < 0.2) {
        await k.manager.service.knowledge.archive(id);
        status = "archived";
      } else if (status === "published" && roll < 0.3) {
        await k.manager.service.knowledge.reopen(id);
        status = "draft";
      }
      expected.set(id, { visibility: row.visibility, status });
    }
    return { k, ids, expected };
  }

  it("never shows a portal reader an internal, partner or unpublished article, in any read", async () => {
    const { k, ids, expected } = await randomMix();
    const visibleTo = (audience: readonly ArticleVisibility[]) =>
      ids.filter((id) => {
        const e = expected.get(id);
        return e?.status === "published" && audience.includes(e.visibility);
      });
    const customerIds = visibleTo(["customer"]);
    const partnerIds = visibleTo(["customer", "partner"]);
    // The mix has every kind of article the portal must not see.
    expect(customerIds.length).toBeGreaterThan(20);
    expect(partnerIds.length).toBeGreaterThan(customerIds.length);
    expect(ids.length - partnerIds.length).toBeGreaterThan(100);

    for (const [reader, allowed] of [
      [k.portal, customerIds],
      [k.partner, partnerIds],
    ] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await reader.service.knowledge.list({ limit: 37, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen.sort()).toEqual([...allowed].sort());
      // Search, paged to the end, finds exactly the same set; so do its titles and snippets.
      const found: string[] = [];
      let next: string | null = null;
      do {
        const page = await reader.service.knowledge.search({ query: SECRET, limit: 41, cursor: next });
        for (const hit of page.items) {
          found.push(hit.article.id);
          expect(hit.title).toContain(`<mark>${SECRET}</mark>`);
        }
        next = page.nextCursor;
      } while (next);
      expect(found.sort()).toEqual([...allowed].sort());
      const wider = await reader.service.knowledge.search({
        query: SECRET,
        filters: { visibility: ["internal", "partner", "customer"], status: ["draft", "in_review", "archived"] },
      });
      expect(wider.items).toEqual([]);
      const suggested = await reader.service.knowledge.suggest({ subject: SECRET, description: "number", limit: 20 });
      expect(suggested.length).toBe(20);
      for (const hit of suggested) expect(allowed).toContain(hit.article.id);
      // Asking for more does not widen it.
      const asked = await reader.service.knowledge.list({
        filter: [{ field: "visibility", op: "eq", value: "internal" }],
        includeArchived: true,
      });
      expect(asked.items).toEqual([]);
      const drafts = await reader.service.knowledge.list({
        filter: [{ field: "status", op: "ne", value: "published" }],
      });
      expect(drafts.items).toEqual([]);

      for (const id of ids) {
        const ok = allowed.includes(id);
        const knowledge = reader.service.knowledge;
        if (ok) {
          expect((await knowledge.get(id)).id).toBe(id);
          expect((await knowledge.counts(id)).articleId).toBe(id);
          for (const v of await knowledge.versions(id)) expect(allowed).toContain(v.articleId);
          // Other readers' comments are staff's to read.
          await expect(knowledge.feedbackOf(id)).rejects.toBeInstanceOf(ForbiddenError);
        } else {
          for (const call of [knowledge.get, knowledge.counts, knowledge.versions, knowledge.feedbackOf]) {
            await expect(call(id)).rejects.toBeInstanceOf(NotFoundError);
          }
        }
      }
    }
  });

  it("gives the portal nothing through the generic paths", async () => {
    const { k, ids, expected } = await randomMix();
    const portalClient = k.portal;
    const shown = ids.find(
      (id) => expected.get(id)?.status === "published" && expected.get(id)?.visibility === "customer",
    );
    await expect(portalClient.audit.history("knowledge_article", ids[0] as string)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    // Even of an article it may read, the cases it solved are not the portal's to see.
    await expect(portalClient.service.knowledge.casesOf(shown as string)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(portalClient.service.knowledge.create({ title: "Mine" })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
