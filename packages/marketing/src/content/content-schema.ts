import { idSchema, languageTagSchema, longTextSchema, textSchema, userIdSchema } from "@rapport/core";
import * as z from "zod";

/** What a library item is. `asset` is a file the host stores (a brochure, a deck, a video). */
export const CONTENT_KINDS = [
  "product_sheet",
  "market_info",
  "competitor_intel",
  "battle_card",
  "case_study",
  "presentation",
  "asset",
] as const;
/** One of {@link CONTENT_KINDS}. */
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** Where an item is in its life: only `published` items are offered to sales (`forOpportunity`). */
export const CONTENT_STATUSES = ["draft", "published", "archived"] as const;
/** One of {@link CONTENT_STATUSES}. */
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

/** The largest asset size recorded: 1 TiB, far above any brochure, below any float trouble. */
const MAX_ASSET_BYTES = 2 ** 40;

/** An http(s) URL the host serves the asset from; other schemes (javascript:, data:, file:) are refused. */
export const assetUrlSchema = textSchema()
  .trim()
  .max(2_000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "Use an absolute http(s) URL");

/** A MIME type such as `application/pdf` or `image/png` (type/subtype, parameters allowed). */
export const mimeTypeSchema = textSchema()
  .trim()
  .toLowerCase()
  .max(255)
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;.*)?$/, "Not a MIME type (type/subtype)");

const contentFields = {
  kind: z.enum(CONTENT_KINDS),
  title: textSchema().trim().min(1, "Must not be empty").max(300),
  /** A short abstract, shown in lists and search snippets. */
  summary: textSchema().trim().max(2_000).nullable(),
  /** The text of the item (plain text or Markdown; rendered by the host). */
  body: longTextSchema.nullable(),
  /** The product the item is about (a core product). */
  productId: idSchema("prd").nullable(),
  /** The competitor the item is about: an account of type `competitor`. */
  competitorAccountId: idSchema("acc").nullable(),
  /** The item's language, a BCP 47 tag (`en`, `zh-CN`). */
  language: languageTagSchema.nullable(),
  status: z.enum(CONTENT_STATUSES),
  /** The file name of the asset (`battle-card.pdf`). */
  assetFileName: textSchema().trim().min(1).max(255).nullable(),
  /** The asset's MIME type (`application/pdf`). */
  assetMimeType: mimeTypeSchema.nullable(),
  /** The asset's size in bytes: a whole number, 0 or more. */
  assetSizeBytes: z
    .number()
    .int("A size is a whole number of bytes")
    .min(0, "A size cannot be negative")
    .max(MAX_ASSET_BYTES)
    .nullable(),
  /** Where the host stores the asset: an absolute http(s) URL. */
  assetUrl: assetUrlSchema.nullable(),
  /** Who keeps the item up to date; defaults to the user creating it. */
  ownerId: userIdSchema.nullable(),
};

/** An asset is described whole: a file name, a MIME type and a URL go together. */
function assetIsWhole(
  value: { assetFileName?: unknown; assetMimeType?: unknown; assetUrl?: unknown },
  ctx: z.RefinementCtx,
) {
  const given = (["assetFileName", "assetMimeType", "assetUrl"] as const).filter((k) => value[k] != null);
  if (given.length === 0 || given.length === 3) return;
  for (const key of ["assetFileName", "assetMimeType", "assetUrl"] as const) {
    if (value[key] == null)
      ctx.addIssue({ code: "custom", path: [key], message: "An asset needs a file name, a MIME type and a URL" });
  }
}

/**
 * Input of `marketing.content.create`: one library item. `status` defaults to `draft`.
 *
 * @example
 * ```ts
 * await marketer.marketing.content.create({
 *   kind: "battle_card",
 *   title: "Winning against Initech",
 *   summary: "Where we are stronger, and the traps they set",
 *   competitorAccountId: initech.id,
 *   language: "en",
 *   assetFileName: "initech-battle-card.pdf",
 *   assetMimeType: "application/pdf",
 *   assetSizeBytes: 182_044,
 *   assetUrl: "https://files.example.com/initech-battle-card.pdf",
 * });
 * ```
 */
export const createContentSchema = z
  .object({
    kind: contentFields.kind,
    title: contentFields.title,
    summary: contentFields.summary.optional(),
    body: contentFields.body.optional(),
    productId: contentFields.productId.optional(),
    competitorAccountId: contentFields.competitorAccountId.optional(),
    language: contentFields.language.optional(),
    status: contentFields.status.default("draft"),
    assetFileName: contentFields.assetFileName.optional(),
    assetMimeType: contentFields.assetMimeType.optional(),
    assetSizeBytes: contentFields.assetSizeBytes.optional(),
    assetUrl: contentFields.assetUrl.optional(),
    ownerId: contentFields.ownerId.optional(),
  })
  .strict()
  .superRefine(assetIsWhole);

/** Input of `marketing.content.update`: any of the fields; `null` clears an optional one. */
export const updateContentSchema = z
  .object({
    kind: contentFields.kind,
    title: contentFields.title,
    summary: contentFields.summary,
    body: contentFields.body,
    productId: contentFields.productId,
    competitorAccountId: contentFields.competitorAccountId,
    language: contentFields.language,
    status: contentFields.status,
    assetFileName: contentFields.assetFileName,
    assetMimeType: contentFields.assetMimeType,
    assetSizeBytes: contentFields.assetSizeBytes,
    assetUrl: contentFields.assetUrl,
    ownerId: contentFields.ownerId,
  })
  .partial()
  .strict();

/** A sales stage, named by its key, in a pipeline (the tenant's default pipeline when left out). */
export const stageTargetSchema = z
  .object({
    pipelineId: idSchema("pipe").optional(),
    stageKey: textSchema().trim().min(1).max(64),
  })
  .strict();
/** What `attachToStage`, `detachFromStage` and `forStage` take to name a stage. */
export type StageTarget = z.input<typeof stageTargetSchema>;
