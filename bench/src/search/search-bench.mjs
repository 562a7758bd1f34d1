/**
 * The search bench (issue 19, item 6): indexes articles through Rapport, then times
 * queries through `op.search` against the hand-written FTS5 / tsvector query doing the
 * same work on the same index, query by query, the sides alternating. `pnpm bench` runs
 * it after the other workloads, at the size's `SEARCH_SIZES`; alone:
 *
 *   node --expose-gc src/search/search-bench.mjs [--adapter sqlite|postgres] [--articles 50000] [--queries 1000]
 *
 * Measures the built packages (run `pnpm build` first). Writes `results/search-<adapter>-<articles>.md`
 * and `.json`. Without the tldr CSV (see `search-corpus.mjs`) it says why and measures nothing.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { postgresAdapter } from "@rapport/adapter-postgres";
import { sqliteAdapter } from "@rapport/adapter-sqlite";
import { createCrm } from "@rapport/core";
import { benchClock } from "../bench-clock.mjs";
import { DEFAULT_PG_URL } from "../bench-target.mjs";
import { openRawPostgres } from "../raw/raw-postgres.mjs";
import { openRawSqlite } from "../raw/raw-sqlite.mjs";
import { articles, loadVocabulary, queries, tldrCsvPath } from "./search-corpus.mjs";
import { benchSearchModule } from "./search-module.mjs";
import { rawSearch } from "./search-raw.mjs";

const PAGE = 20;

/** Articles indexed and queries timed at each bench size. */
export const SEARCH_SIZES = Object.freeze({
  xs: Object.freeze({ articles: 1_000, queries: 100 }),
  s: Object.freeze({ articles: 10_000, queries: 500 }),
  m: Object.freeze({ articles: 50_000, queries: 1_000 }),
  l: Object.freeze({ articles: 50_000, queries: 1_000 }),
});
const BATCH = 1_000;

/**
 * @param {string} name
 * @param {string} fallback
 */
function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : (process.argv[at + 1] ?? fallback);
}

/**
 * @param {number[]} values
 * @param {number} p
 */
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** @param {number} value */
const ms = (value) => Math.round(value * 1000) / 1000;

/** @param {string} adapterName */
async function open(adapterName) {
  const suffix = randomBytes(6).toString("hex");
  const clock = benchClock();
  const modules = [benchSearchModule()];
  if (adapterName === "sqlite") {
    const filename = join(tmpdir(), `rapport-search-bench-${suffix}.db`);
    const crm = await createCrm({ adapter: sqliteAdapter({ filename }), modules, clock });
    const raw = openRawSqlite(filename);
    return {
      crm,
      raw,
      dispose: async () => {
        await crm.close();
        await raw.close();
        for (const file of [filename, `${filename}-wal`, `${filename}-shm`]) rmSync(file, { force: true });
      },
    };
  }
  const pgUrl = process.env.RAPPORT_PG_URL ?? DEFAULT_PG_URL;
  const schema = `rapport_search_bench_${suffix}`;
  const crm = await createCrm({ adapter: postgresAdapter({ connectionString: pgUrl, schema }), modules, clock });
  const raw = await openRawPostgres(pgUrl, schema);
  return {
    crm,
    raw,
    dispose: async () => {
      await crm.close();
      try {
        await raw.run(`drop schema if exists ${schema} cascade`);
      } finally {
        await raw.close();
      }
    },
  };
}

/**
 * Runs the search bench on a fresh database and writes its results.
 *
 * @param {{ adapter: string, articles: number, queries: number, out: string, log: (line: string) => void }} options
 */
export async function runSearchBench(options) {
  const { adapter: adapterName, articles: count, queries: queryCount, out, log } = options;
  const vocabulary = loadVocabulary();
  if (vocabulary === null) {
    if (process.env.CI === "true") throw new Error(`search bench: ${tldrCsvPath()} is missing`);
    log(`search bench skipped: ${tldrCsvPath()} is missing (set RAPPORT_DATA_DIR to the shared data folder)`);
    return;
  }
  const { crm, raw, dispose } = await open(adapterName);
  try {
    await crm.tenants.create({ id: "kb", name: "Knowledge" });
    const admin = crm.as({ tenantId: "kb", userId: "editor", roles: ["admin"] });
    const kb = /** @type {any} */ (admin).kb;

    // Indexing: the same articles into the searchable entity and into its twin without an index.
    const all = [...articles(vocabulary, count)];
    const ingest = async (/** @type {any} */ service) => {
      const started = performance.now();
      for (let at = 0; at < all.length; at += BATCH) await service.createMany(all.slice(at, at + BATCH));
      return (performance.now() - started) / 1000;
    };
    // A warm-up batch of each in a tenant of its own, so neither side pays for the JIT.
    await crm.tenants.create({ id: "warmup", name: "Warm-up" });
    const warm = /** @type {any} */ (crm.as({ tenantId: "warmup", userId: "editor", roles: ["admin"] })).kb;
    await warm.plain.createMany(all.slice(0, 200));
    await warm.articles.createMany(all.slice(0, 200));
    globalThis.gc?.();
    const plainSeconds = await ingest(kb.plain);
    await raw.settle();
    globalThis.gc?.();
    const indexedSeconds = await ingest(kb.articles);
    await raw.settle();
    if (raw.name === "postgres") await raw.run("analyze");
    log(
      `indexed ${count} articles: ${Math.round(count / indexedSeconds)}/s with the index, ${Math.round(count / plainSeconds)}/s without`,
    );

    // Queries: each through Rapport and by hand, sides alternating, after one warm-up of each.
    const list = queries(vocabulary, queryCount);
    const rapport = (/** @type {import("./search-corpus.mjs").BenchQuery} */ q) =>
      kb.search({ query: q.text, limit: PAGE });
    const byHand = (/** @type {import("./search-corpus.mjs").BenchQuery} */ q) => rawSearch(raw, "kb", q, PAGE);
    for (const q of list.slice(0, 20)) {
      await rapport(q);
      await byHand(q);
    }
    /** @type {number[]} */
    const mine = [];
    /** @type {number[]} */
    const theirs = [];
    let samePages = 0;
    let hits = 0;
    for (const [i, q] of list.entries()) {
      const order = i % 2 === 0 ? ["rapport", "raw"] : ["raw", "rapport"];
      /** @type {any} */
      let page;
      /** @type {any} */
      let hand;
      for (const side of order) {
        const started = performance.now();
        if (side === "rapport") page = await rapport(q);
        else hand = await byHand(q);
        (side === "rapport" ? mine : theirs).push(performance.now() - started);
      }
      const ids = page.items.map((/** @type {any} */ hit) => hit.record.id);
      if (ids.join() === hand.ids.join()) samePages += 1;
      if (ids.length > 0) hits += 1;
    }
    // After the queries (the FTS5 index spans tenants, so these rows would slow them): the index alone, by hand: the same texts into the index table (FTS5 triggers or the generated tsvector), 1,000 a transaction.
    const rawStarted = performance.now();
    for (let at = 0; at < all.length; at += BATCH) {
      const batch = all.slice(at, at + BATCH);
      await raw.transaction(async () => {
        for (let row = 0; row < batch.length; row += 100) {
          const rows = batch.slice(row, row + 100);
          const values = rows.flatMap((a, i) => [
            "rawkb",
            "bench_article",
            `raw_${at + row + i}`,
            a.title,
            a.summary,
            a.body,
          ]);
          await raw.run(
            `insert into rapport_search_docs (tenant_id, entity_type, record_id, f0, f1, f2) values ${rows.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")}`,
            values,
          );
        }
      });
    }
    const rawIndexSeconds = (performance.now() - rawStarted) / 1000;
    const summary = {
      adapter: adapterName,
      articles: count,
      queries: list.length,
      queriesWithResults: hits,
      samePages,
      indexing: {
        withIndexPerSecond: Math.round(count / indexedSeconds),
        withoutIndexPerSecond: Math.round(count / plainSeconds),
        rawIndexOnlyPerSecond: Math.round(count / rawIndexSeconds),
      },
      rapport: { medianMs: ms(percentile(mine, 50)), p95Ms: ms(percentile(mine, 95)) },
      raw: { medianMs: ms(percentile(theirs, 50)), p95Ms: ms(percentile(theirs, 95)) },
    };
    const ratio = (/** @type {"medianMs" | "p95Ms"} */ key) => ms(summary.rapport[key] / summary.raw[key]);
    const markdown = [
      `# Search bench: ${adapterName}, ${count.toLocaleString("en-US")} articles`,
      "",
      `Articles generated from the tldr pages (CC-BY 4.0); ${list.length} queries (one word 60 %, two words 20 %, a phrase 10 %, a prefix 10 %), ${hits} with results; pages of ${PAGE}. Rapport: \`op.search\` as an admin (zod input, query parser, scope, field rules, match, rank, page, highlights, snippets). Raw: the same FTS query and highlight query by hand. ${samePages}/${list.length} pages identical.`,
      "",
      "| | median ms | p95 ms |",
      "| --- | ---: | ---: |",
      `| Rapport | ${summary.rapport.medianMs} | ${summary.rapport.p95Ms} |`,
      `| raw | ${summary.raw.medianMs} | ${summary.raw.p95Ms} |`,
      `| ratio | ×${ratio("medianMs")} | ×${ratio("p95Ms")} |`,
      "",
      "By kind of query (median ms):",
      "",
      "| query | count | Rapport | raw |",
      "| --- | ---: | ---: | ---: |",
      ...["word", "two words", "phrase", "prefix"].map((kind) => {
        const at = list.flatMap((q, i) => (q.kind === kind ? [i] : []));
        const median = (/** @type {number[]} */ values) =>
          ms(
            percentile(
              at.map((i) => values[i] ?? 0),
              50,
            ),
          );
        return `| ${kind} | ${at.length} | ${median(mine)} | ${median(theirs)} |`;
      }),
      "",
      `Indexing through \`createMany\` (1,000 a transaction, with audit and feed rows): ${summary.indexing.withIndexPerSecond.toLocaleString("en-US")} articles/s into the searchable entity, ${summary.indexing.withoutIndexPerSecond.toLocaleString("en-US")} articles/s into the same entity without \`search\`; the index rows alone by hand (multi-row INSERTs into the index table, 1,000 a transaction, no records, audit or feed): ${summary.indexing.rawIndexOnlyPerSecond.toLocaleString("en-US")} articles/s.`,
      "",
    ].join("\n");
    console.log(markdown);
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `search-${adapterName}-${count}.md`), markdown);
    writeFileSync(
      join(out, `search-${adapterName}-${count}.json`),
      `${JSON.stringify({ ...summary, mine, theirs }, null, 1)}\n`,
    );
  } finally {
    await dispose();
  }
}

// Run directly: the command line above.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runSearchBench({
    adapter: option("adapter", "sqlite"),
    articles: Number(option("articles", String(SEARCH_SIZES.xs.articles))),
    queries: Number(option("queries", String(SEARCH_SIZES.xs.queries))),
    out: option("out", fileURLToPath(new URL("../../results", import.meta.url))),
    log: (line) => console.error(`[search] ${line}`),
  });
}
