import * as z from "zod";
import { withRecordExtensions } from "../entities/record-input.js";
import {
  currencySchema,
  longTextSchema,
  moneyAmountSchema,
  nameSchema,
  textSchema,
} from "../schemas/common-schemas.js";

/**
 * A stock-keeping unit: the tenant's own product code, unique per tenant, compared exactly
 * (case-sensitive) after trimming.
 */
export const skuSchema = textSchema().trim().min(1, "Must not be empty").max(64);

const productFields = {
  sku: skuSchema,
  name: nameSchema,
  /** The product line or category (`Beverages`, `Licences`). */
  family: textSchema().trim().min(1).max(100).nullable(),
  description: longTextSchema.nullable(),
  /** What one unit is (`box`, `hour`, `kg`); free text. */
  unit: textSchema().trim().min(1).max(50).nullable(),
  /** What one unit costs the tenant, in minor units of `costCurrency` (for margin reports). */
  unitCost: moneyAmountSchema.nullable(),
  costCurrency: currencySchema.nullable(),
  /** Inactive products keep their history but cannot be priced or added to price books. */
  active: z.boolean(),
  /** Whether quantities may have decimals (hours, kilograms); otherwise only whole units. */
  allowFractionalQuantity: z.boolean(),
};

function requireCurrencyWithCost(
  value: { unitCost?: number | null | undefined; costCurrency?: string | null | undefined },
  ctx: z.RefinementCtx,
) {
  if (value.unitCost != null && value.costCurrency == null) {
    ctx.addIssue({ code: "custom", path: ["costCurrency"], message: "A costCurrency is required with unitCost" });
  }
}

/**
 * Input of `products.create`. `active` defaults to `true`, `allowFractionalQuantity` to
 * `false`. A SKU already used in the tenant fails with `DuplicateError`.
 *
 * @example
 * ```ts
 * await client.products.create({ sku: "NW-1", name: "Chai", family: "Beverages", unitCost: 1200, costCurrency: "USD" });
 * ```
 */
export const createProductSchema = withRecordExtensions(
  z
    .object({
      ...productFields,
      family: productFields.family.optional(),
      description: productFields.description.optional(),
      unit: productFields.unit.optional(),
      unitCost: productFields.unitCost.optional(),
      costCurrency: productFields.costCurrency.optional(),
      active: productFields.active.default(true),
      allowFractionalQuantity: productFields.allowFractionalQuantity.default(false),
    })
    .strict()
    .superRefine(requireCurrencyWithCost),
);
/** What `products.create` accepts. */
export type CreateProductInput = z.input<typeof createProductSchema>;

/** Input of `products.update`: any subset of the fields; `null` clears a nullable field. */
export const updateProductSchema = withRecordExtensions(z.object(productFields).partial().strict());
/** What `products.update` accepts. */
export type UpdateProductInput = z.input<typeof updateProductSchema>;
