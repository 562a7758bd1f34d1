import { type OperationContext, ValidationError } from "@rapport/core";
import { requireQueue } from "../queues/queue-service.js";
import { serviceDb } from "../shared/service-tables.js";
import type { RoutingAction, RoutingRule } from "./routing-schema.js";

/** A rule set's actions with where they sit in its input, for error paths. */
function actionsOf(
  rules: readonly RoutingRule[],
  fallback: RoutingAction,
): { path: PropertyKey[]; action: RoutingAction }[] {
  return [
    ...rules.map((rule, index) => ({ path: ["rules", index, "action"], action: rule.action })),
    { path: ["fallback"], action: fallback },
  ];
}

function targetsOf(rules: readonly RoutingRule[], fallback: RoutingAction): string[] {
  return actionsOf(rules, fallback).flatMap(({ action }) => (action.kind === "rule_set" ? [action.ruleSetId] : []));
}

/**
 * Checks what a rule set refers to: queues that exist, rule sets that exist, and no loop —
 * following `rule_set` actions from this set (as it is about to be saved, the others as
 * stored) MUST NOT lead back to it. Throws `ValidationError` at the offending action.
 */
export async function checkRuleSetReferences(
  op: OperationContext,
  id: string,
  rules: readonly RoutingRule[],
  fallback: RoutingAction,
): Promise<void> {
  for (const { path, action } of actionsOf(rules, fallback)) {
    if (action.kind === "queue" || action.kind === "complaint")
      await requireQueue(op, action.queueId, [...path, "queueId"]);
    if (action.kind === "sales_lead") await requireQueue(op, action.fallbackQueueId, [...path, "fallbackQueueId"]);
  }
  const stored = await serviceDb(op)
    .selectFrom("service_routing_rule_sets")
    .select(["id", "name", "rules", "fallback"])
    .where("tenant_id", "=", op.tenantId)
    .where("archived_at", "is", null)
    .execute();
  const graph = new Map<string, string[]>(
    stored.map((row) => [
      row.id,
      targetsOf(JSON.parse(row.rules) as RoutingRule[], JSON.parse(row.fallback) as RoutingAction),
    ]),
  );
  graph.set(id, targetsOf(rules, fallback));
  const names = new Map(stored.map((row) => [row.id, row.name]));
  for (const { path, action } of actionsOf(rules, fallback)) {
    if (action.kind !== "rule_set") continue;
    if (!graph.has(action.ruleSetId))
      throw ValidationError.forField([...path, "ruleSetId"], `Unknown routing rule set ${action.ruleSetId}`);
    const cycle = pathBack(graph, action.ruleSetId, id, [id]);
    if (cycle) {
      const shown = cycle.map((step) => (step === id ? "this rule set" : `"${names.get(step) ?? step}"`)).join(" → ");
      throw ValidationError.forField([...path, "ruleSetId"], `These rules loop: ${shown}`, { cycle });
    }
  }
}

/** Depth-first search for a path from `from` to `goal`; returns the visited chain or `null`. */
function pathBack(
  graph: ReadonlyMap<string, readonly string[]>,
  from: string,
  goal: string,
  chain: string[],
  seen = new Set<string>(),
): string[] | null {
  if (from === goal) return [...chain, goal];
  if (seen.has(from)) return null;
  seen.add(from);
  for (const next of graph.get(from) ?? []) {
    const found = pathBack(graph, next, goal, [...chain, from], seen);
    if (found) return found;
  }
  return null;
}
