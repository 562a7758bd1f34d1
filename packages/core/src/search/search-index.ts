import type { EntityDefinition } from "../entities/entity-definition.js";
import type { OperationContext } from "../kernel/operation-context.js";
import { insertValues, runCompiled } from "../storage/compiled-statements.js";
import { SEARCH_COLUMNS, SEARCH_TABLE } from "./search-dialect.js";
import { indexedText } from "./search-text.js";

/** The most body fields an entity's `search` option may name (slots 1–3 of the index). */
export const MAX_SEARCH_BODY_FIELDS = SEARCH_COLUMNS.length - 1;

const KEY_COLUMNS = ["tenant_id", "entity_type", "record_id"] as const;
const ROW_COLUMNS = [...KEY_COLUMNS, ...SEARCH_COLUMNS];

type AnyRecord = Readonly<Record<string, unknown>> & { readonly id: string; readonly archivedAt: string | null };

/** The field in each index slot of an entity (`null` for an unused slot), or `null` when it is not searchable. */
export function searchSlots(definition: Pick<EntityDefinition, "search">): readonly (string | null)[] | null {
  const search = definition.search;
  if (!search) return null;
  const body = search.body ?? [];
  return SEARCH_COLUMNS.map((_, slot) => (slot === 0 ? search.title : (body[slot - 1] ?? null)));
}

/** The slot texts of a record, as the index stores them. */
function slotTexts(slots: readonly (string | null)[], record: AnyRecord): (string | null)[] {
  return slots.map((field) => {
    const value = field === null ? null : record[field];
    return typeof value === "string" && value.length > 0 ? indexedText(value) : null;
  });
}

function sameTexts(a: readonly (string | null)[], b: readonly (string | null)[]): boolean {
  return a.every((text, i) => text === b[i]);
}

/**
 * Adds new records of a searchable entity to the search index, in the operation's
 * transaction, with multi-row inserts. Archived records are left out. Does nothing for an
 * entity without a `search` option.
 */
export async function indexNewRecords(
  op: OperationContext,
  definition: EntityDefinition<any, any, any>,
  records: readonly AnyRecord[],
): Promise<void> {
  const slots = searchSlots(definition);
  if (slots === null) return;
  const values: unknown[] = [];
  for (const record of records) {
    if (record.archivedAt !== null) continue;
    values.push(op.tenantId, definition.type, record.id, ...slotTexts(slots, record));
  }
  if (values.length > 0) await insertValues(op, SEARCH_TABLE, ROW_COLUMNS, values);
}

/**
 * Brings a changed record's index row in step, in the operation's transaction: removed when
 * the record is archived, added when it is restored, rewritten when its searchable text
 * changed, and left alone otherwise. Does nothing for an entity without a `search` option.
 */
export async function reindexChangedRecord(
  op: OperationContext,
  definition: EntityDefinition<any, any, any>,
  before: AnyRecord,
  after: AnyRecord,
): Promise<void> {
  const slots = searchSlots(definition);
  if (slots === null) return;
  const wasLive = before.archivedAt === null;
  const isLive = after.archivedAt === null;
  const key = [op.tenantId, definition.type, after.id];
  if (wasLive && !isLive) {
    await runCompiled(op, "search:delete", key, () =>
      op.db
        .deleteFrom(SEARCH_TABLE)
        .where("tenant_id", "=", key[0])
        .where("entity_type", "=", key[1])
        .where("record_id", "=", key[2]),
    );
    return;
  }
  if (!isLive) return;
  const texts = slotTexts(slots, after);
  if (!wasLive) {
    await insertValues(op, SEARCH_TABLE, ROW_COLUMNS, [...key, ...texts]);
    return;
  }
  if (sameTexts(texts, slotTexts(slots, before))) return;
  await runCompiled(op, "search:update", [...texts, ...key], () =>
    op.db
      .updateTable(SEARCH_TABLE)
      .set(Object.fromEntries(SEARCH_COLUMNS.map((column, slot) => [column, texts[slot]])))
      .where("tenant_id", "=", key[0])
      .where("entity_type", "=", key[1])
      .where("record_id", "=", key[2]),
  );
}
