import { type OperationContext, type Page, parseInput, ValidationError } from "@rapport/core";
import type { SelectQueryBuilder } from "kysely";
import { listServiceOf } from "../shared/peers.js";
import { type SegmentPageOptions, segmentPageSchema } from "./segment-schema.js";

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[a-z]+_[0-9A-Za-z]{1,64}$/.test(id)) throw ValidationError.forField(["cursor"], "Cursor is malformed");
  return id;
}

/**
 * One page of the records whose ids `ids` selects, in id order: the ids are paged in SQL,
 * then the records are read through their module's own `list`, so the caller gets them as
 * their roles let them see them (hidden fields left out).
 */
export async function recordsPage(
  op: OperationContext,
  recordType: string,
  ids: SelectQueryBuilder<any, any, { id: string }>,
  options: SegmentPageOptions = {},
): Promise<Page<{ readonly id: string }>> {
  const { cursor, limit = 50 } = parseInput(segmentPageSchema, options);
  let query = ids.orderBy("id").limit(limit + 1);
  if (cursor !== undefined) query = query.where("id", ">", decodeCursor(cursor));
  const rows = await query.execute();
  const pageIds = rows.slice(0, limit).map((row) => row.id);
  const last = pageIds[pageIds.length - 1];
  const nextCursor = rows.length > limit && last ? Buffer.from(last).toString("base64url") : null;
  const service = listServiceOf(op, recordType);
  if (!service || pageIds.length === 0) return { items: [], nextCursor: null };
  const found = await service.list({ filter: [{ field: "id", op: "in", value: pageIds }], limit: pageIds.length });
  const byId = new Map(found.items.map((record) => [record.id, record]));
  const items = pageIds.flatMap((id) => {
    const record = byId.get(id);
    return record ? [record] : [];
  });
  return { items, nextCursor };
}
