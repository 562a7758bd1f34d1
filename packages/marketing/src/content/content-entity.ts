import { defineEntity, type EntityRecord, field, type OperationContext, ValidationError } from "@rapport/core";
import type * as z from "zod";
import type { ContentErrorReason } from "./content-errors.js";
import { contentPeersOf, linked } from "./content-peers.js";
import { type ContentKind, type ContentStatus, createContentSchema, updateContentSchema } from "./content-schema.js";

const contentFields = {
  kind: field.text<ContentKind>(),
  title: field.text(),
  summary: field.nullableText({ filterable: false, sortable: false }),
  body: field.nullableText({ filterable: false, sortable: false }),
  productId: field.nullableText(),
  competitorAccountId: field.nullableText(),
  language: field.nullableText(),
  status: field.text<ContentStatus>(),
  assetFileName: field.nullableText(),
  assetMimeType: field.nullableText(),
  assetSizeBytes: field.nullableInteger(),
  assetUrl: field.nullableText({ filterable: false, sortable: false }),
  ownerId: field.nullableText(),
};

type ContentValues = EntityRecord<typeof contentFields>;

/**
 * Checks the item's links: the product exists and is not archived, the competitor is an
 * account of type `competitor`. Whether a record exists is not a question of the caller's
 * permissions, so links are read as the system.
 */
async function validateContent(next: ContentValues, before: ContentValues | null, op: OperationContext) {
  const system = contentPeersOf(op.asSystem());
  if (next.productId !== null && next.productId !== before?.productId) {
    const { productId } = next;
    const product = await linked(["productId"], `Unknown product ${productId}`, () => system.products.get(productId));
    if (product.archivedAt !== null) throw ValidationError.forField(["productId"], `Product ${productId} is archived`);
  }
  if (next.competitorAccountId !== null && next.competitorAccountId !== before?.competitorAccountId) {
    const { competitorAccountId: accountId } = next;
    const account = await linked(["competitorAccountId"], `Unknown account ${accountId}`, () =>
      system.accounts.get(accountId),
    );
    if (account.type !== "competitor")
      throw ValidationError.forField(
        ["competitorAccountId"],
        `Account ${accountId} is a ${account.type}, not a competitor`,
        { reason: "not_a_competitor" satisfies ContentErrorReason, accountId, type: account.type },
      );
  }
  // The create schema checks a whole asset; a patch can leave one half-described.
  const asset = [next.assetFileName, next.assetMimeType, next.assetUrl];
  if (asset.some((v) => v !== null) && asset.some((v) => v === null))
    throw ValidationError.forField(["assetUrl"], "An asset needs a file name, a MIME type and a URL");
}

/** Items of the marketing content library: product sheets, market and competitor information, battle cards, assets. */
export const contentEntity = defineEntity({
  type: "content_item",
  table: "marketing_content_items",
  idPrefix: "cnt",
  fields: contentFields,
  createSchema: createContentSchema,
  patchSchema: updateContentSchema,
  ownerField: "ownerId",
  validate: validateContent,
  // Found by title, summary and body through core's search; filtered by what a library browser narrows by.
  search: {
    title: "title",
    body: ["summary", "body"],
    filters: ["kind", "status", "productId", "competitorAccountId", "language"],
  },
});

/**
 * A content library item as stored and returned. The asset (file name, MIME type, size,
 * URL) is metadata only: the host stores the file.
 */
export type ContentItem = ContentValues;

/** What `marketing.content.create` takes: the fields of {@link createContentSchema} plus `custom`, `tags` and `externalIds`. */
export type CreateContentInput = z.input<(typeof contentEntity)["createSchema"]>;

/** What `marketing.content.update` takes; `null` clears an optional field. */
export type UpdateContentInput = z.input<(typeof contentEntity)["patchSchema"]>;
