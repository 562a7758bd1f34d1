/** One field's change: `[before, after]`; `null` stands for "absent". */
export type FieldChange = readonly [unknown, unknown];

/** Fields never shown in a diff: they change on every write and say nothing new. */
const BOOKKEEPING = new Set(["version", "updatedAt", "updatedBy"]);

/**
 * The field-level difference between two versions of a record. Custom fields are
 * diffed key by key under `custom.<key>`, so the audit trail names the exact field.
 */
export function diffRecords(
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>> | null,
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (BOOKKEEPING.has(key)) continue;
    const from = before?.[key] ?? null;
    const to = after?.[key] ?? null;
    if (key === "custom" && isPlainObject(from) && isPlainObject(to)) {
      for (const [field, change] of Object.entries(diffRecords(from, to))) changes[`custom.${field}`] = change;
      continue;
    }
    if (!sameValue(from, to)) changes[key] = [from, to];
  }
  return changes;
}

/** The top-level fields whose values differ, bookkeeping left out; a changed custom field counts as `custom`. */
export function changedFields(
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>> | null,
): string[] {
  const fields = new Set<string>();
  for (const key in diffRecords(before, after)) fields.add(key.startsWith("custom.") ? "custom" : key);
  return [...fields];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The audit row's `changes` JSON: `JSON.stringify(diffRecords(before, after))`. A new
 * record's diff (every field with a value, as `[null, value]`) is built in one pass:
 * bulk imports audit every row, so the general diff's key sets and copies show up there.
 */
export function diffJson(
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>> | null,
): string {
  if (before !== null || after === null) return JSON.stringify(diffRecords(before, after));
  const changes: Record<string, FieldChange> = {};
  for (const key in after) {
    const value = after[key];
    if (value !== null && value !== undefined && !BOOKKEEPING.has(key)) changes[key] = [null, value];
  }
  return JSON.stringify(changes);
}
