import { defineModule } from "@rapport/core";

/**
 * The marketing module.
 *
 * **Early stage.** Today `marketing()` only registers the module under the name `"marketing"`:
 * it adds no tables, permissions, events, jobs or client, so `crm.as(actor).marketing` does
 * not exist yet. Capabilities land in this order, each with its tables, permissions,
 * events and tests on SQLite and PostgreSQL:
 *
 * 1. Campaigns with phases, goals (metric + target), budget and actual cost.
 * 2. Static and rule-based segments; campaign members and responses, with attribution.
 * 3. Consent records; mass email with templates, merge fields, unsubscribe and
 *    suppression, through a transport the host provides.
 * 4. The content library, letters and mailing labels.
 *
 * @example
 * ```ts
 * const crm = await createCrm({ adapter: sqliteAdapter(), modules: [marketing()] });
 * ```
 */
export function marketing() {
  return defineModule({ name: "marketing" });
}

/** The module `marketing()` returns. */
export type MarketingModule = ReturnType<typeof marketing>;
