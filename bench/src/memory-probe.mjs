import { ingestAccounts } from "./workloads/ingest-accounts.mjs";
import { ingestContacts } from "./workloads/ingest-contacts.mjs";
import { ingestOpportunities } from "./workloads/ingest-opportunities.mjs";

/** @typedef {import("./workload.mjs").BenchContext} BenchContext */
/** @typedef {import("./memory-tracker.mjs").MemoryPeaks} MemoryPeaks */

/**
 * @typedef {object} MemoryProbeRow
 * @property {string} name
 * @property {number} rows
 * @property {number} seconds
 * @property {MemoryPeaks} memory
 */

/**
 * The memory figure of the issue — peak RSS while Rapport ingests the data set — measured
 * in a process that does nothing else: no raw side, no earlier workloads whose garbage
 * would set the high-water mark. Runs the Rapport side of the three ingest workloads into
 * one tenant, in order, and reports each one's peaks.
 *
 * @param {BenchContext} ctx
 * @param {(line: string) => void} log
 * @returns {Promise<{ baselineRssMb: number, rows: MemoryProbeRow[] }>}
 */
export async function probeIngestMemory(ctx, log) {
  const { size } = ctx;
  const tenantId = "memprobe";
  await ctx.crm.tenants.create({ id: tenantId, name: "bench memory probe" });
  globalThis.gc?.();
  const baselineRssMb = Math.round((process.memoryUsage().rss / 1024 ** 2) * 10) / 10;
  const side = {
    kind: /** @type {const} */ ("rapport"),
    tenantId,
    accountIds: [],
    accountVersions: new Int32Array(0),
    contactIds: [],
    opportunityIds: new Map(),
    opportunityVersions: new Map(),
    productIds: [],
    priceBookId: "",
  };
  const rows = [];
  for (const workload of [
    ingestAccounts(size.accounts),
    ingestContacts(size.contacts),
    ingestOpportunities(size.opportunities),
  ]) {
    ctx.memory.start();
    const started = performance.now();
    await workload.rapport(ctx, side);
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const memory = ctx.memory.stop();
    log(
      `${workload.name}: ${seconds} s, peak RSS ${memory.rssMb} MiB, peak heap ${memory.heapMb} MiB, retained ${memory.retainedMb} MiB`,
    );
    rows.push({ name: workload.name, rows: workload.rows, seconds, memory });
  }
  return { baselineRssMb, rows };
}

/**
 * The probe's findings as Markdown.
 *
 * @param {{ adapter: string, size: string, machine: import("./machine-facts.mjs").MachineFacts, baselineRssMb: number, rows: MemoryProbeRow[] }} probe
 * @returns {string}
 */
export function memoryProbeMarkdown(probe) {
  const lines = [
    `# Rapport ingest memory — ${probe.adapter}, size ${probe.size}`,
    "",
    `\`pnpm bench --size ${probe.size} --adapter ${probe.adapter} --memory-only\`: Rapport's bulk path alone in a fresh process (Node ${probe.machine.node} ${process.execArgv.join(" ")}, ${probe.machine.database}, commit ${probe.machine.commit ?? "unknown"}).`,
    `RSS before ingesting (modules loaded, database open): ${probe.baselineRssMb} MiB. Target: peak RSS ≤ 256 MiB while ingesting 1M opportunities.`,
    "",
    "| workload (Rapport only, 1,000 per transaction) | rows | seconds | peak RSS MiB | peak heap MiB | heap retained after MiB |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const row of probe.rows) {
    const m = row.memory;
    lines.push(
      `| ${row.name} | ${row.rows.toLocaleString("en-US")} | ${row.seconds} | ${m.rssMb} | ${m.heapMb} | ${m.retainedMb} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
