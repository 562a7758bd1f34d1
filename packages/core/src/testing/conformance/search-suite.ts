import { expect, it } from "vitest";
import { CrmError, ForbiddenError, ValidationError } from "../../kernel/errors.js";
import { SEARCH_TABLE } from "../../search/search-dialect.js";
import { expectNothingWritten } from "../snapshot.js";
import { useTestCrm } from "../test-crm.js";
import type { ConformanceOptions } from "./harness.js";
import { searchProbeModule } from "./search-probe-module.js";

/** Full-text search (`op.search`, the public `search`), on the adapter's own index. */
export function searchTests(options: ConformanceOptions): void {
  const h = useTestCrm({ ...options, modules: [searchProbeModule()] });
  const admin = (tenantId: string, userId = "root") => h.as(tenantId, userId, ["admin"]);
  const ids = (page: { items: readonly { record: { id: string } }[] }) => page.items.map((hit) => hit.record.id).sort();
  const sorted = (values: string[]) => [...values].sort();

  /** A tenant with a few English articles, and their ids by name. */
  const english = async () => {
    const tenantId = await h.tenant();
    const articles = admin(tenantId).articles;
    const make = (title: string, body: string, extra: Record<string, unknown> = {}) =>
      articles.create({ title, body, ...extra });
    const run = await make("How to run the import", "Start the import job and wait.", { status: "published" });
    const fox = await make("The quick fox", "A quick fox jumps over the lazy dog.", { status: "published" });
    const brown = await make("Brown animals", "The quick brown fox sleeps.", { language: "de" });
    const auth = await make("Authentication settings", "Configure two factor login for users.");
    const alpha = await make("Alpha release notes", "Everything new in alpha.");
    const beta = await make("Beta release notes", "Everything new in beta.");
    return { tenantId, articles, ids: { run, fox, brown, auth, alpha, beta } };
  };

  it("finds English words by their stem: running finds run, runs finds running", async () => {
    const { articles, ids: a } = await english();
    const page = await articles.search({ query: "running" });
    expect(ids(page)).toEqual([a.run.id]);
    expect(page.items[0]?.highlights.title).toBe("How to <mark>run</mark> the import");
    const runner = await articles.create({ title: "Daily routine", body: "She was running late." });
    expect(ids(await articles.search({ query: "runs" }))).toEqual(sorted([a.run.id, runner.id]));
  });

  it("matches a phrase only with its words side by side", async () => {
    const { articles, ids: a } = await english();
    expect(ids(await articles.search({ query: '"quick fox"' }))).toEqual([a.fox.id]);
    expect(ids(await articles.search({ query: "quick fox" }))).toEqual(sorted([a.fox.id, a.brown.id]));
  });

  it("matches a prefix", async () => {
    const { articles, ids: a } = await english();
    expect(ids(await articles.search({ query: "fact*" }))).toEqual([a.auth.id]);
    expect(ids(await articles.search({ query: "fact" }))).toEqual([]);
  });

  it("matches either side of OR, and leaves out what -word and NOT word name", async () => {
    const { articles, ids: a } = await english();
    expect(ids(await articles.search({ query: "alpha OR beta" }))).toEqual(sorted([a.alpha.id, a.beta.id]));
    expect(ids(await articles.search({ query: "fox -brown" }))).toEqual([a.fox.id]);
    expect(ids(await articles.search({ query: "fox NOT brown" }))).toEqual([a.fox.id]);
    expect(ids(await articles.search({ query: "(alpha OR beta) -beta" }))).toEqual([a.alpha.id]);
  });

  it("filters by the declared fields, one value or a list", async () => {
    const { articles, ids: a } = await english();
    expect(ids(await articles.search({ query: "fox", filters: { status: "published" } }))).toEqual([a.fox.id]);
    // The same statement shape again, with other values: the reused SQL takes this call's values.
    expect(ids(await articles.search({ query: "fox", filters: { status: "draft" } }))).toEqual([a.brown.id]);
    expect(ids(await articles.search({ query: "dog", filters: { status: "published" } }))).toEqual([a.fox.id]);
    expect(ids(await articles.search({ query: "fox", filters: { language: ["de", "fr"] } }))).toEqual([a.brown.id]);
    expect(ids(await articles.search({ query: "fox", filters: { status: "published", language: "de" } }))).toEqual([]);
  });

  it("refuses a filter the entity does not declare, and one on a field the actor may not see", async () => {
    const { tenantId, articles } = await english();
    await expect(articles.search({ query: "fox", filters: { title: "x" } })).rejects.toBeInstanceOf(ValidationError);
    await expect(articles.search({ query: "fox", filters: { constructor: "x" } })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await admin(tenantId).roles.define({
      name: "no_language",
      grants: { "probe_article:read": "all" },
      hiddenFields: { probe_article: ["language"] },
    });
    const reader = h.as(tenantId, "reader", ["no_language"]);
    await expect(reader.articles.search({ query: "fox", filters: { language: "de" } })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it("highlights matches in the title and a snippet of the body, with the text HTML-escaped", async () => {
    const tenantId = await h.tenant();
    const articles = admin(tenantId).articles;
    const filler = "Lorem ipsum dolor sit amet consectetur. ".repeat(10);
    await articles.create({
      title: "Escaping <b>tags</b> & quotes",
      body: `${filler}Never trust <script>alert("x")</script> input from the portal. ${filler}`,
    });
    const [hit] = (await articles.search({ query: "portal" })).items;
    expect(hit?.highlights.title).toBe("Escaping &lt;b&gt;tags&lt;/b&gt; &amp; quotes");
    const snippet = hit?.highlights.snippet ?? "";
    expect(snippet).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; input from the <mark>portal</mark>.");
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet.endsWith("…")).toBe(true);
    expect(snippet).not.toContain("<script>");
    const [titled] = (await articles.search({ query: "tags" })).items;
    expect(titled?.highlights.title).toBe("Escaping &lt;b&gt;<mark>tags</mark>&lt;/b&gt; &amp; quotes");
  });

  it("pages through results by score then id, every result once", async () => {
    const tenantId = await h.tenant();
    const articles = admin(tenantId).articles;
    const created = await articles.createMany(
      Array.from({ length: 25 }, (_, i) => ({
        title: `Ticket ${i}`,
        body: `${"printer ".repeat((i % 4) + 1)}jam number ${i}`,
      })),
    );
    const seen: string[] = [];
    const scores: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof articles.search>> = await articles.search({
        query: "printer",
        limit: 10,
        cursor,
      });
      seen.push(...page.items.map((hit) => hit.record.id));
      scores.push(...page.items.map((hit) => hit.score));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(25);
    expect(sorted(seen)).toEqual(sorted(created.map((a) => a.id)));
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeLessThanOrEqual(scores[i - 1] as number);
    await expect(articles.search({ query: "printer", cursor: "not-a-cursor" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("finds Chinese text by a two-character query, and Japanese by a word in kana", async () => {
    const tenantId = await h.tenant();
    const articles = admin(tenantId).articles;
    const zh = await articles.create({
      title: "全文检索入门",
      body: "我们的产品支持多种语言的全文检索，包括中文和日文。",
      language: "zh",
    });
    const other = await articles.create({ title: "产品价格", body: "价格表每年更新一次。", language: "zh" });
    const ja = await articles.create({
      title: "パスワードのリセット",
      body: "パスワードをリセットする方法を説明します。",
      language: "ja",
    });
    const found = await articles.search({ query: "检索" });
    expect(ids(found)).toEqual([zh.id]);
    expect(found.items[0]?.highlights.title).toBe("全文<mark>检索</mark>入门");
    expect(ids(await articles.search({ query: "产品" }))).toEqual(sorted([zh.id, other.id]));
    expect(ids(await articles.search({ query: "检查" }))).toEqual([]);
    expect(ids(await articles.search({ query: "价" }))).toEqual([other.id]);
    const kana = await articles.search({ query: "リセット" });
    expect(ids(kana)).toEqual([ja.id]);
    expect(kana.items[0]?.highlights.snippet).toBe("パスワードを<mark>リセット</mark>する方法を説明します。");
    expect(ids(await articles.search({ query: "説明" }))).toEqual([ja.id]);
  });

  it("answers hostile queries with a page or a ValidationError, never a database error", async () => {
    const { tenantId, articles } = await english();
    const refused = [
      "",
      "   ",
      "OR",
      "AND NOT",
      "NOT",
      '""',
      '"',
      '" "',
      "-",
      "--",
      "()",
      "(((",
      "*",
      "^",
      "&|!",
      "NOT -",
    ];
    for (const query of refused) {
      const error = await articles.search({ query }).catch((e: unknown) => e);
      expect(error, query).toBeInstanceOf(ValidationError);
    }
    const answered = [
      '"quick fox',
      'quick" fox',
      "fox*",
      "fox NEAR dog",
      "NEAR(fox dog)",
      "title:fox",
      "fox^2",
      "fox & dog",
      "fox | dog",
      "!fox",
      "fox -",
      "-fox dog",
      "fox))",
      "((fox",
      "{title}: fox",
      "fox' OR '1'='1",
      "fox\\",
      "fox:* & dog:A",
      "e-mail",
      "\u0301",
      "a".repeat(200),
      "((((((((((((fox))))))))))))",
    ];
    for (const query of answered) {
      const result = await articles.search({ query }).catch((e: unknown) => e);
      if (result instanceof CrmError) expect(result, query).toBeInstanceOf(ValidationError);
      else expect(Array.isArray((result as { items: unknown[] }).items), query).toBe(true);
    }
    expect(ids(await articles.search({ query: '"quick fox' }))).toHaveLength(1);
    const huge = await articles.search({ query: "fox ".repeat(2_500) }).catch((e: unknown) => e);
    expect(huge).toBeInstanceOf(ValidationError);
    const many = await articles.search({ query: "fox ".repeat(40) }).catch((e: unknown) => e);
    expect(many).toBeInstanceOf(ValidationError);
    const publicError = await admin(tenantId)
      .search({ query: '"' })
      .catch((e: unknown) => e);
    expect(publicError).toBeInstanceOf(ValidationError);
  });

  it("neither matches nor shows a field the actor's roles hide", async () => {
    const tenantId = await h.tenant();
    const root = admin(tenantId);
    await root.roles.define({
      name: "no_body",
      grants: { "probe_article:read": "all" },
      hiddenFields: { probe_article: ["body"] },
    });
    const article = await root.articles.create({
      title: "Quarterly pricing",
      summary: "Prices for the quarter.",
      body: "Confidential zebra discount for the quarter.",
    });
    const reader = h.as(tenantId, "reader", ["no_body"]);
    expect(ids(await reader.articles.search({ query: "zebra" }))).toEqual([]);
    expect((await reader.search({ query: "zebra" })).items).toEqual([]);
    const page = await reader.articles.search({ query: "quarter" });
    expect(ids(page)).toEqual([article.id]);
    expect(page.items[0]?.highlights.snippet).toBe("Prices for the <mark>quarter</mark>.");
    expect(page.items[0]?.record).not.toHaveProperty("body");
    expect(JSON.stringify(await reader.search({ query: "quarter" }))).not.toContain("zebra");
    expect(ids(await root.articles.search({ query: "zebra" }))).toEqual([article.id]);
    // The hidden body cannot exclude a record either.
    expect(ids(await reader.articles.search({ query: "quarter -zebra" }))).toEqual([article.id]);
  });

  it("finds only records in the actor's scope, through op.search and the public search", async () => {
    const tenantId = await h.tenant();
    const alice = h.as(tenantId, "alice", ["sales_rep"]);
    const bob = h.as(tenantId, "bob", ["sales_rep"]);
    const mine = await alice.articles.create({ title: "Walrus care", body: "Feeding walruses." });
    const theirs = await bob.articles.create({ title: "Walrus habitat", body: "Where walruses live." });
    expect(ids(await alice.articles.search({ query: "walrus" }))).toEqual([mine.id]);
    expect((await alice.search({ query: "walrus" })).items.map((hit) => hit.id)).toEqual([mine.id]);
    expect((await bob.search({ query: "walrus" })).items.map((hit) => hit.id)).toEqual([theirs.id]);
    const all = await admin(tenantId).search({ query: "walrus", types: ["probe_article"] });
    expect(all.items.map((hit) => hit.id).sort()).toEqual(sorted([mine.id, theirs.id]));
    expect(all.items[0]).toMatchObject({ type: "probe_article" });
    expect(all.items[0]?.title).toContain("<mark>Walrus</mark>");
    const noRole = h.as(tenantId, "nobody", ["read_only"]);
    await expect(noRole.articles.search({ query: "walrus" })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await noRole.search({ query: "walrus" })).items).toEqual([]);
    await expect(admin(tenantId).search({ query: "walrus", types: ["account"] })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it("keeps the index in step with updates, transitions, upserts, archive and restore", async () => {
    const tenantId = await h.tenant();
    const articles = admin(tenantId).articles;
    const article = await articles.create({ title: "Pelican guide", body: "All about pelicans." });
    await articles.update(article.id, { title: "Heron guide", body: "All about herons." });
    expect(ids(await articles.search({ query: "pelican" }))).toEqual([]);
    expect(ids(await articles.search({ query: "heron" }))).toEqual([article.id]);
    await articles.publish(article.id);
    expect(ids(await articles.search({ query: "heron", filters: { status: "published" } }))).toEqual([article.id]);
    await articles.archive(article.id);
    expect(ids(await articles.search({ query: "heron" }))).toEqual([]);
    await articles.restore(article.id);
    expect(ids(await articles.search({ query: "heron" }))).toEqual([article.id]);
    const { record } = await articles.upsertByExternalId("cms", "A-1", { title: "Osprey notes", body: "Ospreys." });
    await articles.upsertByExternalId("cms", "A-1", { title: "Kestrel notes", body: "Kestrels." });
    expect(ids(await articles.search({ query: "kestrel" }))).toEqual([record.id]);
    expect(ids(await articles.search({ query: "osprey" }))).toEqual([]);
  });

  it("writes index rows in the write's transaction: a rolled-back write leaves none", async () => {
    const tenantId = await h.tenant();
    const articles = admin(tenantId).articles;
    const kept = await articles.create({ title: "Albatross", body: "Seabirds." });
    const oops = new Error("host changed its mind");
    await expect(
      admin(tenantId).transaction(async (tx) => {
        await tx.articles.create({ title: "Cormorant", body: "Seabirds too." });
        await tx.articles.update(kept.id, { title: "Gannet" });
        throw oops;
      }),
    ).rejects.toBe(oops);
    expect(ids(await articles.search({ query: "cormorant" }))).toEqual([]);
    expect(ids(await articles.search({ query: "gannet" }))).toEqual([]);
    expect(ids(await articles.search({ query: "albatross" }))).toEqual([kept.id]);
    const rows = await h.adapter.db
      .selectFrom(SEARCH_TABLE)
      .select("record_id")
      .where("tenant_id", "=", tenantId)
      .execute();
    expect(rows.map((row: { record_id: string }) => row.record_id)).toEqual([kept.id]);
    // A refused write leaves the index as it was, as every other table.
    await expectNothingWritten(h.adapter, tenantId, () =>
      articles.createMany([
        { title: "Puffin", body: "Birds." },
        { title: "", body: "Refused." },
      ]),
    );
  });

  it("indexes every record of createMany", async () => {
    const tenantId = await h.tenant();
    const articles = admin(tenantId).articles;
    const created = await articles.createMany(
      Array.from({ length: 600 }, (_, i) => ({ title: `Lighthouse ${i}`, body: `Keeper log ${i}` })),
    );
    const first = await articles.search({ query: "lighthouse", limit: 100 });
    expect(first.items).toHaveLength(100);
    expect(first.nextCursor).not.toBeNull();
    expect(ids(await articles.search({ query: "lighthouse 599" }))).toEqual([created[599]?.id]);
  });
}
