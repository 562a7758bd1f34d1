import { defineEntity, type EntityRecord, field, nameSchema, ValidationError } from "@rapport/core";
import * as z from "zod";
import { type ExtraField, MATCH_ENTITY_TYPES, type MatchEntityType, resolveSettings } from "../matching/index.js";
import { extraFieldSchema } from "../matching/matching-settings.js";

/** What a rule does when a written record matches: refuse the write, or let it through and record an alert. */
export const DUPLICATE_RULE_ACTIONS = ["alert", "block"] as const;

const ruleFields = {
  entityType: field.text<MatchEntityType>(),
  name: field.text(),
  action: field.text<(typeof DUPLICATE_RULE_ACTIONS)[number]>(),
  /** The lowest match probability (0–1) that counts as a duplicate; JSON, as fields store no fractions. */
  threshold: field.json<number>(),
  /** Custom fields compared besides the built-in ones (as in `duplicates.find`). */
  fields: field.json<ExtraField[]>({ default: [] }),
  /** The country national phone numbers are read in. */
  defaultCountry: field.nullableText(),
  active: field.boolean({ default: true }),
};

const countryCode = z.string().regex(/^[A-Z]{2}$/, "An ISO 3166-1 alpha-2 country code");

/**
 * A duplicate rule: records of `entityType` written (created, updated, imported, captured)
 * are matched against the stored ones; a match scoring `threshold` or more is refused
 * (`block`) or recorded as an alert (`alert`).
 */
export const duplicateRuleEntity = defineEntity({
  type: "duplicate_rule",
  table: "cleansing_duplicate_rules",
  idPrefix: "duprule",
  fields: ruleFields,
  createSchema: z
    .object({
      entityType: z.enum(MATCH_ENTITY_TYPES),
      name: nameSchema,
      action: z.enum(DUPLICATE_RULE_ACTIONS),
      threshold: z.number().min(0).max(1).default(0.9),
      fields: z.array(extraFieldSchema).max(16).default([]),
      defaultCountry: countryCode.nullable().optional(),
      active: z.boolean().optional(),
    })
    .strict(),
  patchSchema: z
    .object({
      name: nameSchema,
      action: z.enum(DUPLICATE_RULE_ACTIONS),
      threshold: z.number().min(0).max(1),
      fields: z.array(extraFieldSchema).max(16),
      defaultCountry: countryCode.nullable(),
      active: z.boolean(),
    })
    .partial()
    .strict(),
  // The entity type must be installed and every custom field named defined for it, as for duplicates.find.
  validate: async (next, _before, op) => {
    if (!op.entityDefinition(next.entityType)) {
      throw ValidationError.forField(["entityType"], `No ${next.entityType} entity is installed`);
    }
    await resolveSettings(op.asSystem(), { entityType: next.entityType, fields: next.fields }, "rule");
  },
});

/** A duplicate rule as stored and returned. */
export type DuplicateRule = EntityRecord<typeof ruleFields>;
