import { defineModule } from "@rapport/core";

/**
 * The analytics and data-processing module.
 *
 * **Early stage.** Today `analytics()` only registers the module under the name `"analytics"`:
 * it adds no tables, permissions, events, jobs or client, so `crm.as(actor).analytics` does
 * not exist yet. Capabilities land in this order, each computed in SQL and tested on
 * SQLite and PostgreSQL:
 *
 * 1. Data cleansing: normalise names, emails, phones and addresses; find duplicate
 *    accounts and contacts; merge with survivorship rules and full history.
 * 2. Sales reports (pipeline by stage, weighted forecast, win rates, sales cycle), as the
 *    sales module's records arrive.
 * 3. Customer reports: 80/20 Pareto and ABC classes, RFM, churn risk with alerts.
 * 4. Service and campaign reports, as those modules' records arrive.
 *
 * @example
 * ```ts
 * const crm = await createCrm({ adapter: sqliteAdapter(), modules: [analytics()] });
 * ```
 */
export function analytics() {
  return defineModule({ name: "analytics" });
}

/** The module `analytics()` returns. */
export type AnalyticsModule = ReturnType<typeof analytics>;
