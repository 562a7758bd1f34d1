/**
 * What a workload is: the same job done twice — through Rapport's public API and by
 * hand-written SQL — so the runner can time both on the same data and compare them.
 */

/** @typedef {import("./bench-target.mjs").BenchCrm} BenchCrm */
/** @typedef {import("./raw/raw-sqlite.mjs").RawDb} RawDb */
/** @typedef {import("./raw/raw-ids.mjs").RawIds} RawIds */
/** @typedef {import("./dataset.mjs").Dataset} Dataset */
/** @typedef {import("./sizes.mjs").SizeSpec} SizeSpec */
/** @typedef {import("./memory-tracker.mjs").MemoryTracker} MemoryTracker */

/** Rows per transaction on both sides of every ingest workload. */
export const INGEST_TRANSACTION_ROWS = 1_000;

/** The user imports run as (an admin of the tenant, so owners can be anyone). */
export const IMPORTER = "importer";

/**
 * @typedef {object} BenchContext
 * @property {BenchCrm} crm
 * @property {RawDb} raw
 * @property {RawIds} ids the raw side's id generator
 * @property {import("./bench-clock.mjs").BenchClock} clock Rapport's clock; the raw side takes its timestamps from it too
 * @property {Dataset} dataset
 * @property {SizeSpec} size
 * @property {MemoryTracker} memory workloads call `memory.sample()` after each batch
 * @property {readonly import("./dataset.mjs").StageMove[]} stageMoves the stage-move workload's moves
 * @property {ReadonlySet<number>} trackedOpportunities indexes of the opportunities `stageMoves` touches
 */

/**
 * One side's records in one repetition's tenant: ids by data-set index, and versions
 * where a later workload writes with `expectedVersion`.
 *
 * @typedef {object} SideState
 * @property {"rapport" | "raw"} kind
 * @property {string} tenantId
 * @property {string[]} accountIds
 * @property {Int32Array} accountVersions
 * @property {string[]} contactIds
 * @property {Map<number, string>} opportunityIds ids of the opportunities later workloads write to (`trackedOpportunities`), by index
 * @property {Map<number, number>} opportunityVersions their current versions
 * @property {string[]} productIds the catalog's products by data-set index (made by the quote workload's setup)
 * @property {string} priceBookId the price book of the catalog's prices (quote workload's setup; `""` before it)
 * @property {ServiceDesk} [serviceDesk] the case workload's service desk, made by its setup
 */

/**
 * One tenant's service desk, as the case workload's setup made it: what both sides need
 * to open the run's cases.
 *
 * @typedef {object} ServiceDesk
 * @property {string} queueId the round-robin queue routed cases go to
 * @property {string[]} productIds the service products, by index
 * @property {readonly import("./service-requests.mjs").ServiceRequest[]} requests the cases to open, in order
 */

/**
 * A write workload: runs once per side in each repetition, in a fresh tenant pair, after
 * the workloads before it (so contacts find their accounts).
 *
 * @typedef {object} WriteWorkload
 * @property {string} name
 * @property {"ingest" | "write"} group
 * @property {number} rows records (or operations) one run writes; rows/s = rows / seconds
 * @property {readonly string[]} tables the record tables it writes (compared between the sides after each repetition)
 * @property {number} targetRatio the ratio Rapport / raw the issue asks for (a target, never asserted)
 * @property {(ctx: BenchContext, side: SideState) => Promise<void>} [setup] untimed configuration both tenants need
 *   first (price books, SLA policies…), made the same way for both sides, before either side's timed run
 * @property {readonly ParityProbe[]} [probes] more checks that the sides wrote the same (tables without `version`)
 * @property {(ctx: BenchContext, side: SideState) => Promise<void>} rapport
 * @property {(ctx: BenchContext, side: SideState) => Promise<void>} raw
 */

/**
 * A parity check: a query with one parameter (the tenant id) returning `n` and `s`,
 * run for both tenants; the two rows must be equal.
 *
 * @typedef {readonly [table: string, sql: string]} ParityProbe
 */

/**
 * The two sides of a read workload, ready to run against one tenant's data.
 *
 * @typedef {object} PreparedRead
 * @property {number} rows rows one run returns
 * @property {string} [detail] what one run is, for the report (`"20 pages of 50"`)
 * @property {() => Promise<unknown>} rapport
 * @property {() => Promise<unknown>} raw
 */

/**
 * A read workload: prepared once against the data-set tenant (untimed), then run
 * alternately.
 *
 * @typedef {object} ReadWorkload
 * @property {string} name
 * @property {"report" | "paging"} group
 * @property {number} targetRatio
 * @property {(ctx: BenchContext, tenantId: string) => Promise<PreparedRead>} prepare
 */

/**
 * A workload the issue asks for that cannot run yet, with the reason.
 *
 * @typedef {object} UnavailableWorkload
 * @property {string} name
 * @property {string} group
 * @property {string} reason
 */

/**
 * Groups `items` into arrays of `size` (the last may be shorter), lazily.
 *
 * @template T
 * @param {Iterable<T>} items
 * @param {number} size
 * @returns {Generator<T[]>}
 */
export function* batches(items, size) {
  /** @type {T[]} */
  let batch = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
