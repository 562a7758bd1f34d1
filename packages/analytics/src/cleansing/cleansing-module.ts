import { combineModuleParts, defineModule } from "@rapport/core";
import type { CleansingPart } from "./cleansing-part.js";
import { jobsPart } from "./jobs/jobs-part.js";
import { matchingPart } from "./matching/matching-part.js";
import { type mergeEvents, mergePart } from "./merge/merge-part.js";
import { type DuplicateRuleOptions, type RulesClient, type rulesEvents, rulesPart } from "./rules/rules-part.js";

const PARTS: readonly CleansingPart<any>[] = [matchingPart, mergePart, jobsPart];

/** `client.cleansing`: normalisation and quality flags, duplicate finding and linking, duplicate rules, merge and undo. */
export type CleansingClient = ReturnType<typeof matchingPart.client> &
  ReturnType<typeof mergePart.client> &
  ReturnType<typeof jobsPart.client> &
  RulesClient;

/** Options of {@link cleansing}. */
export interface CleansingOptions {
  /** Which entity types duplicate rules apply to besides contacts, accounts and products. */
  readonly duplicateRules?: DuplicateRuleOptions;
}

/**
 * The data-cleansing module: normalise names, emails, phones, countries, addresses and
 * company names; find duplicate contacts, accounts, leads and products with explained
 * scores; duplicate rules on write; merge with a plan, and undo.
 *
 * @example
 * ```ts
 * const crm = await createCrm({ adapter: sqliteAdapter(), modules: [cleansing()] });
 * // with sales(), duplicate rules can watch leads (and web-to-lead capture) too:
 * const withLeads = await createCrm({ adapter, modules: [sales(), cleansing({ duplicateRules: { leads: true } })] });
 * ```
 */
export function cleansing(options: CleansingOptions = {}) {
  const parts: readonly CleansingPart<any>[] = [...PARTS, rulesPart(options.duplicateRules)];
  const combined = combineModuleParts(parts);
  return defineModule({
    name: "cleansing",
    ...combined,
    // Typed with the areas that declare events, so crm.on knows them.
    events: combined.events as typeof mergeEvents & typeof rulesEvents,
    client: (ctx): CleansingClient => combined.client(ctx) as CleansingClient,
  });
}

/** The module `cleansing()` returns. */
export type CleansingModule = ReturnType<typeof cleansing>;
