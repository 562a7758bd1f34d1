import { DuplicateError, type OperationContext } from "@rapport/core";
import {
  findCandidates,
  type MatchEntityType,
  refreshMatchIndex,
  resolveSettings,
  rowOfRecord,
} from "../matching/index.js";
import { defaultModel, PairScorer } from "../matching/pair-scorer.js";
import { blockIndexOf, type MatchProfile, profileOf } from "../matching/profile.js";
import { type DuplicateRule, duplicateRuleEntity } from "./rule-entity.js";
import type { DuplicateAlertTables } from "./rules-migration.js";

/** A stored record a write matched, as alerts and `DuplicateError` name it. */
export interface DuplicateMatch {
  readonly id: string;
  readonly score: number;
}

/** The payload of `duplicate.detected`. */
export interface DuplicateDetectedPayload {
  readonly alertId: string;
  readonly ruleId: string;
  readonly entityType: string;
  readonly recordId: string;
  readonly operation: "create" | "update";
  readonly candidates: readonly DuplicateMatch[];
}

/** Match index refreshes already done in an operation, by fingerprint: an import refreshes once, not once per record. */
const refreshed = new WeakMap<OperationContext, Set<string>>();
/** Profiles of the records an operation created earlier in the same batch, by rule: not stored yet, so not in the index. */
const batches = new WeakMap<OperationContext, Map<string, MatchProfile[]>>();

/**
 * Runs the tenant's active duplicate rules of `entityType` on a record about to be written
 * (`values`, with its id). Candidates are the stored records the writing actor may read,
 * compared on the fields they may see, so a refusal never tells them of a record they could
 * not see. A `block` rule that matches throws `DuplicateError` (`details.reason`
 * `duplicate_rule`, `details.matches`); an `alert` rule records an alert row and emits
 * `duplicate.detected`. `changed` (on update) skips rules that read none of the changed fields.
 */
export async function checkDuplicateRules(
  op: OperationContext<DuplicateAlertTables>,
  entityType: MatchEntityType,
  values: Readonly<Record<string, unknown>>,
  operation: "create" | "update",
  changed: readonly string[] | null,
): Promise<void> {
  for (const rule of await activeRules(op, entityType)) {
    const settings = await resolveSettings(
      op,
      {
        entityType,
        threshold: rule.threshold,
        fields: rule.fields,
        ...(rule.defaultCountry ? { defaultCountry: rule.defaultCountry } : {}),
      },
      "rule",
    );
    if (
      changed !== null &&
      !settings.rule.fields.some((f) => f.reads.some((read) => changed.includes(read.split(".")[0] ?? read)))
    ) {
      continue;
    }
    const done = refreshed.get(op) ?? new Set<string>();
    if (!done.has(settings.fingerprint)) {
      // Writers refreshing the same index at once would insert the same profile rows: take turns.
      await op.lock(`cleansing-match-index:${entityType}`);
      await refreshMatchIndex(op, settings.rule, { defaultCountry: settings.defaultCountry }, settings.fingerprint);
      done.add(settings.fingerprint);
      refreshed.set(op, done);
    }
    const row = rowOfRecord(settings.rule, values);
    const context = { defaultCountry: settings.defaultCountry };
    const candidates: { id: string; score: number }[] = await findCandidates(op, settings.finder, row, context);
    if (operation === "create")
      candidates.push(...matchesInBatch(op, rule, settings.finder, profileOf(settings.rule, row, context)));
    if (candidates.length === 0) continue;
    const matches = candidates.map((c) => ({ id: c.id, score: Math.round(c.score * 10_000) / 10_000 }));
    if (rule.action === "block") {
      throw new DuplicateError(
        `This ${entityType} looks like a duplicate of ${matches.map((m) => m.id).join(", ")} (rule "${rule.name}")`,
        {
          details: { reason: "duplicate_rule", ruleId: rule.id, matches },
        },
      );
    }
    const alertId = op.newId("dupalert");
    const recordId = String(values.id);
    await op.db
      .insertInto("cleansing_duplicate_alerts")
      .values({
        tenant_id: op.tenantId,
        id: alertId,
        rule_id: rule.id,
        entity_type: entityType,
        record_id: recordId,
        operation,
        candidates: JSON.stringify(matches),
        detected_at: op.timestamp,
        actor_id: op.actor.userId,
      })
      .execute();
    const payload: DuplicateDetectedPayload = {
      alertId,
      ruleId: rule.id,
      entityType,
      recordId,
      operation,
      candidates: matches,
    };
    op.emit("duplicate.detected", payload);
  }
}

/**
 * Scores a record being created against those created before it in the same batch (an
 * import): they share the operation but are not stored yet. Blocked as the index is — only
 * records sharing a blocking key the actor may use are compared — and remembered for the next.
 */
function matchesInBatch(
  op: OperationContext,
  rule: DuplicateRule,
  finder: Parameters<typeof findCandidates>[1],
  profile: MatchProfile,
): { id: string; score: number }[] {
  const fields = PairScorer.visibleFields(finder.rule, finder.hidden);
  const visible = new Set(fields.map((f) => f.name));
  const usable = (key: number) => finder.rule.blocks[blockIndexOf(key)]?.uses.every((use) => visible.has(use)) ?? false;
  const keys = new Set(profile.keys.filter(usable));
  const byRule = batches.get(op) ?? new Map<string, MatchProfile[]>();
  batches.set(op, byRule);
  const earlier = byRule.get(rule.id) ?? [];
  byRule.set(rule.id, [...earlier, profile]);
  const scorer = new PairScorer(fields, defaultModel(fields, finder.prior));
  const found: { id: string; score: number }[] = [];
  for (const other of earlier) {
    if (!other.keys.some((key) => keys.has(key))) continue;
    const { score } = scorer.score(profile, other);
    if (score >= finder.threshold) found.push({ id: other.id, score });
  }
  return found;
}

/** The tenant's active rules of one entity type, oldest first; read without the writer's rights on rules. */
export async function activeRules(op: OperationContext, entityType: string): Promise<DuplicateRule[]> {
  const rows = await op.db
    .selectFrom("cleansing_duplicate_rules")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("entity_type", "=", entityType)
    .where("active", "=", 1)
    .where("archived_at", "is", null)
    .orderBy("id")
    .execute();
  if (rows.length === 0) return [];
  const access = op.asSystem().records(duplicateRuleEntity);
  const rules: DuplicateRule[] = [];
  for (const row of rows as { id: string }[])
    rules.push((await access.get(row.id, { authorize: false })) as DuplicateRule);
  return rules;
}
