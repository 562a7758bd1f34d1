import { ForbiddenError, ValidationError } from "@rapport/core";
import { useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "../service-module.js";
import { knowledgeTenant } from "./knowledge-fixtures.js";
import { salientTerms } from "./salient-terms.js";

describeEachAdapter("knowledge search", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [service()] });

  async function library() {
    const k = await knowledgeTenant(t);
    const rows = [
      { title: "Reset a forgotten password", body: "Open Settings and choose Reset password.", visibility: "customer" },
      {
        title: "Printer jams in tray 2",
        body: "Running the cleaning cycle clears stuck paper.",
        visibility: "customer",
      },
      { title: "Escalating a printer outage", body: "Internal runbook for printer outages.", visibility: "internal" },
      { title: "Partner price list", body: "Discount tiers for resellers of printers.", visibility: "partner" },
      { title: "打印机卡纸怎么办", body: "打开纸盒，取出卡住的纸张。", visibility: "customer", language: "zh" },
      {
        title: "プリンターの紙詰まり",
        body: "トレイを開けて紙を取り除きます。",
        visibility: "customer",
        language: "ja",
      },
    ] as const;
    const { ids } = await k.manager.service.knowledge.importArticles(
      rows.map((r) => ({ ...r, categoryId: k.root.id })),
    );
    const draft = await k.agent("sam").service.knowledge.create({
      title: "Printer firmware draft",
      body: "Unreleased printer firmware notes.",
      categoryId: k.root.id,
      visibility: "customer",
    });
    const [password, jams, outage, partnerList, zh, ja] = ids as [string, string, string, string, string, string];
    return { k, password, jams, outage, partnerList, zh, ja, draft: draft.id };
  }

  it("finds with stemming, phrases, OR and NOT, and highlights the match", async () => {
    const { k, jams, password, outage } = await library();
    const sam = k.agent("sam").service.knowledge;
    const stemmed = await sam.search({ query: "runs" });
    expect(stemmed.items.map((h) => h.article.id)).toContain(jams);
    expect((await sam.search({ query: '"reset password"' })).items.map((h) => h.article.id)).toEqual([password]);
    const either = await sam.search({ query: "password OR outage" });
    expect(either.items.map((h) => h.article.id).sort()).toEqual([password, outage].sort());
    const without = await sam.search({ query: "printer -outage", filters: { status: "published" } });
    expect(without.items.map((h) => h.article.id)).not.toContain(outage);
    expect(without.items.map((h) => h.article.id)).toContain(jams);
    const hit = (await sam.search({ query: "jams" })).items[0];
    expect(hit?.title).toContain("<mark>");
    expect(hit?.article.id).toBe(jams);
  });

  it("finds Chinese by two characters and Japanese, and filters by language", async () => {
    const { k, zh, ja } = await library();
    const sam = k.agent("sam").service.knowledge;
    expect((await sam.search({ query: "卡纸" })).items.map((h) => h.article.id)).toEqual([zh]);
    expect((await sam.search({ query: "紙詰まり" })).items.map((h) => h.article.id)).toEqual([ja]);
    expect((await sam.search({ query: "纸", filters: { language: "ja" } })).items).toEqual([]);
  });

  it("confines a portal reader's search to published articles of its audience, whatever it asks", async () => {
    const { k, jams, partnerList, outage, draft } = await library();
    const found = async (client: typeof k.portal, filters?: Record<string, unknown>) =>
      (
        await client.service.knowledge.search({ query: "printer OR printers", ...(filters ? { filters } : {}) })
      ).items.map((h) => h.article.id);
    expect(await found(k.portal)).toEqual([jams]);
    expect(await found(k.portal, { visibility: ["internal", "partner"] })).toEqual([]);
    expect(await found(k.portal, { status: ["draft", "in_review"] })).toEqual([]);
    expect((await found(k.partner)).sort()).toEqual([jams, partnerList].sort());
    const staff = await found(k.agent("sam"));
    expect(staff).toEqual(expect.arrayContaining([jams, partnerList, outage, draft]));
    // Suggestions too.
    const suggested = await k.portal.service.knowledge.suggest({ subject: "Printer outage", description: "jams" });
    expect(suggested.map((h) => h.article.id)).toEqual([jams]);
    // The generic search gives the portal no article at all.
    const generic = await k.portal.search({ query: "printer" }).then(
      (page) => page.items.filter((i) => i.type === "knowledge_article"),
      (error: unknown) => (error instanceof ForbiddenError ? [] : Promise.reject(error)),
    );
    expect(generic).toEqual([]);
  });

  it("treats bad queries as text or a ValidationError, never a database error", async () => {
    const { k } = await library();
    for (const client of [k.agent("sam"), k.portal]) {
      for (const query of ["", "   ", '"', "OR", "-", "NOT printer", "()", "*"]) {
        await expect(client.service.knowledge.search({ query })).rejects.toBeInstanceOf(ValidationError);
      }
      for (const query of ['"printer', "printer)", "NEAR(printer jams)", "a:b ^c & d | !e", "printer*"]) {
        const page = await client.service.knowledge.search({ query });
        expect(Array.isArray(page.items)).toBe(true);
      }
      await expect(client.service.knowledge.search({ query: "x".repeat(10_000) })).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(
        client.service.knowledge.search({ query: "printer", filters: { visibility: "public" } } as never),
      ).rejects.toBeInstanceOf(ValidationError);
    }
  });

  it("suggests articles for a new case and for a stored case", async () => {
    const { k, jams, password } = await library();
    const sam = k.agent("sam");
    const top = await sam.service.knowledge.suggest({
      subject: "Paper jams",
      description: "Hello, our printer keeps jamming in tray 2. Please help!",
    });
    expect(top[0]?.article.id).toBe(jams);
    expect(top.every((h) => h.article.status === "published")).toBe(true);
    const filed = await sam.service.cases.create({
      subject: "Forgot my password",
      description: "I cannot reset the password",
      channel: "email",
    });
    expect((await sam.service.knowledge.suggestForCase(filed.id))[0]?.article.id).toBe(password);
    expect(await sam.service.knowledge.suggest({ subject: "the and of", description: "please help" })).toEqual([]);
    await expect(sam.service.knowledge.suggest({ subject: "x", limit: 0 })).rejects.toBeInstanceOf(ValidationError);
  });

  it("keeps the index in step with edits: a reopened, edited and re-approved article is found by its new text", async () => {
    const { k, password } = await library();
    await k.manager.service.knowledge.reopen(password);
    await k.manager.service.knowledge.update(password, { body: "Use the self-service kiosk." });
    await k.manager.service.knowledge.submit(password);
    await k.manager.service.knowledge.approve(password);
    const staff = k.agent("sam").service.knowledge;
    expect((await staff.search({ query: "kiosk" })).items.map((h) => h.article.id)).toEqual([password]);
    expect((await k.portal.service.knowledge.search({ query: "kiosk" })).items.map((h) => h.article.id)).toEqual([
      password,
    ]);
  });
});

it("picks salient terms: subject first, no stop words, CJK as pairs", () => {
  expect(salientTerms("Printer jams on tray 2", "The printer jams every morning", 5)).toEqual([
    "printer",
    "jams",
    "tray",
    "morning",
  ]);
  expect(salientTerms("打印机卡纸", "", 10)).toEqual(["打印", "印机", "机卡", "卡纸"]);
  expect(salientTerms("the and of", "please help", 5)).toEqual([]);
});
