/** One field's change: `[before, after]`; `null` stands for "absent". */
export type FieldChange = readonly [unknown, unknown];

/** Fields never shown in a diff: they change on every write and say nothing new. */
const BOOKKEEPING = new Set(["version", "updatedAt", "updatedBy"]);

/** Also left out of a new record's diff: set by Rapport on every create, not chosen by the caller. */
const CREATED_BOOKKEEPING = new Set([...BOOKKEEPING, "id", "tenantId", "createdAt", "createdBy"]);

/**
 * The field-level difference between two versions of a record. Custom fields are
 * diffed key by key under `custom.<key>`, so the audit trail names the exact field.
 */
export function diffRecords(
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>> | null,
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  const skip = before === null ? CREATED_BOOKKEEPING : BOOKKEEPING;
  // Keys of `after`, then those only `before` has: no key set or arrays on every write.
  if (after !== null) for (const key in after) if (!skip.has(key)) diffKey(changes, key, before?.[key], after[key]);
  if (before !== null)
    for (const key in before) if (after === null || !(key in after)) diffKey(changes, key, before[key], undefined);
  return changes;
}

function diffKey(changes: Record<string, FieldChange>, key: string, fromValue: unknown, toValue: unknown): void {
  if (BOOKKEEPING.has(key)) return;
  const from = fromValue ?? null;
  const to = toValue ?? null;
  if (key === "custom" && isPlainObject(from) && isPlainObject(to)) {
    const custom = diffRecords(from, to);
    for (const field in custom) changes[`custom.${field}`] = custom[field] as FieldChange;
    return;
  }
  if (!sameValue(from, to)) changes[key] = [from, to];
}

/** The top-level fields a {@link diffRecords} result names; its `custom.<key>` entries count as `custom`. */
export function fieldsOf(changes: Readonly<Record<string, FieldChange>>): string[] {
  const fields: string[] = [];
  let custom = false;
  for (const key in changes) {
    if (!key.startsWith("custom.")) fields.push(key);
    else if (!custom) {
      custom = true;
      fields.push("custom");
    }
  }
  return fields;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether two field values are equal: the same primitive, or objects with the same JSON. */
export function sameValue(a: unknown, b: unknown): boolean {
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
  // Written as text: the same JSON as the diff object's, without an object and an array per field.
  let text = "";
  for (const key in after) {
    const value = after[key];
    if (value === null || value === undefined || CREATED_BOOKKEEPING.has(key)) continue;
    // `?? "null"` as in an array, for a value JSON cannot write (a function).
    text += `${text === "" ? "{" : ","}${JSON.stringify(key)}:[null,${JSON.stringify(value) ?? "null"}]`;
  }
  return text === "" ? "{}" : `${text}}`;
}
