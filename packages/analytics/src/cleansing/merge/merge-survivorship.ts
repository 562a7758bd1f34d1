import type { SurvivorshipRule } from "./merge-schema.js";

/** A merged record as survivorship reads it: its fields by name. */
export type MergedRecord = Readonly<Record<string, unknown>> & {
  readonly id: string;
  readonly updatedAt: string;
  readonly custom: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  readonly externalIds: Readonly<Record<string, string>>;
};

/** Which record's value a field takes, and why. */
export interface FieldDecision {
  /** The field, or `custom.<key>`. */
  readonly field: string;
  /** The rule applied; `override` for a manual choice, `protected` for a field the actor may not see or write (the survivor's value stays). */
  readonly rule: SurvivorshipRule | "override" | "protected";
  /** The record whose value wins. */
  readonly winnerId: string;
  /** True when at least two merged records hold different non-empty values. */
  readonly conflict: boolean;
  /** Each record's value. */
  readonly values: readonly { readonly id: string; readonly value: unknown }[];
}

/** What {@link decideFields} needs besides the records. */
export interface SurvivorshipOptions {
  readonly fields: readonly string[];
  readonly defaultRule: SurvivorshipRule;
  readonly rules: Readonly<Record<string, SurvivorshipRule>>;
  readonly overrides: Readonly<Record<string, string>>;
  readonly sourcePriority: readonly string[];
  /** Fields the actor may not write (or see): they keep the survivor's value. */
  readonly protectedFields: ReadonlySet<string>;
  /** Fields the actor may not see: they stay out of the plan's decisions altogether. */
  readonly hiddenFields: ReadonlySet<string>;
}

/** The survivor's new values and the decision per field. */
export interface Survivorship {
  readonly decisions: readonly FieldDecision[];
  /** The survivor's fields that change (`custom`, `tags` and `externalIds` as whole values). */
  readonly changes: Record<string, unknown>;
  /** External-id systems that move from a loser to the survivor. */
  readonly movedExternalIds: readonly { readonly system: string; readonly from: string }[];
  /** External-id systems both hold with different keys: they stay with the loser. */
  readonly externalIdConflicts: readonly {
    readonly system: string;
    readonly survivor: string;
    readonly loser: string;
    readonly loserId: string;
  }[];
}

/** Null, "", an empty list and an object with only empty values count as no value. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.values(value as object).every(isEmptyValue);
  return false;
}

/** Deep equality of stored values (JSON-shaped: objects from the same field have the same key order). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

const fieldValue = (record: MergedRecord, field: string): unknown => {
  if (field.startsWith("custom.")) {
    const key = field.slice("custom.".length);
    return Object.hasOwn(record.custom, key) ? record.custom[key] : null;
  }
  return Object.hasOwn(record, field) ? record[field] : null;
};

/**
 * Picks each field's winner among `records` (the survivor first, then the losers in the
 * order given) and the survivor's resulting changes. Tags are united; external ids the
 * survivor lacks move to it, and a system both hold with different keys stays with the loser.
 */
export function decideFields(records: readonly MergedRecord[], options: SurvivorshipOptions): Survivorship {
  const [survivor] = records;
  if (!survivor) throw new TypeError("decideFields needs the survivor");
  const completeness = new Map(
    records.map((r) => [r.id, options.fields.filter((f) => !isEmptyValue(fieldValue(r, f))).length]),
  );
  const sourceRank = (record: MergedRecord) => {
    const sources = [record.source, ...Object.keys(record.externalIds)].filter((s) => typeof s === "string");
    const ranks = sources.map((s) => options.sourcePriority.indexOf(s as string)).filter((rank) => rank >= 0);
    return ranks.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...ranks);
  };
  // Stable orders (ties keep the survivor first), best candidate first.
  const byRecency = [...records].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  const byCompleteness = [...records].sort((a, b) => (completeness.get(b.id) ?? 0) - (completeness.get(a.id) ?? 0));
  const bySource = [...records].sort((a, b) => sourceRank(a) - sourceRank(b));
  const firstFilled = (order: readonly MergedRecord[], field: string) =>
    order.find((r) => !isEmptyValue(fieldValue(r, field))) ?? survivor;

  const decisions: FieldDecision[] = [];
  const changes: Record<string, unknown> = {};
  const custom: Record<string, unknown> = { ...survivor.custom };
  for (const field of options.fields) {
    const values = records.map((r) => ({ id: r.id, value: fieldValue(r, field) }));
    const filled = values.filter((v) => !isEmptyValue(v.value));
    const conflict = filled.some((v) => !sameValue(v.value, filled[0]?.value));
    let rule: FieldDecision["rule"];
    let winner: MergedRecord;
    const override = Object.hasOwn(options.overrides, field) ? options.overrides[field] : undefined;
    if (options.protectedFields.has(field)) {
      rule = "protected";
      winner = survivor;
    } else if (override !== undefined) {
      rule = "override";
      winner = records.find((r) => r.id === override) ?? survivor;
    } else {
      rule = Object.hasOwn(options.rules, field) ? (options.rules[field] as SurvivorshipRule) : options.defaultRule;
      winner =
        rule === "most_recent"
          ? firstFilled(byRecency, field)
          : rule === "most_complete"
            ? firstFilled(byCompleteness, field)
            : rule === "source_priority"
              ? firstFilled(bySource, field)
              : isEmptyValue(fieldValue(survivor, field))
                ? firstFilled(byRecency, field)
                : survivor;
    }
    const value = fieldValue(winner, field);
    // Only fields where the records differ are worth a line in the plan; a hidden field gets none, as even "they differ" tells something.
    if (!options.hiddenFields.has(field) && values.some((v) => !sameValue(v.value, values[0]?.value))) {
      decisions.push({ field, rule, winnerId: winner.id, conflict, values });
    }
    if (sameValue(value, fieldValue(survivor, field))) continue;
    if (field.startsWith("custom.")) custom[field.slice("custom.".length)] = value;
    else changes[field] = value;
  }
  if (!sameValue(custom, survivor.custom)) changes.custom = custom;

  const tags = [...new Set(records.flatMap((r) => r.tags))].sort();
  if (!sameValue(tags, [...survivor.tags].sort())) changes.tags = tags;

  const externalIds: Record<string, string> = { ...survivor.externalIds };
  const movedExternalIds: { system: string; from: string }[] = [];
  const externalIdConflicts: Survivorship["externalIdConflicts"][number][] = [];
  for (const loser of records.slice(1)) {
    for (const [system, key] of Object.entries(loser.externalIds)) {
      const held = Object.hasOwn(externalIds, system) ? externalIds[system] : undefined;
      if (held === undefined) {
        externalIds[system] = key;
        movedExternalIds.push({ system, from: loser.id });
      } else if (held !== key) {
        externalIdConflicts.push({ system, survivor: held, loser: key, loserId: loser.id });
      }
    }
  }
  if (movedExternalIds.length > 0) changes.externalIds = externalIds;
  return { decisions, changes, movedExternalIds, externalIdConflicts };
}
