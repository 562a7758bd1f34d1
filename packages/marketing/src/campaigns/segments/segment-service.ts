import {
  createEntityService,
  type ModuleContext,
  type OperationContext,
  type Page,
  parseInput,
  ValidationError,
} from "@rapport/core";
import { campaignsDb } from "../shared/campaign-tables.js";
import { recordsPage } from "./records-page.js";
import { type Segment, segmentEntity } from "./segment-entity.js";
import { matchingIds, notStatic, segmentIds } from "./segment-query.js";
import { type SegmentPageOptions, segmentIdSchema, segmentRecordIdsSchema } from "./segment-schema.js";

/** A static segment the caller may update, for adding or removing members. */
async function staticSegmentFor(op: OperationContext, id: string): Promise<Segment> {
  const segment = await op.records(segmentEntity).loadForChange(parseInput(segmentIdSchema, id));
  if (segment.kind !== "static") throw notStatic(segment);
  return segment;
}

/** Builds `client.marketing.segments`. */
export function segmentService(ctx: ModuleContext) {
  return {
    /** create / createMany / get / list / update / archive / findByExternalId / upsertByExternalId. */
    ...createEntityService(ctx, segmentEntity),

    /**
     * Adds records to a static segment. Each must be a live record of the segment's type that
     * the caller may read (else `ValidationError`, nothing written); ones already in it are
     * skipped, and when none is new nothing is written.
     */
    add: (id: string, recordIds: readonly string[]): Promise<Segment> =>
      ctx.run(async (op) => {
        const wanted = [...new Set(parseInput(segmentRecordIdsSchema, recordIds))];
        const segment = await staticSegmentFor(op, id);
        const readable = await matchingIds(op, segment.recordType, []);
        const found = new Set((await readable.where("id", "in", wanted).execute()).map((row) => row.id));
        const unknown = wanted.filter((recordId) => !found.has(recordId));
        if (unknown.length > 0)
          throw ValidationError.forField(["recordIds"], `No ${segment.recordType} ${unknown.join(", ")}`, { unknown });
        const present = await campaignsDb(op)
          .selectFrom("marketing_segment_entries")
          .select("record_id")
          .where("tenant_id", "=", op.tenantId)
          .where("segment_id", "=", segment.id)
          .where("record_id", "in", wanted)
          .execute();
        const held = new Set(present.map((row: { record_id: string }) => row.record_id));
        const added = wanted.filter((recordId) => !held.has(recordId));
        if (added.length === 0) return op.records(segmentEntity).shown(segment);
        await campaignsDb(op)
          .insertInto("marketing_segment_entries")
          .values(
            added.map((recordId) => ({
              tenant_id: op.tenantId,
              segment_id: segment.id,
              record_id: recordId,
              added_at: op.timestamp,
              added_by: op.actor.userId,
            })),
          )
          .execute();
        const after = await op.records(segmentEntity).change(
          segment,
          {},
          {
            action: "add_members",
            extra: [{ field: "members", before: [], after: added }],
          },
        );
        return op.records(segmentEntity).shown(after);
      }),

    /** Removes records from a static segment; ids not in it are skipped, and when none is, nothing is written. */
    remove: (id: string, recordIds: readonly string[]): Promise<Segment> =>
      ctx.run(async (op) => {
        const wanted = [...new Set(parseInput(segmentRecordIdsSchema, recordIds))];
        const segment = await staticSegmentFor(op, id);
        const present = await campaignsDb(op)
          .selectFrom("marketing_segment_entries")
          .select("record_id")
          .where("tenant_id", "=", op.tenantId)
          .where("segment_id", "=", segment.id)
          .where("record_id", "in", wanted)
          .execute();
        const removed = present.map((row: { record_id: string }) => row.record_id);
        if (removed.length === 0) return op.records(segmentEntity).shown(segment);
        await campaignsDb(op)
          .deleteFrom("marketing_segment_entries")
          .where("tenant_id", "=", op.tenantId)
          .where("segment_id", "=", segment.id)
          .where("record_id", "in", removed)
          .execute();
        const after = await op.records(segmentEntity).change(
          segment,
          {},
          {
            action: "remove_members",
            extra: [{ field: "members", before: removed, after: [] }],
          },
        );
        return op.records(segmentEntity).shown(after);
      }),

    /** How many records the segment holds that the caller may read — counted in SQL, no rows loaded. */
    count: (id: string): Promise<number> =>
      ctx.read(async (op) => {
        const segment = await op.records(segmentEntity).get(parseInput(segmentIdSchema, id));
        const ids = await segmentIds(op, segment);
        const row = await ids
          .clearSelect()
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow();
        return Number((row as { n: unknown }).n);
      }),

    /**
     * A page of the segment's records the caller may read, in id order, as the caller may see
     * them (fields their roles hide are left out). Pass `nextCursor` back for the next page.
     */
    members: (id: string, options: SegmentPageOptions = {}): Promise<Page<{ readonly id: string }>> =>
      ctx.read(async (op) => {
        const segment = await op.records(segmentEntity).get(parseInput(segmentIdSchema, id));
        return recordsPage(op, segment.recordType, await segmentIds(op, segment), options);
      }),
  };
}
