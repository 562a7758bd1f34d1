import { ForbiddenError, NotFoundError, ValidationError } from "@rapport/core";
import { expectEntityTablesMatch, expectNothingWritten, type TestCrm, useTestCrm } from "@rapport/core/testing";
import { type SalesModule, sales } from "@rapport/sales";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { type MarketingModule, marketing } from "../marketing-module.js";

type ContentCrm = TestCrm<readonly [SalesModule, MarketingModule]>;

async function contentTenant(t: ContentCrm) {
  const tenantId = await t.tenant();
  const system = t.crm.system(tenantId);
  const marketer = t.as(tenantId, "mia", ["marketer"]);
  const manager = t.as(tenantId, "maria", ["sales_manager"]);
  const rep = t.as(tenantId, "alice", ["sales_rep"]);
  const initech = await system.accounts.create({ name: "Initech", type: "competitor" });
  const hooli = await system.accounts.create({ name: "Hooli", type: "competitor" });
  const globex = await system.accounts.create({ name: "Globex", type: "customer" });
  const widget = await system.products.create({ name: "Widget Pro", sku: "WP-1" });
  return { tenantId, system, marketer, manager, rep, initech, hooli, globex, widget };
}

const ASSET = {
  assetFileName: "battle-card.pdf",
  assetMimeType: "application/pdf",
  assetSizeBytes: 182_044,
  assetUrl: "https://files.example.com/battle-card.pdf",
} as const;

describeEachAdapter("marketing content library", (target) => {
  const t: ContentCrm = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [sales(), marketing()],
  });

  it("declares content_item as its migrated table stores it", async () => {
    await expectEntityTablesMatch(t.adapter, [marketing()]);
  });

  it("creates, reads, lists and updates items with product, competitor and asset metadata", async () => {
    const { marketer, rep, initech, widget } = await contentTenant(t);
    const card = await marketer.marketing.content.create({
      kind: "battle_card",
      title: "Winning against Initech",
      summary: "Where we are stronger",
      body: "Initech ships quarterly; we ship weekly.",
      competitorAccountId: initech.id,
      productId: widget.id,
      language: "en",
      tags: ["competitive"],
      ...ASSET,
    });
    expect(card).toMatchObject({
      id: expect.stringMatching(/^cnt_/),
      kind: "battle_card",
      status: "draft",
      ownerId: "mia",
      competitorAccountId: initech.id,
      productId: widget.id,
      assetSizeBytes: 182_044,
      tags: ["competitive"],
      version: 1,
    });
    expect(await rep.marketing.content.get(card.id)).toMatchObject({ title: "Winning against Initech" });
    const published = await marketer.marketing.content.update(card.id, { status: "published" }, { expectedVersion: 1 });
    expect(published).toMatchObject({ status: "published", version: 2 });
    const page = await rep.marketing.content.list({
      filter: [{ field: "competitorAccountId", op: "eq", value: initech.id }],
    });
    expect(page.items.map((i) => i.id)).toEqual([card.id]);
    // Only the library's keepers write it.
    await expect(rep.marketing.content.update(card.id, { title: "Mine now" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("refuses an unknown product, a non-competitor account, a bad URL, a negative size and a half asset, writing nothing", async () => {
    const { tenantId, marketer, globex, initech } = await contentTenant(t);
    const base = { kind: "asset", title: "Brochure" } as const;
    const item = await marketer.marketing.content.create({ ...base, ...ASSET });
    const attempts: [() => Promise<unknown>, string][] = [
      [() => marketer.marketing.content.create({ ...base, productId: "prd_01JZZZZZZZZZZZZZZZZZZZZZZZ" }), "productId"],
      [() => marketer.marketing.content.create({ ...base, competitorAccountId: globex.id }), "competitorAccountId"],
      [
        () => marketer.marketing.content.create({ ...base, competitorAccountId: "acc_01JZZZZZZZZZZZZZZZZZZZZZZZ" }),
        "competitorAccountId",
      ],
      [() => marketer.marketing.content.create({ ...base, ...ASSET, assetUrl: "javascript:alert(1)" }), "assetUrl"],
      [() => marketer.marketing.content.create({ ...base, ...ASSET, assetUrl: "files/brochure.pdf" }), "assetUrl"],
      [() => marketer.marketing.content.create({ ...base, ...ASSET, assetSizeBytes: -1 }), "assetSizeBytes"],
      [() => marketer.marketing.content.create({ ...base, ...ASSET, assetSizeBytes: 1.5 }), "assetSizeBytes"],
      [() => marketer.marketing.content.create({ ...base, ...ASSET, assetMimeType: "pdf" }), "assetMimeType"],
      [() => marketer.marketing.content.create({ ...base, assetUrl: ASSET.assetUrl }), "assetFileName"],
      [() => marketer.marketing.content.create({ ...base, kind: "poem" as never }), "kind"],
      [() => marketer.marketing.content.create({ ...base, title: "  " }), "title"],
      [() => marketer.marketing.content.update(item.id, { competitorAccountId: globex.id }), "competitorAccountId"],
      [() => marketer.marketing.content.update(item.id, { assetUrl: null }), "assetUrl"],
      [() => marketer.marketing.content.update(item.id, { assetSizeBytes: -5 }), "assetSizeBytes"],
    ];
    for (const [attempt, path] of attempts) {
      const error = await expectNothingWritten(t.adapter, tenantId, attempt);
      expect(error, path).toBeInstanceOf(ValidationError);
      expect(
        (error as ValidationError).issues.map((i) => i.path[0]),
        path,
      ).toContain(path);
    }
    // A batch with one bad item writes none of them.
    const batch = await expectNothingWritten(t.adapter, tenantId, () =>
      marketer.marketing.content.createMany([
        { ...base, title: "Fine" },
        { ...base, title: "Not a competitor", competitorAccountId: globex.id },
      ]),
    );
    expect(batch).toBeInstanceOf(ValidationError);
    // A competitor link to a real competitor is fine.
    expect(await marketer.marketing.content.update(item.id, { competitorAccountId: initech.id })).toMatchObject({
      competitorAccountId: initech.id,
      version: 2,
    });
  });

  it("attaches items to stages, lists them per stage and detaches them; attaching twice writes nothing", async () => {
    const { tenantId, system, marketer, manager, rep } = await contentTenant(t);
    const events: { type: string; data: unknown }[] = [];
    const off = t.crm.on("*", (event) => {
      if (event.tenantId === tenantId && event.type.startsWith("content_item.")) events.push(event);
    });
    const sheet = await marketer.marketing.content.create({
      kind: "product_sheet",
      title: "Widget Pro sheet",
      status: "published",
    });
    const draft = await marketer.marketing.content.create({ kind: "market_info", title: "Draft market notes" });
    const link = await manager.marketing.content.attachToStage(sheet.id, { stageKey: "evaluation" });
    const pipeline = await manager.sales.pipelines.getDefault();
    expect(link).toMatchObject({
      contentId: sheet.id,
      pipelineId: pipeline.id,
      stageKey: "evaluation",
      attachedBy: "maria",
    });
    await manager.marketing.content.attachToStage(draft.id, { pipelineId: pipeline.id, stageKey: "evaluation" });
    expect((await marketer.marketing.content.get(sheet.id)).version).toBe(2);

    const again = await expectNothingWritten(t.adapter, tenantId, async () => {
      await manager.marketing.content.attachToStage(sheet.id, { stageKey: "evaluation" });
      throw new Error("nothing written");
    });
    expect((again as Error).message).toBe("nothing written");
    expect((await marketer.marketing.content.get(sheet.id)).version).toBe(2);

    // Only published items are offered at the stage.
    const atStage = await rep.marketing.content.forStage({ stageKey: "evaluation" });
    expect(atStage.items.map((i) => i.id)).toEqual([sheet.id]);
    expect((await manager.marketing.content.stagesOf(sheet.id)).map((l) => l.stageKey)).toEqual(["evaluation"]);

    await manager.marketing.content.detachFromStage(sheet.id, { stageKey: "evaluation" });
    expect((await rep.marketing.content.forStage({ stageKey: "evaluation" })).items).toEqual([]);
    expect((await marketer.marketing.content.get(sheet.id)).version).toBe(3);
    await expect(
      manager.marketing.content.detachFromStage(sheet.id, { stageKey: "evaluation" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    off();
    // Each attach and detach is a change of the item: content_item.updated, then the verb's own event.
    expect(events.filter((e) => e.type === "content_item.updated")).toHaveLength(3);
    expect(events.filter((e) => e.type !== "content_item.updated").map((e) => e.type)).toEqual([
      "content_item.created",
      "content_item.created",
      "content_item.attached_to_stage",
      "content_item.attached_to_stage",
      "content_item.detached_from_stage",
    ]);
    expect(events.find((e) => e.type === "content_item.attached_to_stage")?.data).toMatchObject({
      id: sheet.id,
      version: 2,
      pipelineId: pipeline.id,
      stageKey: "evaluation",
    });
    const history = await system.audit.history("content_item", sheet.id);
    expect(history.items.map((a) => a.action)).toEqual(["create", "attach_to_stage", "detach_from_stage"]);
    // Reps read the library but do not attach.
    await expect(rep.marketing.content.attachToStage(sheet.id, { stageKey: "trial" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it("refuses an unknown stage, a retired stage and an unknown pipeline, writing nothing", async () => {
    const { tenantId, system, marketer, manager } = await contentTenant(t);
    const sheet = await marketer.marketing.content.create({
      kind: "product_sheet",
      title: "Sheet",
      status: "published",
    });
    const pipeline = await system.sales.pipelines.create({
      name: "Renewals",
      stages: [
        { key: "review", name: "Review", probability: 40 },
        { key: "offer", name: "Offer", probability: 70 },
        { key: "won", name: "Renewed", probability: 100, kind: "won" },
        { key: "lost", name: "Churned", probability: 0, kind: "lost" },
      ],
    });
    await system.sales.pipelines.retireStage(pipeline.id, "review");
    const attempts: [() => Promise<unknown>, string][] = [
      [() => manager.marketing.content.attachToStage(sheet.id, { stageKey: "negotiation" }), "stageKey"],
      [
        () => manager.marketing.content.attachToStage(sheet.id, { pipelineId: pipeline.id, stageKey: "review" }),
        "stageKey",
      ],
      [
        () =>
          manager.marketing.content.attachToStage(sheet.id, {
            pipelineId: "pipe_01JZZZZZZZZZZZZZZZZZZZZZZZ",
            stageKey: "offer",
          }),
        "pipelineId",
      ],
      [() => manager.marketing.content.attachToStage(sheet.id, { stageKey: "" }), "stageKey"],
      [() => manager.marketing.content.forStage({ stageKey: "negotiation" }), "stageKey"],
    ];
    for (const [attempt, path] of attempts) {
      const error = await expectNothingWritten(t.adapter, tenantId, attempt);
      expect(error, path).toBeInstanceOf(ValidationError);
      expect(
        (error as ValidationError).issues.map((i) => i.path[0]),
        path,
      ).toContain(path);
    }
    await expect(
      manager.marketing.content.attachToStage("cnt_01JZZZZZZZZZZZZZZZZZZZZZZZ", { stageKey: "evaluation" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(
      await manager.marketing.content.attachToStage(sheet.id, { pipelineId: pipeline.id, stageKey: "offer" }),
    ).toMatchObject({
      pipelineId: pipeline.id,
      stageKey: "offer",
    });
  });

  it("shows an opportunity the content of its stage and of its competitors, as the rep may see it", async () => {
    const { tenantId, system, marketer, manager, rep, initech, hooli, globex } = await contentTenant(t);
    const sheet = await marketer.marketing.content.create({
      kind: "product_sheet",
      title: "A sheet",
      status: "published",
    });
    const lateSheet = await marketer.marketing.content.create({
      kind: "product_sheet",
      title: "Interest guide",
      status: "published",
    });
    const initechCard = await marketer.marketing.content.create({
      kind: "battle_card",
      title: "Against Initech",
      body: "Their weak spot: support",
      competitorAccountId: initech.id,
      status: "published",
    });
    await marketer.marketing.content.create({
      kind: "competitor_intel",
      title: "Initech rumours (draft)",
      competitorAccountId: initech.id,
    });
    const hooliCard = await marketer.marketing.content.create({
      kind: "battle_card",
      title: "Against Hooli",
      competitorAccountId: hooli.id,
      status: "published",
    });
    await manager.marketing.content.attachToStage(sheet.id, { stageKey: "awareness" });
    await manager.marketing.content.attachToStage(lateSheet.id, { stageKey: "interest" });
    const deal = await rep.sales.opportunities.create({
      accountId: globex.id,
      name: "Globex deal",
      amount: 100_000,
      currency: "USD",
    });
    await rep.sales.opportunities.addCompetitor(deal.id, { accountId: initech.id });

    const seen = await rep.marketing.content.forOpportunity(deal.id);
    expect(seen.stage).toMatchObject({ stageKey: "awareness" });
    expect(seen.stage.items.map((i) => i.id)).toEqual([sheet.id]);
    expect(seen.competitors.map((c) => [c.accountId, c.items.map((i) => i.id)])).toEqual([
      [initech.id, [initechCard.id]],
    ]);
    expect(seen.competitors.flatMap((c) => c.items.map((i) => i.id))).not.toContain(hooliCard.id);

    // Another rep cannot see Alice's deal, so gets nothing about it.
    const bob = t.as(tenantId, "bob", ["sales_rep"]);
    await expect(bob.marketing.content.forOpportunity(deal.id)).rejects.toSatisfy(
      (e) => e instanceof ForbiddenError || e instanceof NotFoundError,
    );

    // A role that hides the item's body, title and competitor link: none shown, and the hidden link is not matched.
    await system.roles.define({
      name: "linkless",
      grants: { "*:*": "all" },
      hiddenFields: { content_item: ["body", "competitorAccountId", "title"] },
    });
    const blind = t.as(tenantId, "lin", ["linkless"]);
    const blindView = await blind.marketing.content.forOpportunity(deal.id);
    expect(blindView.stage.items.map((i) => i.id)).toEqual([sheet.id]);
    expect(blindView.stage.items[0]).not.toHaveProperty("title");
    expect(blindView.competitors).toEqual([{ accountId: initech.id, items: [] }]);
    const card = await blind.marketing.content.get(initechCard.id);
    expect(card).not.toHaveProperty("body");

    // A role that may not read the library at all sees no content.
    await system.roles.define({ name: "dealsonly", grants: { "opportunity:read": "all", "pipeline:read": "all" } });
    const dealsOnly = t.as(tenantId, "dee", ["dealsonly"]);
    await expect(dealsOnly.marketing.content.forOpportunity(deal.id)).rejects.toBeInstanceOf(ForbiddenError);

    // Moving the deal on shows the next stage's content.
    await rep.sales.opportunities.moveStage(deal.id, "interest");
    expect((await rep.marketing.content.forOpportunity(deal.id)).stage.items.map((i) => i.id)).toEqual([lateSheet.id]);
  });
});

describeEachAdapter("marketing content without sales", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [marketing()] });

  it("keeps the library but refuses stage attachments, writing nothing", async () => {
    const tenantId = await t.tenant();
    const marketer = t.as(tenantId, "mia", ["marketer"]);
    const sheet = await marketer.marketing.content.create({ kind: "product_sheet", title: "Sheet" });
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      marketer.marketing.content.attachToStage(sheet.id, { stageKey: "evaluation" }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    await expect(marketer.marketing.content.forOpportunity("opp_01JZZZZZZZZZZZZZZZZZZZZZZZ")).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});
