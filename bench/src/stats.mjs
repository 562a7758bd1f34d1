/**
 * @typedef {object} Timing
 * @property {number[]} samplesMs every run's time, in run order
 * @property {number} medianMs
 * @property {number} minMs
 * @property {number} maxMs
 */

/**
 * Median, minimum and maximum of the run times.
 *
 * @param {readonly number[]} samplesMs at least one
 * @returns {Timing}
 */
export function summarise(samplesMs) {
  if (samplesMs.length === 0) throw new Error("summarise needs at least one sample");
  const sorted = [...samplesMs].sort((a, b) => a - b);
  /** @param {number} i */
  const at = (i) => sorted[i] ?? Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  return {
    samplesMs: samplesMs.map(round),
    medianMs: round(median),
    minMs: round(at(0)),
    maxMs: round(at(sorted.length - 1)),
  };
}

/**
 * Rounds to 0.01 (ms precision beyond that is noise here).
 *
 * @param {number} value
 * @returns {number}
 */
export function round(value) {
  return Math.round(value * 100) / 100;
}
