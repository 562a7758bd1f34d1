import {
  boundContext,
  createEntityService,
  type EntityService,
  InvalidTransitionError,
  idSchema,
  type ModuleContext,
  parseInput,
  writeOptionsSchema,
} from "@rapport/core";
import * as z from "zod";
import { categoryEntity, type KnowledgeCategory } from "./category-entity.js";
import type { CreateCategoryInput, UpdateCategoryInput } from "./knowledge-schema.js";
import { knowledgeDb } from "./knowledge-tables.js";

/** A category with its subcategories, as `categories.tree()` returns it. */
export interface CategoryNode {
  readonly category: KnowledgeCategory;
  readonly children: CategoryNode[];
}

/** Options of `categories.move`: the new parent (`null` for the top level) and the version the caller read. */
export const moveCategorySchema = writeOptionsSchema
  .extend({ parentId: idSchema("kbc").nullable(), position: z.number().int().min(0).max(1_000_000).optional() })
  .strict();
export type MoveCategoryInput = z.input<typeof moveCategorySchema>;

/**
 * `service.knowledge.categories`: the standard service, plus `move` (a parent that would
 * make a cycle is a `ValidationError`) and `tree`. Archiving a category that still has
 * subcategories or articles is an `InvalidTransitionError`.
 */
export interface CategoryService extends EntityService<KnowledgeCategory, CreateCategoryInput, UpdateCategoryInput> {
  /**
   * Puts the category under another (or at the top level with `parentId: null`).
   *
   * @example
   * ```ts
   * await admin.service.knowledge.categories.move(printers.id, { parentId: hardware.id });
   * ```
   */
  move(id: string, input: MoveCategoryInput): Promise<KnowledgeCategory>;
  /** Every category the actor may read as a tree: roots first, siblings by position then name. */
  tree(): Promise<CategoryNode[]>;
}

/** Builds `service.knowledge.categories`. */
export function createCategoryService(ctx: ModuleContext): CategoryService {
  const base = createEntityService(ctx, categoryEntity);
  return {
    ...base,
    move: (id, input) =>
      ctx.run(async (op) => {
        const categoryId = parseInput(idSchema("kbc"), id);
        const { parentId, position, expectedVersion } = parseInput(moveCategorySchema, input);
        const categories = op.records(categoryEntity);
        const before = await categories.loadForChange(categoryId, { expectedVersion });
        await categories.assertWritable({ parentId, ...(position === undefined ? {} : { position }) });
        const moved = await categories.change(
          before,
          { parentId, ...(position === undefined ? {} : { position }) },
          { action: "move", validate: true },
        );
        return categories.shown(moved);
      }),
    archive: (id, options = {}) =>
      ctx.run(async (op) => {
        const categoryId = parseInput(idSchema("kbc"), id);
        const db = knowledgeDb(op);
        const child = await db
          .selectFrom("service_knowledge_categories")
          .select("id")
          .where("tenant_id", "=", op.tenantId)
          .where("parent_id", "=", categoryId)
          .where("archived_at", "is", null)
          .executeTakeFirst();
        const article = await db
          .selectFrom("service_knowledge_articles")
          .select("id")
          .where("tenant_id", "=", op.tenantId)
          .where("category_id", "=", categoryId)
          .where("status", "!=", "archived")
          .executeTakeFirst();
        if (child || article) {
          throw new InvalidTransitionError(`knowledge_category ${categoryId} still has subcategories or articles`, {
            details: { id: categoryId, subcategoryId: child?.id ?? null, articleId: article?.id ?? null },
          });
        }
        return createEntityService(boundContext(op), categoryEntity).archive(categoryId, options);
      }),
    tree: () =>
      ctx.read(async (op) => {
        const all: KnowledgeCategory[] = [];
        const service = createEntityService(boundContext(op), categoryEntity);
        let cursor: string | undefined;
        do {
          const page = await service.list({ limit: 500, ...(cursor ? { cursor } : {}) });
          all.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        const byParent = new Map<string | null, KnowledgeCategory[]>();
        const ids = new Set(all.map((c) => c.id));
        for (const category of all) {
          // A parent the actor cannot see (archived, or hidden by a field rule) puts the category at the top.
          const parent = category.parentId !== undefined && ids.has(category.parentId ?? "") ? category.parentId : null;
          byParent.set(parent, [...(byParent.get(parent) ?? []), category]);
        }
        const build = (parent: string | null): CategoryNode[] =>
          (byParent.get(parent) ?? [])
            .sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.name.localeCompare(b.name))
            .map((category) => ({ category, children: build(category.id) }));
        return build(null);
      }),
  };
}
