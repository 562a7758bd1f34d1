import { InvalidTransitionError, NotFoundError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "../service-module.js";
import { recordEvents } from "../testing/service-fixtures.js";
import { knowledgeTenant } from "./knowledge-fixtures.js";

describeEachAdapter("knowledge engagement", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [service()] });

  async function publishedArticle(k: Awaited<ReturnType<typeof knowledgeTenant>>, title = "Reset a password") {
    const article = await k.agent("sam").service.knowledge.create({
      title,
      body: "Open Settings.",
      categoryId: k.root.id,
      visibility: "customer",
    });
    await k.agent("sam").service.knowledge.submit(article.id);
    return k.manager.service.knowledge.approve(article.id);
  }

  it("links articles to the cases they solved and counts them", async () => {
    const k = await knowledgeTenant(t);
    const events = recordEvents(t, ["knowledge_article.linked", "knowledge_article.unlinked"], k.tenantId);
    const sam = k.agent("sam");
    const article = await publishedArticle(k);
    const other = await publishedArticle(k, "Unlock an account");
    const first = await sam.service.cases.create({ subject: "Locked out", channel: "email" });
    const second = await sam.service.cases.create({ subject: "Cannot log in", channel: "phone" });
    const link = await sam.service.knowledge.linkCase(article.id, first.id);
    expect(link).toMatchObject({ articleId: article.id, caseId: first.id, linkedBy: "sam" });
    await sam.service.knowledge.linkCase(article.id, second.id);
    await sam.service.knowledge.linkCase(other.id, first.id);
    // Linking again is the same link: nothing written, no event.
    await expectNothingWritten(t.adapter, k.tenantId, async () => {
      await sam.service.knowledge.linkCase(article.id, first.id);
      throw new Error("done");
    });
    expect((await sam.service.knowledge.counts(article.id)).solvedCount).toBe(2);
    expect((await sam.service.knowledge.casesOf(article.id)).map((l) => l.caseId)).toEqual([first.id, second.id]);
    expect((await sam.service.knowledge.forCase(first.id)).map((a) => a.id).sort()).toEqual(
      [article.id, other.id].sort(),
    );
    expect(await sam.service.knowledge.unlinkCase(article.id, second.id)).toBe(true);
    expect(await sam.service.knowledge.unlinkCase(article.id, second.id)).toBe(false);
    expect((await sam.service.knowledge.counts(article.id)).solvedCount).toBe(1);
    expect(events.of("knowledge_article.linked")).toHaveLength(3);
    expect(events.of("knowledge_article.unlinked")).toHaveLength(1);
    events.off();
    // A case that does not exist is bad input of the link verb's target: NotFoundError, nothing written.
    const error = await expectNothingWritten(t.adapter, k.tenantId, () =>
      sam.service.knowledge.linkCase(article.id, `case_${"0".repeat(26)}`),
    );
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it("records feedback and views as counts, without changing the article's version", async () => {
    const k = await knowledgeTenant(t);
    const article = await publishedArticle(k);
    await k.portal.service.knowledge.feedback(article.id, { helpful: true });
    await k.portal.service.knowledge.feedback(article.id, { helpful: false, comment: "Step 2 is missing" });
    await k.agent("sam").service.knowledge.feedback(article.id, { helpful: true, comment: null });
    await k.portal.service.knowledge.view(article.id);
    await k.portal.service.knowledge.view(article.id);
    await k.agent("lee").service.knowledge.view(article.id);
    expect(await k.portal.service.knowledge.counts(article.id)).toEqual({
      articleId: article.id,
      views: 3,
      helpful: 2,
      notHelpful: 1,
      solvedCount: 0,
    });
    const after = await k.agent("sam").service.knowledge.get(article.id);
    expect(after.version).toBe(article.version);
    // Views and feedback are no changes of the article: its history is the workflow's.
    const history = await k.admin.audit.history("knowledge_article", article.id);
    expect(history.items.map((a) => a.action)).toEqual(["create", "submit", "approve"]);
    const feedback = await k.manager.service.knowledge.feedbackOf(article.id);
    expect(feedback.map((f) => [f.helpful, f.comment])).toEqual([
      [true, null],
      [false, "Step 2 is missing"],
      [true, null],
    ]);
  });

  it("refuses feedback on an unpublished article: NotFound for the portal, a bad state for staff; nothing written", async () => {
    const k = await knowledgeTenant(t);
    const draft = await k.agent("sam").service.knowledge.create({
      title: "Draft",
      body: "Soon.",
      categoryId: k.root.id,
      visibility: "customer",
    });
    const portalError = await expectNothingWritten(t.adapter, k.tenantId, () =>
      k.portal.service.knowledge.feedback(draft.id, { helpful: true }),
    );
    expect(portalError).toBeInstanceOf(NotFoundError);
    const staffError = await expectNothingWritten(t.adapter, k.tenantId, () =>
      k.agent("sam").service.knowledge.feedback(draft.id, { helpful: true }),
    );
    expect(staffError).toBeInstanceOf(InvalidTransitionError);
    const badInput = await expectNothingWritten(t.adapter, k.tenantId, () =>
      k.portal.service.knowledge.feedback(draft.id, { helpful: "yes" } as never),
    );
    expect(badInput).toBeInstanceOf(ValidationError);
    // The portal cannot count views of what it cannot see either.
    const view = await expectNothingWritten(t.adapter, k.tenantId, () => k.portal.service.knowledge.view(draft.id));
    expect(view).toBeInstanceOf(NotFoundError);
  });
});
