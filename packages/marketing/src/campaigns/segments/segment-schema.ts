import { FILTER_OPERATORS, type Filter, idSchema, nameSchema, textSchema, withRecordExtensions } from "@rapport/core";
import * as z from "zod";

/** The records a segment holds. `lead` needs the sales module. */
export const SEGMENT_RECORD_TYPES = ["contact", "lead", "account"] as const;
/** One of {@link SEGMENT_RECORD_TYPES}. */
export type SegmentRecordType = (typeof SEGMENT_RECORD_TYPES)[number];

/** `static`: members added and removed by hand; `rule`: every record matching the rules, now. */
export const SEGMENT_KINDS = ["static", "rule"] as const;
/** One of {@link SEGMENT_KINDS}. */
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

const ruleValue = z.union([textSchema().max(10_000), z.number(), z.boolean(), z.null()]);

/** One rule: the filter structure of `list` (`{ field, op, value }`), custom fields as `custom.<key>`. */
export const segmentRuleSchema = z
  .object({
    field: textSchema().min(1).max(200),
    op: z.enum(FILTER_OPERATORS),
    value: z.union([ruleValue, z.array(ruleValue).max(1_000)]).optional(),
  })
  .strict();

/**
 * Input of `marketing.segments.create`. A rule segment keeps its rules (all must hold) and is
 * evaluated when read; a static segment has no rules.
 *
 * @example
 * ```ts
 * await m.marketing.segments.create({ name: "Gold in Germany", recordType: "contact", kind: "rule", rules: [{ field: "custom.tier", op: "eq", value: "gold" }] });
 * ```
 */
export const createSegmentSchema = withRecordExtensions(
  z
    .object({
      name: nameSchema,
      recordType: z.enum(SEGMENT_RECORD_TYPES),
      kind: z.enum(SEGMENT_KINDS),
      rules: z.array(segmentRuleSchema).max(50).default([]),
    })
    .strict()
    .superRefine((value, ctx) => {
      if (value.kind === "static" && value.rules.length > 0)
        ctx.addIssue({ code: "custom", path: ["rules"], message: "A static segment has no rules" });
      if (value.kind === "rule" && value.rules.length === 0)
        ctx.addIssue({ code: "custom", path: ["rules"], message: "A rule segment needs at least one rule" });
    }),
);
/** Input of `marketing.segments.create`. */
export type CreateSegmentInput = z.input<typeof createSegmentSchema>;

/** Input of `marketing.segments.update`: its name, and a rule segment's rules. */
export const updateSegmentSchema = withRecordExtensions(
  z
    .object({ name: nameSchema, rules: z.array(segmentRuleSchema).min(1).max(50) })
    .partial()
    .strict(),
);
/** Input of `marketing.segments.update`. */
export type UpdateSegmentInput = z.input<typeof updateSegmentSchema>;

/** The record ids `segments.add` / `segments.remove` take. */
export const segmentRecordIdsSchema = z.array(textSchema().min(1).max(100)).min(1).max(1_000);

/** Options of `segments.members`: a page of the segment's records, in id order. */
export const segmentPageSchema = z
  .object({
    cursor: textSchema().max(200).optional(),
    /** @default 50 */
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();
/** Options of `segments.members`. */
export type SegmentPageOptions = z.input<typeof segmentPageSchema>;

/** The id of a segment. */
export const segmentIdSchema = idSchema("seg");

/** Rules as the filter structure core compiles. */
export type SegmentRule = Filter;
