import { defineEntity, type EntityRecord } from "../entities/entity-definition.js";
import { field } from "../entities/fields.js";
import { DuplicateError, ValidationError } from "../kernel/errors.js";
import { createProductSchema, updateProductSchema } from "./product-schema.js";

const productFields = {
  sku: field.text(),
  name: field.text(),
  family: field.nullableText(),
  description: field.nullableText({ filterable: false, sortable: false }),
  unit: field.nullableText(),
  unitCost: field.nullableInteger(),
  costCurrency: field.nullableText(),
  active: field.boolean(),
  allowFractionalQuantity: field.boolean(),
};

/** Products: what the tenant sells, by SKU. Prices live in price books. */
export const productEntity = defineEntity({
  type: "product",
  table: "products",
  idPrefix: "prd",
  fields: productFields,
  createSchema: createProductSchema,
  patchSchema: updateProductSchema,
  validate: async (next, before, op) => {
    if (next.unitCost !== null && next.costCurrency === null) {
      throw ValidationError.forField(["costCurrency"], "A costCurrency is required with unitCost");
    }
    if (next.sku === before?.sku) return;
    // Names the holder; a concurrent insert of the same SKU is still caught by the unique index.
    const holder = await op.db
      .selectFrom("products")
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where("sku", "=", next.sku)
      .executeTakeFirst();
    if (holder) {
      throw new DuplicateError(`Another product already has SKU "${next.sku}"`, {
        details: { sku: next.sku, existingId: holder.id },
      });
    }
  },
});

/** A product as stored and returned. */
export type Product = EntityRecord<typeof productFields>;
