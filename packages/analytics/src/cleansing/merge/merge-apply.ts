import type { OperationContext } from "@rapport/core";
import { sql } from "kysely";
import type * as z from "zod";
import { MergePlanStaleError } from "./merge-errors.js";
import type { LoggedRecord, LoggedRow, MergeLog, MergeTables } from "./merge-migration.js";
import { type MergePlan, type PreparedMerge, prepareMerge } from "./merge-plan.js";
import { releaseExternalIds, rowMatch } from "./merge-rows.js";
import type { mergePlanSchema } from "./merge-schema.js";
import { sameValue } from "./merge-survivorship.js";

/** What `merge.apply` returns. */
export interface MergeResult {
  /** The merge's id, for `merge.undo`. */
  readonly mergeId: string;
  readonly survivorId: string;
  /** The losers, now archived. */
  readonly archivedIds: readonly string[];
  /** How many related records and module-table rows were re-pointed to the survivor. */
  readonly repointed: { readonly records: number; readonly rows: number };
}

/** Bookkeeping the record layer moves on every change; undo does not write it back. */
const BOOKKEEPING = new Set(["version", "updatedAt", "updatedBy"]);

/**
 * Applies a plan in the operation's transaction: the losers archived (their external ids
 * that move released first), the survivor changed, every related record and row re-pointed,
 * and the merge log written — all through the record layer where the rows are records.
 */
export async function applyMerge(op: OperationContext<MergeTables>, planned: z.output<typeof mergePlanSchema>) {
  const prepared = await prepareMerge(op, planned, true);
  assertFresh(planned, prepared.plan);
  const { entity, survivor, losers, survivorship } = prepared;
  const records = op.records(entity);
  const logged: LoggedRecord[] = [];
  const log = (before: Record<string, unknown>, after: Record<string, unknown>) => {
    const fields = Object.keys(after).filter((f) => !BOOKKEEPING.has(f) && !sameValue(before[f], after[f]));
    if (fields.length > 0) {
      logged.push({
        entityType: String(after.entityType ?? ""),
        id: after.id as string,
        before,
        fields,
        afterVersion: after.version as number,
      });
    }
  };

  for (const loser of losers) {
    await op.before(`${entity.type}.archive`, { id: loser.id, before: loser });
    const moved = survivorship.movedExternalIds.filter((m) => m.from === loser.id).map((m) => m.system);
    const externalIds = Object.fromEntries(
      Object.entries(loser.externalIds).filter(([system]) => !moved.includes(system)),
    );
    await releaseExternalIds(op, entity.type, loser.id, moved);
    const after = await records.change(loser as never, { archivedAt: op.timestamp, externalIds } as never, {
      action: "merge",
      event: `${entity.type}.archived`,
    });
    log(withType(loser, entity.type), withType(after, entity.type));
  }

  const { patch } = await op.before(`${entity.type}.update`, {
    id: survivor.id,
    patch: { ...survivorship.changes } as Record<string, unknown>,
    before: survivor,
    // Duplicate rules stand aside: folding duplicates together is what they ask for.
    cleansingMerge: true,
  });
  const survivorAfter = await records.change(survivor as never, patch as never, { action: "merge", validate: true });
  log(withType(survivor, entity.type), withType(survivorAfter, entity.type));

  for (const related of prepared.plan.related.records) {
    const relatedEntity = op.entityDefinition(related.entityType);
    if (!relatedEntity) continue;
    // The merge's caller was checked on the merged records; what links to them follows.
    const access = op.asSystem().records(relatedEntity);
    const before = await access.loadForChange(related.id, {
      expectedVersion: related.version,
      authorize: false,
      allowArchived: true,
    });
    const changes = Object.fromEntries(related.links.map((link) => [link.field, survivor.id]));
    const after = await access.change(before, changes as never, { action: "merge" });
    log(withType(before, related.entityType), withType(after, related.entityType));
  }

  const rows = await repointRows(op, prepared, survivor.id);
  const mergeId = op.newId("mrg");
  const mergeLog: MergeLog = { records: logged, rows, movedExternalIds: survivorship.movedExternalIds };
  await op.db
    .insertInto("cleansing_merges")
    .values({
      tenant_id: op.tenantId,
      id: mergeId,
      entity_type: entity.type,
      survivor_id: survivor.id,
      loser_ids: JSON.stringify(losers.map((l) => l.id)),
      plan: JSON.stringify(prepared.plan),
      log: JSON.stringify(mergeLog),
      status: "applied",
      applied_at: op.timestamp,
      applied_by: op.actor.userId,
      undone_at: null,
      undone_by: null,
    })
    .execute();
  op.emit(`${entity.type}.merged`, { mergeId, survivorId: survivor.id, loserIds: losers.map((l) => l.id) });
  const result: MergeResult = {
    mergeId,
    survivorId: survivor.id,
    archivedIds: losers.map((l) => l.id),
    repointed: { records: prepared.plan.related.records.length, rows: rows.length },
  };
  return result;
}

/** The logged record carries its type, so undo finds its entity. */
function withType(record: unknown, entityType: string): Record<string, unknown> {
  return { ...(record as Record<string, unknown>), entityType };
}

/** Refuses a plan whose records moved since it was made, or whose related records are not the ones found now. */
function assertFresh(planned: z.output<typeof mergePlanSchema>, now: MergePlan): void {
  const changed = Object.entries(now.versions)
    .filter(([id, version]) => planned.versions[id] !== version)
    .map(([id]) => id);
  const gone = Object.keys(planned.versions).filter((id) => !Object.hasOwn(now.versions, id));
  const relatedMoved = canonical(planned.related) !== canonical(now.related);
  if (changed.length > 0 || gone.length > 0 || relatedMoved) {
    throw new MergePlanStaleError("Records of this merge changed since it was planned; plan it again", {
      details: { changed: [...changed, ...gone], relatedChanged: relatedMoved },
    });
  }
}

/** JSON with object keys sorted, so a plan sent back with its keys in another order compares equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : inner,
  );
}

/**
 * Re-points module-table rows to the survivor, one row at a time under a savepoint: a row
 * the survivor already has (a unique key on the link) is removed instead, and logged.
 */
async function repointRows(op: OperationContext, prepared: PreparedMerge, survivorId: string): Promise<LoggedRow[]> {
  const logged: LoggedRow[] = [];
  for (const { reference, from, rows } of prepared.rows) {
    for (const row of rows) {
      const before = { ...row };
      await sql`savepoint cleansing_merge_row`.execute(op.db);
      try {
        await rowMatch(
          op.db.updateTable(reference.table).set({ [reference.column]: survivorId }),
          op,
          reference,
          row,
        ).execute();
        await sql`release savepoint cleansing_merge_row`.execute(op.db);
        logged.push({ table: reference.table, column: reference.column, from, before, action: "repointed" });
      } catch (error) {
        if (!op.adapter.isUniqueViolation(error)) throw error;
        await sql`rollback to savepoint cleansing_merge_row`.execute(op.db);
        await rowMatch(op.db.deleteFrom(reference.table), op, reference, row).execute();
        logged.push({ table: reference.table, column: reference.column, from, before, action: "removed" });
      }
    }
  }
  return logged;
}
