import { createHash } from "node:crypto";
import { countryCodeSchema, type OperationContext, ValidationError } from "@rapport/core";
import * as z from "zod";
import type { FinderCursor, FinderSettings } from "./duplicate-finder.js";
import {
  ENTITY_RULES,
  type EntityRule,
  type ExtraField,
  MATCH_ENTITY_TYPES,
  type MatchEntityType,
  ruleWithExtras,
} from "./entity-rules.js";
import { DEFAULT_PRIOR } from "./fellegi-sunter.js";
import { COMPARISON_KINDS } from "./field-comparison.js";

/** Bumped when profiles built by older code must be rebuilt. */
const PROFILE_VERSION = 1;

/** The default lowest match probability `duplicates.find` reports, fixed before measuring on any data set. */
export const DEFAULT_THRESHOLD = 0.9;
/** The default largest block compared. */
export const DEFAULT_MAX_BLOCK = 400;

/** A custom field added to matching: `{ field: "custom.dateOfBirth", compare: "date", block: true }`. */
export const extraFieldSchema = z
  .object({
    field: z.string().regex(/^custom\.[a-z][a-zA-Z0-9_]{0,63}$/, "Name a custom field as custom.<key>"),
    compare: z.enum(COMPARISON_KINDS),
    block: z.boolean().optional(),
  })
  .strict();

/** Settings shared by `duplicates.find` and `duplicates.link`. */
export const matchSettingsShape = {
  /** Which records to match. */
  entityType: z.enum(MATCH_ENTITY_TYPES),
  /** The lowest match probability (0–1) reported. @default 0.9 */
  threshold: z.number().min(0).max(1).optional(),
  /** Custom fields compared besides the entity's built-in ones. */
  fields: z.array(extraFieldSchema).max(16).optional(),
  /** The country national phone numbers and postcodes are read in when a record has none (ISO alpha-2). */
  defaultCountry: countryCodeSchema.optional(),
  /** Learn m, u and the prior by EM on the tenant's own pairs (no labels) before scoring. @default false */
  learn: z.boolean().optional(),
  /** The largest block compared; bigger blocks are skipped and counted. @default 400 */
  maxBlock: z.number().int().min(2).max(5_000).optional(),
  /** `all`: every record the actor may read; `own`: only records the actor owns. @default "all" */
  scope: z.enum(["all", "own"]).optional(),
  /** Where to resume: `nextCursor` of the page before, with the same other options. */
  cursor: z.string().max(4_000).optional(),
  /** Pairs per page. @default 100 */
  limit: z.number().int().min(1).max(5_000).optional(),
};

/** The match settings resolved for one call. */
export interface ResolvedSettings {
  readonly finder: FinderSettings;
  readonly rule: EntityRule;
  readonly defaultCountry: string | null;
  /** The fingerprint of everything a profile depends on. */
  readonly fingerprint: string;
  /** A hash of everything the pairs depend on: a cursor made under other settings is refused. */
  readonly cursorKey: string;
  readonly cursor: FinderCursor | null;
  readonly limit: number;
}

const hash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 16);

/**
 * Resolves parsed match settings in the actor's operation: checks that leads have the sales
 * module and that every custom field named is defined for the entity type, and collects the
 * fields the actor's roles hide (they are neither compared nor blocked on).
 */
export async function resolveSettings(
  op: OperationContext,
  input: {
    entityType: MatchEntityType;
    threshold?: number | undefined;
    fields?: readonly ExtraField[] | undefined;
    defaultCountry?: string | undefined;
    learn?: boolean | undefined;
    maxBlock?: number | undefined;
    scope?: "all" | "own" | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
  purpose: string,
): Promise<ResolvedSettings> {
  const policy = await op.policy();
  if (!policy.isKnown(`${input.entityType}:read`)) {
    throw ValidationError.forField(
      ["entityType"],
      `Matching ${input.entityType} records needs the module that owns them`,
    );
  }
  // The actor must be able to read the entity at all before the index is touched.
  await op.ownerScope(`${input.entityType}:read`);
  const extras = input.fields ?? [];
  const seen = new Set<string>();
  for (const [index, extra] of extras.entries()) {
    if (seen.has(extra.field))
      throw ValidationError.forField(["fields", index, "field"], `${extra.field} is named twice`);
    seen.add(extra.field);
  }
  if (extras.length > 0) {
    const keys = extras.map((extra) => extra.field.slice("custom.".length));
    const defined = new Set(
      (
        await op.db
          .selectFrom("rapport_custom_fields")
          .select("key")
          .where("tenant_id", "=", op.tenantId)
          .where("entity_type", "=", input.entityType)
          .where("key", "in", keys)
          .execute()
      ).map((row: { key: string }) => row.key),
    );
    for (const [index, key] of keys.entries()) {
      if (!defined.has(key)) {
        throw ValidationError.forField(
          ["fields", index, "field"],
          `No custom field ${key} is defined for ${input.entityType}`,
        );
      }
    }
  }
  const rule = ruleWithExtras(ENTITY_RULES[input.entityType], extras);
  const hidden = new Set<string>();
  for (const field of rule.fields) {
    for (const read of field.reads)
      if (policy.fieldAccess(op.actor, input.entityType, read) === "hidden") hidden.add(read);
  }
  const defaultCountry = input.defaultCountry ?? null;
  const finder: FinderSettings = {
    rule,
    hidden,
    threshold: input.threshold ?? DEFAULT_THRESHOLD,
    maxBlock: input.maxBlock ?? DEFAULT_MAX_BLOCK,
    prior: DEFAULT_PRIOR,
    learn: input.learn ?? false,
    owner: input.scope === "own" ? op.actor.userId : null,
  };
  const fingerprint = hash([PROFILE_VERSION, input.entityType, extras, defaultCountry]);
  const cursorKey = hash([
    purpose,
    fingerprint,
    finder.threshold,
    finder.maxBlock,
    finder.learn,
    input.scope ?? "all",
    [...hidden].sort(),
  ]);
  return {
    finder,
    rule,
    defaultCountry,
    fingerprint,
    cursorKey,
    cursor: input.cursor === undefined ? null : decodeCursor(input.cursor, cursorKey),
    limit: input.limit ?? 100,
  };
}

/** Encodes where a page ends, bound to the settings that made it. */
export function encodeCursor(cursor: FinderCursor, cursorKey: string): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.emitted, cursorKey, cursor.oversizedBefore])).toString(
    "base64url",
  );
}

function decodeCursor(text: string, cursorKey: string): FinderCursor {
  const invalid = () => ValidationError.forField(["cursor"], "Not a cursor of this call with these options");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    !(parsed[3] === null || (Array.isArray(parsed[3]) && parsed[3].every((key) => Number.isSafeInteger(key)))) ||
    !Number.isSafeInteger(parsed[0]) ||
    !Number.isSafeInteger(parsed[1]) ||
    (parsed[0] as number) < 0 ||
    (parsed[1] as number) < 0 ||
    parsed[2] !== cursorKey
  ) {
    throw invalid();
  }
  return { key: parsed[0] as number, emitted: parsed[1] as number, oversizedBefore: parsed[3] as number[] | null };
}
