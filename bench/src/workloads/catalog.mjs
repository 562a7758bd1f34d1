import { createQuotes } from "./create-quotes.mjs";
import { ingestAccounts } from "./ingest-accounts.mjs";
import { ingestContacts } from "./ingest-contacts.mjs";
import { ingestOpportunities } from "./ingest-opportunities.mjs";
import { moveStages } from "./move-stages.mjs";
import { openCases } from "./open-cases.mjs";
import { pageAccounts } from "./page-accounts.mjs";
import { pageOpportunities } from "./page-opportunities.mjs";
import { salesReport } from "./sales-reports.mjs";
import { updateAccounts } from "./update-accounts.mjs";

/** @typedef {import("../workload.mjs").WriteWorkload} WriteWorkload */
/** @typedef {import("../workload.mjs").ReadWorkload} ReadWorkload */
/** @typedef {import("../workload.mjs").UnavailableWorkload} UnavailableWorkload */
/** @typedef {import("../sizes.mjs").SizeSpec} SizeSpec */

/**
 * The workloads of a run at `size`: write workloads in the order they build a tenant's
 * data, read workloads over the result, and the ones the issue asks for that Rapport
 * cannot do yet (reported, never faked).
 *
 * @param {SizeSpec} size
 * @returns {{ writes: WriteWorkload[], reads: ReadWorkload[], unavailable: UnavailableWorkload[] }}
 */
export function workloadsFor(size) {
  return {
    writes: [
      ingestAccounts(size.accounts),
      ingestContacts(size.contacts),
      ingestOpportunities(size.opportunities),
      updateAccounts(size.updates),
      moveStages(size.updates),
      openCases(size.updates),
      createQuotes(size.updates),
    ],
    reads: [
      pageAccounts("first"),
      pageAccounts("deep"),
      pageOpportunities("first"),
      pageOpportunities("deep"),
      salesReport("pipelineByStage", size.opportunities),
      salesReport("winRates", size.opportunities),
      salesReport("accountPareto", size.opportunities),
    ],
    unavailable: [],
  };
}
