import { ConflictError, InvalidTransitionError, NotFoundError, type OperationContext } from "@rapport/core";
import { MERGE_UNDO_REFUSALS } from "./merge-errors.js";
import type { LoggedRecord, MergeLog, MergeTables } from "./merge-migration.js";
import { releaseExternalIds, rowMatch } from "./merge-rows.js";

/** What `merge.undo` returns. */
export interface UndoResult {
  readonly mergeId: string;
  /** The records written back to their state before the merge (the losers restored). */
  readonly restoredIds: readonly string[];
  /** Module-table rows pointed back (or put back) to the losers. */
  readonly rows: number;
}

/**
 * Undoes a merge in the operation's transaction: every record the merge changed gets its
 * fields back through the record layer (the losers un-archived), every re-pointed row points
 * back and every removed row returns. Everything is checked before anything is written: a
 * record changed since the merge (by a later merge or an edit) refuses the undo.
 */
export async function undoMerge(op: OperationContext<MergeTables>, mergeId: string): Promise<UndoResult> {
  await op.lock(`cleansing-merge:${mergeId}`);
  const merge = await op.db
    .selectFrom("cleansing_merges")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", mergeId)
    .executeTakeFirst();
  if (!merge) throw new NotFoundError("merge", mergeId);
  if (merge.status === "undone") {
    throw new InvalidTransitionError(`Merge ${mergeId} was undone already`, {
      details: { mergeId, reason: MERGE_UNDO_REFUSALS.alreadyUndone },
    });
  }
  const entity = op.entityDefinition(merge.entity_type);
  if (!entity) throw new NotFoundError("merge", mergeId);
  const log = JSON.parse(merge.log) as MergeLog;
  const loserIds = JSON.parse(merge.loser_ids) as string[];
  const merged = new Set([merge.survivor_id, ...loserIds]);
  // Module tables found at run time: their names are not among the merge area's declared tables.
  const linked: OperationContext = op;

  await assertNoLaterMerge(op, merge.id, merge.entity_type, merged);

  // The caller needs update on every merged record, as for the merge; the related records follow.
  const loaded: { entry: LoggedRecord; current: Record<string, unknown> }[] = [];
  for (const entry of log.records) {
    const definition = op.entityDefinition(entry.entityType);
    if (!definition) throw new NotFoundError(entry.entityType, entry.id);
    const access = merged.has(entry.id) ? op.records(definition) : op.asSystem().records(definition);
    try {
      const current = await access.loadForChange(entry.id, {
        expectedVersion: entry.afterVersion,
        allowArchived: true,
        ...(merged.has(entry.id) ? {} : { authorize: false }),
      });
      loaded.push({ entry, current: current as unknown as Record<string, unknown> });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      throw superseded(mergeId, entry.id);
    }
  }
  for (const row of log.rows) {
    if (row.action !== "repointed") continue;
    const after = { ...row.before, [row.column]: merge.survivor_id };
    const found = await rowMatch(
      linked.db.selectFrom(row.table).select("tenant_id"),
      op,
      { columns: Object.keys(after) },
      after,
    )
      .limit(1)
      .executeTakeFirst();
    if (!found) throw superseded(mergeId, `${row.table}:${row.column}`);
  }

  // The survivor gives back the external ids it took before the losers claim them again.
  const moved = log.movedExternalIds;
  await releaseExternalIds(op, entity.type, merge.survivor_id, [...new Set(moved.map((m) => m.system))]);
  const order = [...loaded].sort((a, b) => rank(a.entry.id) - rank(b.entry.id));
  function rank(id: string) {
    return id === merge?.survivor_id ? 0 : loserIds.includes(id) ? 2 : 1;
  }
  for (const { entry, current } of order) {
    const definition = op.entityDefinition(entry.entityType);
    if (!definition) continue;
    const access = merged.has(entry.id) ? op.records(definition) : op.asSystem().records(definition);
    const restore = Object.fromEntries(entry.fields.map((field) => [field, entry.before[field]]));
    await access.change(current as never, restore as never, { action: "merge_undo" });
  }
  for (const row of log.rows) {
    if (row.action === "removed") {
      await linked.db.insertInto(row.table).values(row.before).execute();
      continue;
    }
    const after = { ...row.before, [row.column]: merge.survivor_id };
    await rowMatch(
      linked.db.updateTable(row.table).set({ [row.column]: row.from }),
      op,
      { columns: Object.keys(after) },
      after,
    ).execute();
  }
  await op.db
    .updateTable("cleansing_merges")
    .set({ status: "undone", undone_at: op.timestamp, undone_by: op.actor.userId })
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", mergeId)
    .execute();
  op.emit(`${entity.type}.merge_undone`, { mergeId, survivorId: merge.survivor_id, loserIds });
  return { mergeId, restoredIds: order.map((o) => o.entry.id), rows: log.rows.length };
}

/**
 * A later merge of the same type that is still applied and took in one of these records
 * (as survivor or loser) has built on this one: undoing this first would leave it pointing
 * at a restored loser, so it must be undone first.
 */
async function assertNoLaterMerge(
  op: OperationContext<MergeTables>,
  mergeId: string,
  entityType: string,
  merged: ReadonlySet<string>,
): Promise<void> {
  const later = await op.db
    .selectFrom("cleansing_merges")
    .select(["id", "survivor_id", "loser_ids"])
    .where("tenant_id", "=", op.tenantId)
    .where("entity_type", "=", entityType)
    .where("status", "=", "applied")
    .where("id", ">", mergeId)
    .execute();
  for (const other of later) {
    const ids = [other.survivor_id, ...(JSON.parse(other.loser_ids) as string[])];
    const shared = ids.find((id) => merged.has(id));
    if (shared !== undefined) {
      throw new InvalidTransitionError(
        `Merge ${mergeId} cannot be undone before the later merge ${other.id} of ${shared}`,
        {
          details: { mergeId, id: shared, laterMergeId: other.id, reason: MERGE_UNDO_REFUSALS.superseded },
        },
      );
    }
  }
}

function superseded(mergeId: string, id: string): InvalidTransitionError {
  return new InvalidTransitionError(`Merge ${mergeId} cannot be undone: ${id} has changed since`, {
    details: { mergeId, id, reason: MERGE_UNDO_REFUSALS.superseded },
  });
}
