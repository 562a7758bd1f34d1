/**
 * The benchmark sizes. A size fixes the data set (how many of each record one tenant
 * gets) and how much work the write workloads do and how often each runs.
 */

/**
 * @typedef {object} SizeSpec
 * @property {string} name `xs`, `s`, `m` or `l`
 * @property {number} opportunities opportunities per tenant
 * @property {number} accounts accounts per tenant
 * @property {number} contacts contacts per tenant
 * @property {number} products products in the catalog
 * @property {number} salesReps sales reps (owners) per tenant
 * @property {number} updates single-record writes of the per-transaction workloads (account updates, stage moves)
 * @property {number} repetitions runs of each write workload, per side
 * @property {number} readRepetitions runs of each read workload, per side
 * @property {number} pagesPerRun page fetches one timed run of a paging workload makes
 */

/** @type {Readonly<Record<string, SizeSpec>>} */
export const SIZES = Object.freeze({
  xs: Object.freeze({
    name: "xs",
    opportunities: 1_000,
    accounts: 100,
    contacts: 200,
    products: 20,
    salesReps: 5,
    updates: 500,
    repetitions: 5,
    readRepetitions: 5,
    pagesPerRun: 20,
  }),
  s: Object.freeze({
    name: "s",
    opportunities: 10_000,
    accounts: 1_000,
    contacts: 2_000,
    products: 50,
    salesReps: 20,
    updates: 2_000,
    repetitions: 5,
    readRepetitions: 5,
    pagesPerRun: 50,
  }),
  m: Object.freeze({
    name: "m",
    opportunities: 100_000,
    accounts: 10_000,
    contacts: 20_000,
    products: 200,
    salesReps: 50,
    updates: 10_000,
    repetitions: 3,
    // Reads take under a second a run; more runs steady their medians on a shared server.
    readRepetitions: 9,
    pagesPerRun: 100,
  }),
  l: Object.freeze({
    name: "l",
    opportunities: 1_000_000,
    accounts: 100_000,
    contacts: 200_000,
    products: 500,
    salesReps: 200,
    updates: 10_000,
    repetitions: 1,
    readRepetitions: 3,
    pagesPerRun: 10,
  }),
});

/** The size names, smallest first. */
export const SIZE_NAMES = Object.freeze(Object.keys(SIZES));
