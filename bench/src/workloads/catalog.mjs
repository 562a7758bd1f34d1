import { ingestAccounts } from "./ingest-accounts.mjs";
import { ingestContacts } from "./ingest-contacts.mjs";
import { pageAccounts } from "./page-accounts.mjs";
import { updateAccounts } from "./update-accounts.mjs";

/** @typedef {import("../workload.mjs").WriteWorkload} WriteWorkload */
/** @typedef {import("../workload.mjs").ReadWorkload} ReadWorkload */
/** @typedef {import("../workload.mjs").UnavailableWorkload} UnavailableWorkload */
/** @typedef {import("../sizes.mjs").SizeSpec} SizeSpec */

const NO_OPPORTUNITIES = "Rapport has no opportunities API yet (@rapport/sales registers no client)";
const NO_REPORTS = "Rapport has no report API for it yet (@rapport/analytics has no reports)";

/**
 * The workloads of a run at `size`: write workloads in the order they build a tenant's
 * data, read workloads over the result, and the ones the issue asks for that Rapport
 * cannot do yet (reported, never faked).
 *
 * @param {SizeSpec} size
 * @returns {{ writes: WriteWorkload[], reads: ReadWorkload[], unavailable: UnavailableWorkload[] }}
 */
export function workloadsFor(size) {
  const opportunities = size.opportunities.toLocaleString("en-US");
  return {
    writes: [ingestAccounts(size.accounts), ingestContacts(size.contacts), updateAccounts(size.updates)],
    reads: [pageAccounts("first"), pageAccounts("deep")],
    unavailable: [
      { name: `ingest ${opportunities} opportunities`, group: "ingest", reason: NO_OPPORTUNITIES },
      {
        name: `${size.updates.toLocaleString("en-US")} stage moves, one transaction each`,
        group: "write",
        reason: NO_OPPORTUNITIES,
      },
      { name: `report: pipeline by stage over ${opportunities} opportunities`, group: "report", reason: NO_REPORTS },
      {
        name: `report: win rate and average cycle days by owner over ${opportunities} opportunities`,
        group: "report",
        reason: NO_REPORTS,
      },
      { name: "report: accounts by revenue with cumulative share (Pareto)", group: "report", reason: NO_REPORTS },
      { name: "opportunities: a rep's filtered, sorted list, first page", group: "paging", reason: NO_OPPORTUNITIES },
      {
        name: "opportunities: the same list, a page 10,000 rows deep (cursor)",
        group: "paging",
        reason: NO_OPPORTUNITIES,
      },
    ],
  };
}
