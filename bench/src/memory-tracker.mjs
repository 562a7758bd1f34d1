/**
 * Tracks the process's peak resident set size (RSS) and heap while a workload runs.
 * Workloads sample after every batch; a timer samples too, for drivers whose awaits
 * let timers run (pg). Both sides run in one process, so RSS is the process's, not a
 * side's alone — the raw side's peak is the floor the bench itself needs.
 *
 * @typedef {object} MemoryTracker
 * @property {() => void} start resets the peaks and starts the timer
 * @property {() => void} sample records the current usage
 * @property {() => { rssMb: number, heapMb: number }} stop stops the timer; returns the peaks in MiB
 */

const MIB = 1024 * 1024;

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
      return { rssMb: Math.round((rss / MIB) * 10) / 10, heapMb: Math.round((heap / MIB) * 10) / 10 };
    },
  };
}
