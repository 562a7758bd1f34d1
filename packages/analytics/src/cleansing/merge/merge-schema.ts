import { idSchema } from "@rapport/core";
import * as z from "zod";

/**
 * How a field's winning value is chosen among the merged records:
 * - `survivor`: the survivor's value; when it is empty, the most recently updated record's non-empty value;
 * - `most_recent`: the non-empty value of the most recently updated record;
 * - `most_complete`: the non-empty value of the record with the most non-empty fields;
 * - `source_priority`: the non-empty value of the record whose source comes first in `sourcePriority`
 *   (its `source` field, or the systems of its external ids).
 */
export const SURVIVORSHIP_RULES = ["survivor", "most_recent", "most_complete", "source_priority"] as const;

/** One of {@link SURVIVORSHIP_RULES}. */
export type SurvivorshipRule = (typeof SURVIVORSHIP_RULES)[number];

/** The entity types a merge accepts (`lead` only when the sales module is installed). */
export const MERGEABLE_TYPES = ["contact", "account", "lead", "product"] as const;

// A field name, or `custom.<key>`; never an Object.prototype member.
const FIELD_NAME = /^(?!(?:constructor|prototype)$)[A-Za-z][A-Za-z0-9_]{0,63}(?:\.[A-Za-z][A-Za-z0-9_]{0,63})?$/;
const fieldName = z.string().regex(FIELD_NAME, "A field name, or custom.<key>");
const recordId = idSchema();

/** Survivorship settings of a merge. */
export const survivorshipSchema = z
  .object({
    /** The rule of every field not named in `fields`. @default "survivor" */
    default: z.enum(SURVIVORSHIP_RULES).optional(),
    /** A rule per field (`custom.<key>` for a custom field). */
    fields: z.record(fieldName, z.enum(SURVIVORSHIP_RULES)).optional(),
    /** Sources, best first, for `source_priority`: `source` values or external-id system names. */
    sourcePriority: z.array(z.string().min(1).max(100)).max(50).optional(),
  })
  .strict();

/** What `merge.plan` takes. */
export const mergePlanInputSchema = z
  .object({
    entityType: z.enum(MERGEABLE_TYPES),
    survivorId: recordId,
    loserIds: z.array(recordId).min(1).max(50),
    rules: survivorshipSchema.optional(),
    /** Manual winners: field → the id of the merged record whose value it takes. */
    overrides: z.record(fieldName, recordId).optional(),
  })
  .strict();

/** The input of `merge.plan`. */
export type MergePlanInput = z.input<typeof mergePlanInputSchema>;

const relatedRecordSchema = z.object({
  entityType: z.string(),
  id: recordId,
  version: z.number().int(),
  links: z.array(z.object({ field: z.string(), from: recordId })),
});

const relatedRowsSchema = z.object({
  table: z.string(),
  column: z.string(),
  from: recordId,
  rows: z.number().int(),
});

/**
 * A plan as `merge.apply` reads it back: what it was made from, the versions of every
 * record it read and the related records it found. The field decisions are computed again
 * when it is applied (from the same inputs they come out the same unless a record changed —
 * which the versions catch), so an edited plan cannot write values its rules would not pick.
 * Its other keys (the decisions, for people to read) are ignored.
 */
export const mergePlanSchema = z.object({
  ...mergePlanInputSchema.shape,
  versions: z.record(recordId, z.number().int().min(1)),
  related: z.object({ records: z.array(relatedRecordSchema), rows: z.array(relatedRowsSchema) }),
});

/** A merge's id, as `merge.apply` returns it. */
export const mergeIdSchema = idSchema("mrg");
