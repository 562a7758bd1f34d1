import * as z from "zod";
import { idSchema } from "../entities/base-record.js";
import { withRecordExtensions } from "../entities/record-input.js";
import { currencySchema, longTextSchema, moneyAmountSchema, nameSchema } from "../schemas/common-schemas.js";

/** Decimal places a quantity may have (`2.5` hours, `0.125` kg). */
export const QUANTITY_DECIMALS = 4;
const QUANTITY_SCALE = 10 ** QUANTITY_DECIMALS;

/** A positive quantity with at most {@link QUANTITY_DECIMALS} decimals, up to one billion. */
export const quantitySchema = z
  .number()
  .positive("A quantity is above zero")
  .max(1_000_000_000)
  .refine(
    (q) => Math.abs(q * QUANTITY_SCALE - Math.round(q * QUANTITY_SCALE)) < 1e-6,
    `Use at most ${QUANTITY_DECIMALS} decimal places`,
  );

/** A volume tier: from `minQuantity` units on, each unit costs `unitPrice` (minor units of the book's currency). */
export const priceTierSchema = z.object({ minQuantity: quantitySchema, unitPrice: moneyAmountSchema }).strict();
/** A volume tier as entries carry it. */
export type PriceTier = z.output<typeof priceTierSchema>;

/** Volume tiers, sorted by `minQuantity`, each strictly above the previous one (no two tiers start at one quantity). */
export const priceTiersSchema = z
  .array(priceTierSchema)
  .max(50)
  .superRefine((tiers, ctx) => {
    for (let i = 1; i < tiers.length; i++) {
      const previous = tiers[i - 1] as PriceTier;
      const tier = tiers[i] as PriceTier;
      if (tier.minQuantity <= previous.minQuantity) {
        ctx.addIssue({
          code: "custom",
          path: [i, "minQuantity"],
          message: `Tiers must be sorted by minQuantity without overlap: ${tier.minQuantity} follows ${previous.minQuantity}`,
        });
      }
    }
  });

const priceBookFields = {
  name: nameSchema,
  /** The ISO 4217 currency of every price in the book; fixed once the book exists. */
  currency: currencySchema,
  /** Inactive books keep their entries but cannot price anything. */
  active: z.boolean(),
  description: longTextSchema.nullable(),
};

/**
 * Input of `priceBooks.create`. `active` defaults to `true`.
 *
 * @example
 * ```ts
 * const book = await client.priceBooks.create({ name: "EU list prices", currency: "EUR" });
 * ```
 */
export const createPriceBookSchema = withRecordExtensions(
  z
    .object({
      ...priceBookFields,
      active: priceBookFields.active.default(true),
      description: priceBookFields.description.optional(),
    })
    .strict(),
);
/** What `priceBooks.create` accepts. */
export type CreatePriceBookInput = z.input<typeof createPriceBookSchema>;

/**
 * Input of `priceBooks.update`. The currency cannot change (every entry's prices are in it):
 * create another book for another currency.
 */
export const updatePriceBookSchema = withRecordExtensions(
  z
    .object({
      name: priceBookFields.name,
      active: priceBookFields.active,
      description: priceBookFields.description,
    })
    .partial()
    .strict(),
);
/** What `priceBooks.update` accepts. */
export type UpdatePriceBookInput = z.input<typeof updatePriceBookSchema>;

/** One product's price in a book: its list price and optional volume tiers. */
export const priceBookEntryInputSchema = z
  .object({
    productId: idSchema("prd"),
    /** The unit price below the first tier, in minor units of the book's currency. */
    listPrice: moneyAmountSchema,
    tiers: priceTiersSchema.default([]),
  })
  .strict();
/** What `priceBooks.setEntry` accepts for one product. */
export type PriceBookEntryInput = z.input<typeof priceBookEntryInputSchema>;

/** The most entries one `setEntries` call takes. */
export const SET_ENTRIES_LIMIT = 10_000;

/** Input of `priceBooks.setEntries`: entries for distinct products. */
export const priceBookEntriesInputSchema = z
  .array(priceBookEntryInputSchema)
  .min(1)
  .max(SET_ENTRIES_LIMIT)
  .superRefine((entries, ctx) => {
    const seen = new Set<string>();
    for (const [i, entry] of entries.entries()) {
      if (seen.has(entry.productId)) ctx.addIssue({ code: "custom", path: [i, "productId"], message: "Listed twice" });
      seen.add(entry.productId);
    }
  });

/** Input of `priceBooks.priceOf`. */
export const priceOfInputSchema = z
  .object({ priceBookId: idSchema("pbk"), productId: idSchema("prd"), quantity: quantitySchema })
  .strict();
/** What `priceBooks.priceOf` accepts. */
export type PriceOfInput = z.input<typeof priceOfInputSchema>;

/** Options of `priceBooks.listEntries`. */
export const listEntriesOptionsSchema = z
  .object({
    /** Page size, 1–500. @default 50 */
    limit: z.number().int().min(1).max(500).optional(),
    /** `nextCursor` of the previous page. */
    cursor: z.string().max(200).optional(),
  })
  .strict();
/** Options of `priceBooks.listEntries`, as accepted. */
export type ListEntriesOptions = z.input<typeof listEntriesOptionsSchema>;
