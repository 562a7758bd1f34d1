import { sqliteAdapter } from "@rapport/adapter-sqlite";
import { createCrm, ValidationError } from "@rapport/core";
import { loadTldrPages, portalActor, service, TLDR_ATTRIBUTION, tldrPageToArticle } from "@rapport/service";

/**
 * Options of {@link runKnowledgeBase}.
 * @typedef {object} KnowledgeBaseOptions
 * @property {string} csvPath The tldr-pages CSV to import.
 * @property {import("@rapport/core").StorageAdapter} [adapter] The database; an in-memory SQLite database by default.
 * @property {number} [limit] Import only the first `limit` pages (all by default).
 */

/**
 * Runs the knowledge-base example and reports each step through `log`: a tenant, a category,
 * the tldr pages imported as published articles (with a progress bar), an agent's search, a
 * suggestion for a new case, the customer portal's view and a bad query. `main.mjs` passes
 * `console.log`; the test passes a collector.
 *
 * @param {(line: string) => void} log Receives every line of output.
 * @param {KnowledgeBaseOptions} options
 * @returns {Promise<void>}
 */
export async function runKnowledgeBase(log, options) {
  /** @param {string} title */
  const section = (title) => log(`\n== ${title} ==`);
  const crm = await createCrm({
    adapter: options.adapter ?? sqliteAdapter({ filename: ":memory:" }),
    modules: [service()],
  });
  try {
    section("1. A tenant, a knowledge manager and a category");
    await crm.tenants.create({ id: "acme", name: "Acme Ltd" });
    const manager = crm.as({ tenantId: "acme", userId: "kim", roles: ["knowledge_manager"] });
    const commands = await manager.service.knowledge.categories.create({ name: "Command line" });
    log(`category: ${commands.name} ${commands.id}`);

    section("2. Import the tldr pages as published articles");
    const pages = (await loadTldrPages(options.csvPath)).slice(0, options.limit);
    const rows = pages.map((page) => tldrPageToArticle(page, { categoryId: commands.id }));
    const result = await manager.service.knowledge.importArticles(rows, {
      batchSize: 500,
      onProgress: ({ done, total }) => {
        const filled = Math.round((done / total) * 20);
        log(`[${"#".repeat(filled)}${".".repeat(20 - filled)}] ${done}/${total}`);
      },
    });
    log(`imported ${result.published} published articles`);
    log(`attribution kept on each: ${TLDR_ATTRIBUTION}`);

    section("3. An agent searches");
    const agent = crm.as({ tenantId: "acme", userId: "sam", roles: ["service_agent"] });
    for (const query of ["compress archive", '"disk usage"', "git commit -amend", "extract tar*"]) {
      const page = await agent.service.knowledge.search({ query, limit: 3 });
      log(`search ${query}: ${page.items.map((h) => h.article.title).join(" | ") || "(nothing)"}`);
    }
    const top = (await agent.service.knowledge.search({ query: "compress", limit: 1 })).items[0];
    if (top) log(`snippet: ${top.snippet}`);

    section("4. Suggestions for a new case");
    const incident = await agent.service.cases.create({
      subject: "Check disk usage of a directory",
      description: "Our server disk is almost full. Which folders take up the most space?",
      channel: "email",
    });
    const suggestions = await agent.service.knowledge.suggestForCase(incident.id, { limit: 5 });
    for (const hit of suggestions) log(`suggested: ${hit.article.title}`);
    const solved = suggestions[0];
    if (solved) {
      await agent.service.knowledge.linkCase(solved.article.id, incident.id);
      log(
        `linked ${solved.article.title}: solved ${(await agent.service.knowledge.counts(solved.article.id)).solvedCount} case(s)`,
      );
    }

    section("5. The customer portal");
    const portal = crm.as(portalActor("acme"));
    const secret = await agent.service.knowledge.create({
      title: "Internal: compress the backup archive before upload",
      body: "Internal runbook.",
      categoryId: commands.id,
      visibility: "internal",
    });
    const seen = await portal.service.knowledge.search({ query: "compress archive", limit: 20 });
    log(
      `portal finds ${seen.items.length} article(s); the internal one: ${seen.items.some((h) => h.article.id === secret.id)}`,
    );
    const first = seen.items[0];
    if (first) {
      await portal.service.knowledge.view(first.article.id);
      await portal.service.knowledge.feedback(first.article.id, { helpful: true, comment: "Exactly what I needed" });
      const counts = await portal.service.knowledge.counts(first.article.id);
      log(`${first.article.title}: ${counts.views} view(s), ${counts.helpful} helpful`);
    }

    section("6. A query with nothing to look for");
    try {
      const page = await portal.service.knowledge.search({ query: "OR -" });
      log(`unexpectedly answered with ${page.items.length} results`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      log(`${error.name} ${error.code}: ${error.issues[0]?.message}`);
    }
  } finally {
    await crm.close();
  }
}
