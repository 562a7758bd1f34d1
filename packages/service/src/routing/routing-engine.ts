import { NotFoundError, type OperationContext } from "@rapport/core";
import { isWithinBusinessHours } from "../calendars/business-time.js";
import { type RoutingRuleSetRow, serviceDb } from "../shared/service-tables.js";
import type { CaseChannel, CaseType } from "../shared/vocabulary.js";
import { loadSchedule } from "../sla/sla-schedules.js";
import type { RoutingAction, RoutingConditions, RoutingRule } from "./routing-schema.js";

/** What routing rules look at in an inbound request. */
export interface RoutingFacts {
  readonly channel: CaseChannel;
  /** The type the request declares, if any. */
  readonly type: CaseType | null;
  /** Subject and body, for keyword conditions. */
  readonly text: string;
  readonly accountTier: string | null;
  readonly language: string | null;
  /** When it arrived. */
  readonly at: Date;
}

/** An action that ends routing (not `rule_set`). */
export type TerminalAction = Exclude<RoutingAction, { kind: "rule_set" }>;

/** Where routing sent a request, and through which rules. */
export interface RoutingDecision {
  readonly action: TerminalAction;
  /** The rule set whose rule (or fallback) decided. */
  readonly ruleSetId: string;
  /** The rule that matched; `null` when the fallback decided. */
  readonly ruleName: string | null;
  /** Rule sets visited, in order. */
  readonly path: readonly string[];
  /** Why routing took an unusual turn (a broken reference), if it did. */
  readonly note: string | null;
}

// Saving refuses loops, so this only guards against sets edited concurrently with a route.
const MAX_HOPS = 32;

async function matches(
  op: OperationContext,
  set: RoutingRuleSetRow,
  when: RoutingConditions,
  facts: RoutingFacts,
): Promise<boolean> {
  if (when.channels && !when.channels.includes(facts.channel)) return false;
  if (when.types && (facts.type === null || !when.types.includes(facts.type))) return false;
  if (when.keywords) {
    const text = facts.text.toLowerCase();
    if (!when.keywords.some((keyword) => text.includes(keyword.toLowerCase()))) return false;
  }
  if (when.accountTiers) {
    const tier = facts.accountTier?.toLowerCase();
    if (tier === undefined || !when.accountTiers.some((wanted) => wanted.toLowerCase() === tier)) return false;
  }
  if (when.languages) {
    const language = facts.language?.toLowerCase();
    if (
      language === undefined ||
      !when.languages.some(
        (wanted) => language === wanted.toLowerCase() || language.startsWith(`${wanted.toLowerCase()}-`),
      )
    )
      return false;
  }
  if (when.businessHours) {
    if (set.calendar_id === null) return false;
    const open = isWithinBusinessHours(await loadSchedule(op, set.calendar_id), facts.at);
    if ((when.businessHours === "open") !== open) return false;
  }
  return true;
}

async function loadSet(op: OperationContext, id: string | null): Promise<RoutingRuleSetRow | undefined> {
  let query = serviceDb(op)
    .selectFrom("service_routing_rule_sets")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("archived_at", "is", null);
  query = id === null ? query.where("is_entry", "=", 1) : query.where("id", "=", id);
  return query.orderBy("id").executeTakeFirst();
}

/**
 * Routes a request: starts at the tenant's entry rule set, tries its rules in order (first
 * match wins), follows `rule_set` actions, and falls back when nothing matches. A reference
 * to a rule set that no longer exists falls back in the set that made it, with a note.
 */
export async function route(
  op: OperationContext,
  facts: RoutingFacts,
  startAt: string | null = null,
): Promise<RoutingDecision> {
  let set = await loadSet(op, startAt);
  if (!set) throw new NotFoundError("routing_rule_set", startAt ?? "(entry)");
  const path: string[] = [];
  let note: string | null = null;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    path.push(set.id);
    const rules = JSON.parse(set.rules) as RoutingRule[];
    let chosen: { action: RoutingAction; ruleName: string | null } = {
      action: JSON.parse(set.fallback) as RoutingAction,
      ruleName: null,
    };
    for (const rule of rules) {
      if (await matches(op, set, rule.when, facts)) {
        chosen = { action: rule.action, ruleName: rule.name };
        break;
      }
    }
    if (chosen.action.kind !== "rule_set")
      return { action: chosen.action, ruleSetId: set.id, ruleName: chosen.ruleName, path, note };
    const next = path.includes(chosen.action.ruleSetId) ? undefined : await loadSet(op, chosen.action.ruleSetId);
    const fallback = JSON.parse(set.fallback) as RoutingAction;
    if (next) {
      set = next;
      continue;
    }
    note = `Rule set ${chosen.action.ruleSetId} is missing or loops; used the fallback of ${set.id}`;
    if (fallback.kind !== "rule_set") return { action: fallback, ruleSetId: set.id, ruleName: null, path, note };
    throw new NotFoundError("routing_rule_set", chosen.action.ruleSetId, { details: { path } });
  }
  throw new NotFoundError("routing_rule_set", "(end of routing)", { details: { path } });
}
