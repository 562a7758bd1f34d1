import { defineEntity, type EntityRecord } from "../entities/entity-definition.js";
import { field } from "../entities/fields.js";
import { createPriceBookSchema, updatePriceBookSchema } from "./price-book-schema.js";

const priceBookFields = {
  name: field.text(),
  currency: field.text(),
  active: field.boolean(),
  description: field.nullableText({ filterable: false, sortable: false }),
};

/** Price books: list prices of products in one currency, with optional volume tiers. */
export const priceBookEntity = defineEntity({
  type: "price_book",
  table: "price_books",
  idPrefix: "pbk",
  fields: priceBookFields,
  createSchema: createPriceBookSchema,
  patchSchema: updatePriceBookSchema,
});

/** A price book as stored and returned (its entries are read with `priceBooks.listEntries`). */
export type PriceBook = EntityRecord<typeof priceBookFields>;
