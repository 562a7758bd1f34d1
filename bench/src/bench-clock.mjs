/**
 * The clock the bench gives Rapport (and uses for the raw side's timestamps): the system
 * time, except while pinned to a date. Ingest pins it to each batch's creation date and
 * closing pins it to each deal's close date, so the data set has a history — deals created
 * over two years and closed weeks later — for the reports to measure.
 *
 * @typedef {object} BenchClock
 * @property {() => Date} now
 * @property {(instant: string | null) => void} pin an ISO-8601 instant, or `null` for the system time again
 */

/** @returns {BenchClock} */
export function benchClock() {
  /** @type {Date | null} */
  let pinned = null;
  return {
    now: () => (pinned === null ? new Date() : new Date(pinned.getTime())),
    pin: (instant) => {
      pinned = instant === null ? null : new Date(instant);
    },
  };
}
