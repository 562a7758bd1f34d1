import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "../service-module.js";
import { recordEvents } from "../testing/service-fixtures.js";
import { knowledgeTenant } from "./knowledge-fixtures.js";

describeEachAdapter("knowledge articles", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [service()] });

  it("takes a draft through review to published, writing a version per publication of edited text", async () => {
    const { tenantId, agent, manager, root } = await knowledgeTenant(t);
    const events = recordEvents(t, ["knowledge_article.submitted", "knowledge_article.published"], tenantId);
    const sam = agent("sam");
    const draft = await sam.service.knowledge.create({
      title: "Reset a password",
      summary: "When a user is locked out",
      body: "Open Settings, then Security.",
      categoryId: root.id,
      visibility: "customer",
    });
    expect(draft).toMatchObject({ status: "draft", ownerId: "sam", publishedVersion: null, language: "en" });
    const inReview = await sam.service.knowledge.submit(draft.id, { expectedVersion: draft.version });
    expect(inReview.status).toBe("in_review");
    // Agents author; approving is the knowledge manager's.
    await expect(sam.service.knowledge.approve(draft.id)).rejects.toBeInstanceOf(ForbiddenError);
    const published = await manager.service.knowledge.approve(draft.id);
    expect(published).toMatchObject({ status: "published", publishedVersion: 1, publishedAt: expect.any(String) });

    await sam.service.knowledge.reopen(draft.id);
    await sam.service.knowledge.update(draft.id, { body: "Open Settings, then Security, then Reset." });
    await sam.service.knowledge.submit(draft.id);
    const again = await manager.service.knowledge.approve(draft.id);
    expect(again.publishedVersion).toBe(2);
    // Published again without an edit: the version in force stays.
    await manager.service.knowledge.reopen(draft.id);
    await sam.service.knowledge.submit(draft.id);
    expect((await manager.service.knowledge.approve(draft.id)).publishedVersion).toBe(2);

    const versions = await sam.service.knowledge.versions(draft.id);
    expect(versions.map((v) => [v.number, v.body, v.publishedBy])).toEqual([
      [1, "Open Settings, then Security.", "kim"],
      [2, "Open Settings, then Security, then Reset.", "kim"],
    ]);
    expect((await sam.service.knowledge.version(draft.id, 1)).title).toBe("Reset a password");
    await expect(sam.service.knowledge.version(draft.id, 3)).rejects.toBeInstanceOf(NotFoundError);
    expect(events.of("knowledge_article.published").map((e) => e.data.number)).toEqual([1, 2, 2]);
    expect(events.of("knowledge_article.submitted")).toHaveLength(3);
    events.off();
  });

  it("refuses to publish without a category or with an empty body, and writes nothing", async () => {
    const { tenantId, agent } = await knowledgeTenant(t);
    const sam = agent("sam");
    const bare = await sam.service.knowledge.create({ title: "Untitled thoughts", body: "   " });
    const error = await expectNothingWritten(t.adapter, tenantId, () => sam.service.knowledge.submit(bare.id));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path.join("."))).toEqual(["categoryId", "body"]);
    expect((await sam.service.knowledge.get(bare.id)).status).toBe("draft");
  });

  it("refuses archiving a category that holds articles, and a stale approval (nothing written)", async () => {
    const { tenantId, agent, manager } = await knowledgeTenant(t);
    const temp = await manager.service.knowledge.categories.create({ name: "Temporary" });
    const article = await agent("sam").service.knowledge.create({ title: "A", body: "text", categoryId: temp.id });
    await agent("sam").service.knowledge.submit(article.id);
    await expect(manager.service.knowledge.categories.archive(temp.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      manager.service.knowledge.approve(article.id, { expectedVersion: 99 }),
    );
    expect(error).toMatchObject({ code: "VERSION_CONFLICT" });
  });

  it("edits only drafts; the workflow refuses moves from the wrong state", async () => {
    const { agent, manager, root } = await knowledgeTenant(t);
    const sam = agent("sam");
    const article = await sam.service.knowledge.create({
      title: "Printer jams",
      body: "Open tray 2.",
      categoryId: root.id,
    });
    await sam.service.knowledge.submit(article.id);
    await expect(sam.service.knowledge.update(article.id, { title: "Other" })).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    await expect(sam.service.knowledge.submit(article.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    const rejected = await manager.service.knowledge.reject(article.id, { note: "Add a picture" });
    expect(rejected.status).toBe("draft");
    await expect(sam.service.knowledge.reopen(article.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    const archived = await sam.service.knowledge.archive(article.id);
    expect(archived.status).toBe("archived");
    expect((await sam.service.knowledge.reopen(article.id)).status).toBe("draft");
    // Another agent's draft is not theirs to edit.
    await expect(agent("lee").service.knowledge.update(article.id, { title: "Mine now" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it("refuses bad input with a typed error and writes nothing", async () => {
    const { tenantId, agent } = await knowledgeTenant(t);
    const sam = agent("sam");
    for (const input of [
      { title: "" },
      { title: "x", visibility: "public" },
      { title: "x", categoryId: `kbc_${"0".repeat(26)}` },
      { title: "x", sourceUrl: "javascript:alert(1)" },
      { title: "x", status: "published" },
      JSON.parse('{"title":"x","__proto__":{"status":"published"}}'),
    ]) {
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        sam.service.knowledge.create(input as { title: string }),
      );
      expect(error).toBeInstanceOf(ValidationError);
    }
    await expect(sam.service.knowledge.get("not-an-id")).rejects.toBeInstanceOf(ValidationError);
    await expect(sam.service.knowledge.get(`kba_${"0".repeat(26)}`)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lists articles with the standard filters", async () => {
    const { agent, root } = await knowledgeTenant(t);
    const sam = agent("sam");
    const de = await sam.service.knowledge.create({ title: "Drucker", body: "…", language: "de", categoryId: root.id });
    await sam.service.knowledge.create({ title: "Printer", body: "…", categoryId: root.id });
    const page = await sam.service.knowledge.list({ filter: [{ field: "language", op: "eq", value: "de" }] });
    expect(page.items.map((a) => a.id)).toEqual([de.id]);
  });
});
