import { defineEntity, type EntityRecord, field, ValidationError } from "@rapport/core";
import { checkRules } from "./segment-query.js";
import {
  createSegmentSchema,
  type SegmentKind,
  type SegmentRecordType,
  type SegmentRule,
  updateSegmentSchema,
} from "./segment-schema.js";

const segmentFields = {
  name: field.text(),
  recordType: field.text<SegmentRecordType>(),
  kind: field.text<SegmentKind>(),
  rules: field.json<SegmentRule[]>(),
};

/** A segment as stored and returned. */
export type Segment = EntityRecord<typeof segmentFields>;

/** Segments: static lists and rule-based audiences over contacts, leads or accounts. */
export const segmentEntity = defineEntity({
  type: "segment",
  table: "marketing_segments",
  idPrefix: "seg",
  fields: segmentFields,
  createSchema: createSegmentSchema,
  patchSchema: updateSegmentSchema,
  // A rule on an unknown field, or a lead segment without sales, is bad input: refused before any write.
  validate: async (next, before, op) => {
    if (before && before.recordType === next.recordType && JSON.stringify(before.rules) === JSON.stringify(next.rules))
      return;
    if (before && before.kind === "static" && next.rules.length > 0)
      throw ValidationError.forField(["rules"], "A static segment has no rules");
    await checkRules(op, next.recordType, next.rules);
  },
});
