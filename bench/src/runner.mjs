import { checkParity } from "./parity.mjs";
import { round, summarise } from "./stats.mjs";

/** @typedef {import("./workload.mjs").BenchContext} BenchContext */
/** @typedef {import("./workload.mjs").SideState} SideState */
/** @typedef {import("./workload.mjs").WriteWorkload} WriteWorkload */
/** @typedef {import("./workload.mjs").ReadWorkload} ReadWorkload */
/** @typedef {import("./stats.mjs").Timing} Timing */

/**
 * @typedef {object} MeasuredWorkload
 * @property {string} name
 * @property {string} group
 * @property {"measured"} status
 * @property {number} rows rows (or operations) of one run
 * @property {string | undefined} detail
 * @property {number} repetitions runs per side
 * @property {number} targetRatio
 * @property {Timing} rapport
 * @property {Timing} raw
 * @property {number} ratio median Rapport / median raw
 * @property {Timing} rapportCpu this process's CPU time per run
 * @property {Timing} rawCpu
 * @property {number} cpuRatio median Rapport CPU / median raw CPU
 * @property {{ rapport: MemoryPeaks, raw: MemoryPeaks } | undefined} memory the highest of each measure over all runs (write workloads)
 */

/** @typedef {"rapport" | "raw"} SideKind */
/** @typedef {{ ms: number, cpuMs: number }} Sample */
/** @typedef {import("./memory-tracker.mjs").MemoryPeaks} MemoryPeaks */

/** @type {MemoryPeaks} */
const NO_MEMORY = Object.freeze({ rssMb: 0, heapMb: 0, retainedMb: 0 });

/**
 * Alternates the sides: Rapport first in even repetitions, raw first in odd ones, so
 * neither always runs on the colder (or the fuller) database.
 *
 * @param {number} repetition
 * @returns {SideKind[]}
 */
function sideOrder(repetition) {
  return repetition % 2 === 0 ? ["rapport", "raw"] : ["raw", "rapport"];
}

/**
 * Times one call, after a garbage collection when the process allows it (`--expose-gc`),
 * so one run's garbage is not collected on the next run's clock. Returns the wall time
 * and this process's CPU time: on a busy machine wall time includes waiting for a core,
 * while CPU time does not (it excludes the PostgreSQL server's work, though).
 *
 * @param {() => Promise<unknown>} fn
 * @returns {Promise<{ ms: number, cpuMs: number }>}
 */
async function timed(fn) {
  globalThis.gc?.();
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * @param {string} tenantId
 * @param {SideKind} kind
 * @returns {SideState}
 */
function newSide(tenantId, kind) {
  return {
    kind,
    tenantId,
    accountIds: [],
    accountVersions: new Int32Array(0),
    contactIds: [],
    opportunityIds: new Map(),
    opportunityVersions: new Map(),
    productIds: [],
    priceBookId: "",
  };
}

/**
 * Runs the write workloads: in each repetition, a fresh pair of tenants (one per side,
 * ids of equal length) gets every workload in order, the sides alternating; then the
 * two tenants are checked to hold the same work.
 *
 * @param {BenchContext} ctx
 * @param {readonly WriteWorkload[]} workloads
 * @param {number} repetitions
 * @param {(line: string) => void} log
 * @returns {Promise<{ results: MeasuredWorkload[], datasetTenant: string }>}
 */
export async function runWrites(ctx, workloads, repetitions, log) {
  /** @type {Map<WriteWorkload, Record<SideKind, Sample[]> & { memory: Record<SideKind, MemoryPeaks> }>} */
  const samples = new Map(
    workloads.map((w) => [w, { rapport: [], raw: [], memory: { rapport: NO_MEMORY, raw: NO_MEMORY } }]),
  );
  let datasetTenant = "";
  for (let rep = 0; rep < repetitions; rep++) {
    /** @type {Record<SideKind, SideState>} */
    const sides = { rapport: newSide(`w${rep}rap`, "rapport"), raw: newSide(`w${rep}raw`, "raw") };
    for (const side of Object.values(sides))
      await ctx.crm.tenants.create({ id: side.tenantId, name: `bench ${side.tenantId}` });
    for (const workload of workloads) {
      const entry = /** @type {NonNullable<ReturnType<typeof samples.get>>} */ (samples.get(workload));
      const times = [];
      if (workload.setup) for (const kind of sideOrder(rep)) await workload.setup(ctx, sides[kind]);
      for (const kind of sideOrder(rep)) {
        // Untimed: otherwise the second side pays for writing out what the first side wrote.
        await ctx.raw.settle();
        ctx.memory.start();
        const sample = await timed(() => workload[kind](ctx, sides[kind]));
        const peak = ctx.memory.stop();
        entry[kind].push(sample);
        entry.memory[kind] = {
          rssMb: Math.max(entry.memory[kind].rssMb, peak.rssMb),
          heapMb: Math.max(entry.memory[kind].heapMb, peak.heapMb),
          retainedMb: Math.max(entry.memory[kind].retainedMb, peak.retainedMb),
        };
        times.push(`${kind} ${round(sample.ms)} ms (CPU ${round(sample.cpuMs)})`);
      }
      log(`${workload.name} — run ${rep + 1}/${repetitions}: ${times.join(", ")}`);
    }
    await checkParity(
      ctx.raw,
      sides.rapport.tenantId,
      sides.raw.tenantId,
      [...new Set(workloads.flatMap((w) => w.tables))],
      workloads.flatMap((w) => w.probes ?? []),
    );
    if (rep === 0) datasetTenant = sides.rapport.tenantId;
  }
  const results = workloads.map((workload) => {
    const entry = /** @type {NonNullable<ReturnType<typeof samples.get>>} */ (samples.get(workload));
    return measured(
      workload.name,
      workload.group,
      workload.rows,
      undefined,
      repetitions,
      workload.targetRatio,
      entry.rapport,
      entry.raw,
      entry.memory,
    );
  });
  return { results, datasetTenant };
}

/**
 * Runs the read workloads against one tenant's data: each is prepared (untimed), run
 * once per side to warm up, then `repetitions` times per side, alternating.
 *
 * @param {BenchContext} ctx
 * @param {readonly ReadWorkload[]} workloads
 * @param {string} tenantId
 * @param {number} repetitions
 * @param {(line: string) => void} log
 * @returns {Promise<MeasuredWorkload[]>}
 */
export async function runReads(ctx, workloads, tenantId, repetitions, log) {
  const results = [];
  for (const workload of workloads) {
    const prepared = await workload.prepare(ctx, tenantId);
    await prepared.rapport();
    await prepared.raw();
    /** @type {Record<SideKind, Sample[]>} */
    const samples = { rapport: [], raw: [] };
    for (let rep = 0; rep < repetitions; rep++) {
      for (const kind of sideOrder(rep)) samples[kind].push(await timed(prepared[kind]));
    }
    const result = measured(
      workload.name,
      workload.group,
      prepared.rows,
      prepared.detail,
      repetitions,
      workload.targetRatio,
      samples.rapport,
      samples.raw,
      undefined,
    );
    log(
      `${workload.name}: Rapport ${result.rapport.medianMs} ms, raw ${result.raw.medianMs} ms (×${result.ratio}; CPU ×${result.cpuRatio})`,
    );
    results.push(result);
  }
  return results;
}

/**
 * @param {string} name
 * @param {string} group
 * @param {number} rows
 * @param {string | undefined} detail
 * @param {number} repetitions
 * @param {number} targetRatio
 * @param {Sample[]} rapportSamples
 * @param {Sample[]} rawSamples
 * @param {MeasuredWorkload["memory"]} memory
 * @returns {MeasuredWorkload}
 */
function measured(name, group, rows, detail, repetitions, targetRatio, rapportSamples, rawSamples, memory) {
  const rapport = summarise(rapportSamples.map((s) => s.ms));
  const raw = summarise(rawSamples.map((s) => s.ms));
  const rapportCpu = summarise(rapportSamples.map((s) => s.cpuMs));
  const rawCpu = summarise(rawSamples.map((s) => s.cpuMs));
  return {
    name,
    group,
    status: "measured",
    rows,
    detail,
    repetitions,
    targetRatio,
    rapport,
    raw,
    ratio: round(rapport.medianMs / raw.medianMs),
    rapportCpu,
    rawCpu,
    cpuRatio: round(rapportCpu.medianMs / rawCpu.medianMs),
    memory,
  };
}
