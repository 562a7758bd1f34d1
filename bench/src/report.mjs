import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** @typedef {import("./runner.mjs").MeasuredWorkload} MeasuredWorkload */
/** @typedef {import("./workload.mjs").UnavailableWorkload} UnavailableWorkload */
/** @typedef {import("./machine-facts.mjs").MachineFacts} MachineFacts */

/**
 * Everything one run found, as written to `results/<adapter>-<size>.json`.
 *
 * @typedef {object} BenchReport
 * @property {string} adapter
 * @property {string} size
 * @property {number} seed
 * @property {string} finishedAt ISO-8601
 * @property {number} durationSeconds the whole run, setup included
 * @property {MachineFacts} machine
 * @property {{ accounts: number, contacts: number, opportunities: number, products: number, salesReps: number }} dataset per tenant
 * @property {MeasuredWorkload[]} measured
 * @property {UnavailableWorkload[]} unavailable
 */

const fmt = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const fmtInt = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** @param {import("./stats.mjs").Timing} t */
function timing(t) {
  return `${fmt.format(t.medianMs)} (${fmt.format(t.minMs)}–${fmt.format(t.maxMs)})`;
}

/**
 * @param {number} rows
 * @param {number} ms
 */
function rate(rows, ms) {
  return ms > 0 ? fmtInt.format((rows * 1000) / ms) : "–";
}

/**
 * The report as Markdown: machine facts, the comparison table, peak memory of the write
 * workloads, and the workloads that could not run yet.
 *
 * @param {BenchReport} report
 * @returns {string}
 */
export function toMarkdown(report) {
  const m = report.machine;
  const lines = [
    `# Rapport vs raw SQL — ${report.adapter}, size ${report.size}`,
    "",
    `Measured ${report.finishedAt} in ${fmtInt.format(report.durationSeconds)} s by \`pnpm bench --size ${report.size} --adapter ${report.adapter}\` (seed ${report.seed}).`,
    "",
    "| machine | |",
    "| --- | --- |",
    `| CPU | ${m.cores} × ${m.cpu} |`,
    `| memory | ${m.memoryGb} GB |`,
    `| Node.js | ${m.node} (${m.platform}) |`,
    `| database | ${m.database} |`,
    `| commit | ${m.commit ?? "unknown"} |`,
    `| data set per tenant | ${fmtInt.format(report.dataset.accounts)} accounts, ${fmtInt.format(report.dataset.contacts)} contacts, ${fmtInt.format(report.dataset.opportunities)} opportunities, ${fmtInt.format(report.dataset.salesReps)} sales reps |`,
    "",
    "Times are wall-clock per run, in ms: median (min–max) over the runs; ratio = median Rapport / median raw. Targets are what the numbers should show, not assertions.",
    "CPU ratio compares this process's CPU time instead (steadier on a busy machine; it leaves out the PostgreSQL server's work, so there it is Rapport's client-side cost).",
    "",
    "| workload | rows | runs | Rapport ms | raw ms | ratio | target | CPU ratio | Rapport rows/s | raw rows/s |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
  ];
  for (const w of report.measured) {
    const verdict = w.ratio <= w.targetRatio ? "met" : "**missed**";
    const name = w.detail ? `${w.name} (${w.detail})` : w.name;
    lines.push(
      `| ${name} | ${fmtInt.format(w.rows)} | ${w.repetitions} | ${timing(w.rapport)} | ${timing(w.raw)} | ${w.ratio.toFixed(2)}× | ≤ ${w.targetRatio}× ${verdict} | ${w.cpuRatio.toFixed(2)}× | ${rate(w.rows, w.rapport.medianMs)} | ${rate(w.rows, w.raw.medianMs)} |`,
    );
  }
  const withMemory = report.measured.filter((w) => w.memory !== undefined);
  if (withMemory.length > 0) {
    lines.push(
      "",
      "Memory of the process while each side ran, in MiB: peak RSS, peak heap (garbage included) and the heap left after the run and a full collection. Both sides share one process, so the raw side's figures are the floor the harness itself needs.",
      "",
      "| workload | Rapport RSS | Rapport heap | Rapport retained | raw RSS | raw heap | raw retained |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    for (const w of withMemory) {
      const mem = /** @type {NonNullable<MeasuredWorkload["memory"]>} */ (w.memory);
      lines.push(
        `| ${w.name} | ${[mem.rapport, mem.raw].map((m) => [m.rssMb, m.heapMb, m.retainedMb].map((v) => fmt.format(v)).join(" | ")).join(" | ")} |`,
      );
    }
  }
  if (report.unavailable.length > 0) {
    lines.push("", "Not available yet (asked for by the issue; measured once Rapport has the API):", "");
    for (const w of report.unavailable) lines.push(`- ${w.name} — ${w.reason}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Writes `<adapter>-<size>.md` and `.json` into `directory`.
 *
 * @param {BenchReport} report
 * @param {string} directory
 * @returns {{ markdown: string, json: string }} the paths written
 */
export function writeReport(report, directory) {
  mkdirSync(directory, { recursive: true });
  const base = join(directory, `${report.adapter}-${report.size}`);
  writeFileSync(`${base}.md`, toMarkdown(report));
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  return { markdown: `${base}.md`, json: `${base}.json` };
}
