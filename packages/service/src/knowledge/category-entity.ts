import { defineEntity, type EntityRecord, field, type OperationContext, ValidationError } from "@rapport/core";
import { createCategorySchema, updateCategorySchema } from "./knowledge-schema.js";
import { knowledgeDb } from "./knowledge-tables.js";

const categoryFields = {
  name: field.text(),
  description: field.nullableText({ filterable: false, sortable: false }),
  parentId: field.nullableText(),
  position: field.integer({ default: 0 }),
};

/** The most levels a category tree may have. */
export const MAX_CATEGORY_DEPTH = 32;

/**
 * Refuses a parent that does not exist (or is archived), and a parent that would put the
 * category under itself: a `ValidationError` at `parentId`.
 */
async function validateParent(
  next: EntityRecord<typeof categoryFields>,
  before: EntityRecord<typeof categoryFields> | null,
  op: OperationContext,
): Promise<void> {
  if (next.parentId === null || next.parentId === before?.parentId) return;
  const db = knowledgeDb(op);
  let ancestor: string | null = next.parentId;
  for (let depth = 0; ancestor !== null; depth++) {
    if (ancestor === next.id) {
      throw ValidationError.forField(
        ["parentId"],
        `Category ${next.id} cannot be placed under itself or its own subcategory`,
      );
    }
    if (depth >= MAX_CATEGORY_DEPTH) {
      throw ValidationError.forField(["parentId"], `A category tree may be at most ${MAX_CATEGORY_DEPTH} levels deep`);
    }
    const row: { parent_id: string | null; archived_at: string | null } | undefined = await db
      .selectFrom("service_knowledge_categories")
      .select(["parent_id", "archived_at"])
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", ancestor)
      .executeTakeFirst();
    if (!row || (depth === 0 && row.archived_at !== null)) {
      throw ValidationError.forField(["parentId"], `Unknown category ${next.parentId}`);
    }
    ancestor = row.parent_id;
  }
}

/** Knowledge categories: a tree (`parentId`), ordered by `position` among siblings. */
export const categoryEntity = defineEntity({
  type: "knowledge_category",
  table: "service_knowledge_categories",
  idPrefix: "kbc",
  fields: categoryFields,
  createSchema: createCategorySchema,
  patchSchema: updateCategorySchema,
  validate: validateParent,
});

/** A knowledge category as stored and returned. */
export type KnowledgeCategory = EntityRecord<typeof categoryFields>;
