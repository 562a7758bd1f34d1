/**
 * Tracks the process's peak resident set size (RSS) and heap while a workload runs.
 * Workloads sample after every batch; a timer samples too, for drivers whose awaits
 * let timers run (pg). Both sides run in one process, so RSS is the process's, not a
 * side's alone — the raw side's peak is the floor the bench itself needs.
 *
 * @typedef {object} MemoryTracker
 * @property {() => void} start resets the peaks and starts the timer
 * @property {() => void} sample records the current usage
 * @property {() => MemoryPeaks} stop stops the timer; returns the peaks, and the heap still in use after a full collection
 */

/**
 * @typedef {object} MemoryPeaks
 * @property {number} rssMb peak resident set size, MiB
 * @property {number} heapMb peak V8 heap in use (garbage included), MiB
 * @property {number} retainedMb heap in use after the run and a full collection (needs `--expose-gc`): what the run left behind, MiB
 */

const MIB = 1024 * 1024;

/** @param {number} bytes */
const mib = (bytes) => Math.round((bytes / MIB) * 10) / 10;

/**
 * @param {number} [intervalMs] @default 20
 * @returns {MemoryTracker}
 */
export function memoryTracker(intervalMs = 20) {
  let rss = 0;
  let heap = 0;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const sample = () => {
    const usage = process.memoryUsage();
    if (usage.rss > rss) rss = usage.rss;
    if (usage.heapUsed > heap) heap = usage.heapUsed;
  };
  return {
    start: () => {
      rss = 0;
      heap = 0;
      sample();
      timer = setInterval(sample, intervalMs);
      timer.unref();
    },
    sample,
    stop: () => {
      clearInterval(timer);
      sample();
      globalThis.gc?.();
      const retained = process.memoryUsage().heapUsed;
      return { rssMb: mib(rss), heapMb: mib(heap), retainedMb: mib(retained) };
    },
  };
}
