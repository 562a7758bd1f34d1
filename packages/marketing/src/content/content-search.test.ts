import { CrmError, ValidationError } from "@rapport/core";
import { useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { marketing } from "../marketing-module.js";

describeEachAdapter("marketing content search", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [marketing()] });

  async function library() {
    const tenantId = await t.tenant();
    const system = t.crm.system(tenantId);
    const mia = t.as(tenantId, "mia", ["marketer"]);
    const initech = await system.accounts.create({ name: "Initech", type: "competitor" });
    const pricing = await mia.marketing.content.create({
      kind: "battle_card",
      title: "Pricing strategies against Initech",
      summary: "How their discounts work",
      body: "Initech lowers prices every quarter; answer with total cost of ownership. Codeword zanzibar.",
      competitorAccountId: initech.id,
      language: "en",
      status: "published",
    });
    const sheet = await mia.marketing.content.create({
      kind: "product_sheet",
      title: "Widgets for warehouses",
      summary: "Our widget line",
      language: "en",
      status: "draft",
    });
    const chinese = await mia.marketing.content.create({
      kind: "competitor_intel",
      title: "竞争对手分析",
      body: "腾讯的价格策略每季度调整一次。",
      language: "zh-CN",
      status: "published",
    });
    return { tenantId, system, mia, initech, pricing, sheet, chinese };
  }

  it("finds items by stemmed English words and by a two-character Chinese query, with highlights", async () => {
    const { mia, pricing, sheet, chinese } = await library();
    const priced = await mia.marketing.content.search({ query: "price" });
    expect(priced.items.map((h) => h.record.id)).toEqual([pricing.id]);
    expect(priced.items[0]?.highlights.title).toContain("<mark>");
    const widgets = await mia.marketing.content.search({ query: "widget" });
    expect(widgets.items.map((h) => h.record.id)).toEqual([sheet.id]);
    const zh = await mia.marketing.content.search({ query: "价格" });
    expect(zh.items.map((h) => h.record.id)).toEqual([chinese.id]);
    expect(zh.items[0]?.highlights.snippet).toContain("<mark>");
    // The public search across entities finds library items as content_item.
    const all = await mia.search({ query: "zanzibar", types: ["content_item"] });
    expect(all.items.map((h) => [h.type, h.id])).toEqual([["content_item", pricing.id]]);
  });

  it("filters by kind, status, competitor and language; archived items leave the index", async () => {
    const { mia, initech, pricing, sheet, chinese } = await library();
    const ids = async (filters: Record<string, string | string[]>, query = "widget OR price OR 价格") =>
      (await mia.marketing.content.search({ query, filters })).items.map((h) => h.record.id).sort();
    expect(await ids({ status: "published" })).toEqual([pricing.id, chinese.id].sort());
    expect(await ids({ kind: ["product_sheet", "competitor_intel"] })).toEqual([sheet.id, chinese.id].sort());
    expect(await ids({ competitorAccountId: initech.id })).toEqual([pricing.id]);
    expect(await ids({ language: "zh-CN" })).toEqual([chinese.id]);
    await mia.marketing.content.archive(pricing.id);
    expect(await ids({ status: "published" })).toEqual([chinese.id]);
  });

  it("applies record scopes and field security to what it matches and shows", async () => {
    const { tenantId, system, pricing } = await library();
    // Hiding the body: a word only in the body finds nothing, and the snippet never shows it.
    await system.roles.define({
      name: "bodyless",
      grants: { "content_item:read": "all" },
      hiddenFields: { content_item: ["body"] },
    });
    const blind = t.as(tenantId, "bo", ["bodyless"]);
    expect((await blind.marketing.content.search({ query: "zanzibar" })).items).toEqual([]);
    const byTitle = await blind.marketing.content.search({ query: "initech" });
    expect(byTitle.items.map((h) => h.record.id)).toEqual([pricing.id]);
    expect(JSON.stringify(byTitle)).not.toContain("zanzibar");
    expect(byTitle.items[0]?.record).not.toHaveProperty("body");
    // A role that reads only its own items finds only those.
    await system.roles.define({
      name: "own_library",
      grants: { "content_item:read": "own", "content_item:create": "own" },
    });
    const owner = t.as(tenantId, "oscar", ["own_library"]);
    const mine = await owner.marketing.content.create({ kind: "market_info", title: "Initech market notes" });
    const found = await owner.marketing.content.search({ query: "initech" });
    expect(found.items.map((h) => h.record.id)).toEqual([mine.id]);
    // No read permission at all: refused.
    const stranger = t.as(tenantId, "sam", ["service_agent"]);
    await system.roles.define({ name: "nothing", grants: { "account:read": "all" } });
    const nobody = t.as(tenantId, "nat", ["nothing"]);
    await expect(nobody.marketing.content.search({ query: "initech" })).rejects.toBeInstanceOf(CrmError);
    expect((await stranger.marketing.content.search({ query: "initech" })).items.map((h) => h.record.id)).toContain(
      pricing.id,
    );
    // Filtering on a hidden field is refused rather than telling its value.
    await system.roles.define({
      name: "linkless",
      grants: { "content_item:read": "all" },
      hiddenFields: { content_item: ["competitorAccountId"] },
    });
    const linkless = t.as(tenantId, "li", ["linkless"]);
    await expect(
      linkless.marketing.content.search({
        query: "initech",
        filters: { competitorAccountId: pricing.competitorAccountId },
      }),
    ).rejects.toBeInstanceOf(CrmError);
  });

  it("treats query syntax as text and refuses unknown filters, never raising a database error", async () => {
    const { mia } = await library();
    for (const query of [
      '"unbalanced',
      "NEAR(a b)",
      "title:price",
      "a ^ b & c | d ! e",
      "-",
      '" * NEAR : ^ & | ! -',
      "x".repeat(10_000),
    ]) {
      const outcome = await mia.marketing.content.search({ query }).then(
        (page) => ({ page }),
        (error: unknown) => ({ error }),
      );
      if ("error" in outcome) expect(outcome.error, query).toBeInstanceOf(ValidationError);
      else expect(Array.isArray(outcome.page.items), query).toBe(true);
    }
    await expect(mia.marketing.content.search({ query: "price", filters: { title: "x" } })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(mia.marketing.content.search({ query: "price", limit: 0 })).rejects.toBeInstanceOf(ValidationError);
  });
});
