import { type CrmError, type Filter, matchingRecords, type OperationContext, ValidationError } from "@rapport/core";
import type { SelectQueryBuilder } from "kysely";
import { campaignsDb } from "../shared/campaign-tables.js";
import type { Segment } from "./segment-entity.js";

/** Core's filter paths (`filter.0.field`, `type`) told as the segment's own (`rules.0.field`, `recordType`). */
function asSegmentError(error: unknown): unknown {
  if (!(error instanceof ValidationError)) return error;
  const issues = error.issues.map((issue) => {
    const [head, ...rest] = issue.path;
    if (head === "filter") return { ...issue, path: ["rules", ...rest] };
    if (head === "type") return { ...issue, path: ["recordType"] };
    return issue;
  });
  return new ValidationError(issues, undefined, { cause: error, details: error.details ?? {} });
}

/** The live records of `recordType` matching `rules` that the actor may read, as a query of ids. */
export async function matchingIds(
  op: OperationContext,
  recordType: string,
  rules: readonly Filter[],
): Promise<SelectQueryBuilder<any, any, { id: string }>> {
  try {
    return await matchingRecords(op, recordType, rules);
  } catch (error) {
    throw asSegmentError(error);
  }
}

/**
 * The ids of a segment's members the actor may read, as a query: a rule segment's matching
 * records now, a static segment's entries that still exist. Evaluated in SQL, never loaded.
 */
export async function segmentIds(
  op: OperationContext,
  segment: Segment,
): Promise<SelectQueryBuilder<any, any, { id: string }>> {
  const readable = await matchingIds(op, segment.recordType, segment.kind === "rule" ? segment.rules : []);
  if (segment.kind === "rule") return readable;
  return readable.where(
    "id",
    "in",
    campaignsDb(op)
      .selectFrom("marketing_segment_entries")
      .select("record_id")
      .where("tenant_id", "=", op.tenantId)
      .where("segment_id", "=", segment.id),
  );
}

/** The rules of a segment checked against its record type (unknown fields, values of the wrong kind). */
export async function checkRules(op: OperationContext, recordType: string, rules: readonly Filter[]): Promise<void> {
  await matchingIds(op, recordType, rules);
}

/** Thrown for a static-segment verb on a rule segment. */
export function notStatic(segment: Segment): CrmError {
  return ValidationError.forField(["segmentId"], `Segment ${segment.id} is rule-based: its members follow its rules`, {
    segmentId: segment.id,
  });
}
