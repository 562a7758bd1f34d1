import { createEntityService, type EntityService } from "../entities/entity-service.js";
import { CrmError, DuplicateError } from "../kernel/errors.js";
import type { ModuleContext } from "../kernel/module-context.js";
import { parseInput } from "../kernel/validate.js";
import { type Product, productEntity } from "./product-entity.js";
import { type CreateProductInput, skuSchema, type UpdateProductInput } from "./product-schema.js";

/** The products service of a scoped client: the standard entity verbs plus SKU lookup. */
export interface ProductService extends EntityService<Product, CreateProductInput, UpdateProductInput> {
  /** The product with this SKU (exact, after trimming), archived or not, or `null`. */
  findBySku(sku: string): Promise<Product | null>;
}

/** Builds the products service on a scoped client's context. */
export function createProductService(ctx: ModuleContext): ProductService {
  const base = createEntityService(ctx, productEntity);

  // The entity's check names an existing holder; two writers racing for one SKU (or two
  // inputs of one createMany) meet the unique index instead, reported the same way.
  const asDuplicate = async (error: unknown): Promise<never> => {
    if (!(error instanceof CrmError) && (await ctx.read(async (op) => op.adapter.isUniqueViolation(error)))) {
      throw new DuplicateError("Another product already has this SKU", { cause: error });
    }
    throw error;
  };

  return {
    ...base,
    create: (input) => base.create(input).catch(asDuplicate),
    createMany: (inputs) => base.createMany(inputs).catch(asDuplicate),
    update: (id, patch, options) => base.update(id, patch, options).catch(asDuplicate),
    upsertByExternalId: (system, externalId, input) =>
      base.upsertByExternalId(system, externalId, input).catch(asDuplicate),
    findBySku: async (sku) => {
      const wanted = parseInput(skuSchema, sku);
      const id = await ctx.read(async (op) => {
        const row = await op.db
          .selectFrom("products")
          .select("id")
          .where("tenant_id", "=", op.tenantId)
          .where("sku", "=", wanted)
          .executeTakeFirst();
        return (row?.id as string | undefined) ?? null;
      });
      return id === null ? null : base.get(id);
    },
  };
}
