// The bench's entry point: `pnpm bench --size xs|s|m|l --adapter sqlite|postgres` (after `pnpm build`).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchClock } from "./bench-clock.mjs";
import { DEFAULT_PG_URL, openTarget } from "./bench-target.mjs";
import { parseBenchArgs, USAGE } from "./cli-options.mjs";
import { createDataset } from "./dataset.mjs";
import { machineFacts } from "./machine-facts.mjs";
import { memoryProbeMarkdown, probeIngestMemory } from "./memory-probe.mjs";
import { memoryTracker } from "./memory-tracker.mjs";
import { RawIds } from "./raw/raw-ids.mjs";
import { toMarkdown, writeReport } from "./report.mjs";
import { runReads, runWrites } from "./runner.mjs";
import { runSearchBench, SEARCH_SIZES } from "./search/search-bench.mjs";
import { SIZES } from "./sizes.mjs";
import { staleBuilds } from "./stale-build.mjs";
import { workloadsFor } from "./workloads/catalog.mjs";
import { closeDeals } from "./workloads/close-deals.mjs";

/** @type {import("./cli-options.mjs").BenchOptions} */
let options;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

const started = performance.now();
const size = /** @type {import("./sizes.mjs").SizeSpec} */ (SIZES[options.size]);
/** @param {string} line */
const log = (line) => console.error(`[${options.adapter} ${size.name}] ${line}`);

for (const name of staleBuilds(["@rapport/core", "@rapport/adapter-sqlite", "@rapport/adapter-postgres"])) {
  log(`warning: ${name} was built before its latest source change; run \`pnpm build\` to measure the current code`);
}
if (typeof globalThis.gc !== "function")
  log("note: run with --expose-gc (as `pnpm bench` does) to collect garbage between runs");

const clock = benchClock();
const target = await openTarget(options.adapter, { pgUrl: process.env.RAPPORT_PG_URL ?? DEFAULT_PG_URL, clock });
try {
  log(`database: ${target.databaseVersion} (${target.location})`);
  // Taken before measuring: the commit is the code this run measures, even if HEAD moves meanwhile.
  const machine = machineFacts(target.databaseVersion);
  const dataset = createDataset(size, options.seed);
  const stageMoves = options.memoryOnly ? [] : dataset.stageMoves(size.updates);
  const ctx = {
    crm: target.crm,
    raw: target.raw,
    ids: new RawIds(),
    clock,
    dataset,
    size,
    memory: memoryTracker(),
    stageMoves,
    trackedOpportunities: new Set(stageMoves.map((m) => m.opportunityIndex)),
  };
  const resultsDirectory = options.out ?? fileURLToPath(new URL("../results", import.meta.url));
  if (options.memoryOnly) {
    const probe = await probeIngestMemory(ctx, log);
    const markdown = memoryProbeMarkdown({
      adapter: options.adapter,
      size: size.name,
      machine,
      ...probe,
    });
    mkdirSync(resultsDirectory, { recursive: true });
    const path = join(resultsDirectory, `${options.adapter}-${size.name}-memory.md`);
    writeFileSync(path, markdown);
    console.log(markdown);
    log(`wrote ${path}`);
  } else {
    await compare(ctx, machine);
    // Search has its own database and data (articles), so it runs after the rest.
    const searchSize = SEARCH_SIZES[/** @type {keyof typeof SEARCH_SIZES} */ (size.name)];
    await runSearchBench({ adapter: options.adapter, ...searchSize, out: resultsDirectory, log });
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await target.dispose();
}

/**
 * Runs every workload on both sides and writes the comparison.
 *
 * @param {import("./workload.mjs").BenchContext} ctx
 * @param {ReturnType<typeof machineFacts>} machine
 */
async function compare(ctx, machine) {
  const { dataset } = ctx;
  const { writes, reads, unavailable } = workloadsFor(size);
  const writePhase = await runWrites(ctx, writes, options.repetitions ?? size.repetitions, log);
  const closing = performance.now();
  const closed = await closeDeals(ctx, writePhase.datasetTenant);
  log(
    `closed the data set's deals (setup, untimed): ${closed.won} won, ${closed.lost} lost in ${Math.round((performance.now() - closing) / 1000)} s`,
  );
  const readResults = await runReads(
    ctx,
    reads,
    writePhase.datasetTenant,
    options.repetitions ?? size.readRepetitions,
    log,
  );
  const report = {
    adapter: options.adapter,
    size: size.name,
    seed: options.seed,
    finishedAt: new Date().toISOString(),
    durationSeconds: Math.round((performance.now() - started) / 1000),
    machine,
    dataset: dataset.counts,
    measured: [...writePhase.results, ...readResults],
    unavailable,
  };
  const paths = writeReport(report, options.out ?? fileURLToPath(new URL("../results", import.meta.url)));
  console.log(toMarkdown(report));
  log(`wrote ${paths.markdown} and ${paths.json}`);
}
