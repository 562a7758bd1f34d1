import type { Kysely } from "kysely";
import { eventOf } from "../events/event-types.js";
import type { RecordEventData, RecordUpdatedData } from "../events/record-events.js";
import { defineCorePart } from "../kernel/core-part.js";
import { CRUD_ACTIONS } from "../permissions/permission-catalog.js";
import { withRecordColumns } from "../storage/record-table.js";
import { priceBookEntity } from "./price-book-entity.js";
import { productEntity } from "./product-entity.js";

/** Payload of `price_book.entry_set` and `price_book.entry_removed`: the book (`id`), the product, the book's new version. */
export interface PriceBookEntryEventData {
  readonly id: string;
  readonly productId: string;
  readonly version: number;
}

const readAll = { "product:read": "all", "price_book:read": "all" } as const;

/** Products and price books: tables, default grants and events. */
export const productsPart = defineCorePart({
  migrations: [
    {
      name: "012_products",
      async up(db: Kysely<any>) {
        await withRecordColumns(db.schema.createTable("products"), "products")
          .addColumn("sku", "text", (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("family", "text")
          .addColumn("description", "text")
          .addColumn("unit", "text")
          .addColumn("unit_cost", "bigint")
          .addColumn("cost_currency", "text")
          .addColumn("active", "integer", (c) => c.notNull())
          .addColumn("allow_fractional_quantity", "integer", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("products_sku").unique().on("products").columns(["tenant_id", "sku"]).execute();
        await db.schema.createIndex("products_name").on("products").columns(["tenant_id", "name", "id"]).execute();
        await db.schema.createIndex("products_family").on("products").columns(["tenant_id", "family", "id"]).execute();
        await db.schema
          .createIndex("products_created")
          .on("products")
          .columns(["tenant_id", "created_at", "id"])
          .execute();

        await withRecordColumns(db.schema.createTable("price_books"), "price_books")
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("currency", "text", (c) => c.notNull())
          .addColumn("active", "integer", (c) => c.notNull())
          .addColumn("description", "text")
          .execute();
        await db.schema
          .createIndex("price_books_created")
          .on("price_books")
          .columns(["tenant_id", "created_at", "id"])
          .execute();
        await db.schema
          .createIndex("price_books_currency")
          .on("price_books")
          .columns(["tenant_id", "currency", "id"])
          .execute();

        // Tiers are a small JSON list on the entry: pricing reads one entry row, never a whole book.
        await db.schema
          .createTable("price_book_entries")
          .addColumn("tenant_id", "text", (c) => c.notNull())
          .addColumn("price_book_id", "text", (c) => c.notNull())
          .addColumn("product_id", "text", (c) => c.notNull())
          .addColumn("list_price", "bigint", (c) => c.notNull())
          .addColumn("tiers", "text", (c) => c.notNull())
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("updated_at", "text", (c) => c.notNull())
          .addColumn("created_by", "text", (c) => c.notNull())
          .addColumn("updated_by", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("price_book_entries_pk", ["tenant_id", "price_book_id", "product_id"])
          .addForeignKeyConstraint("price_book_entries_book_fk", ["tenant_id", "price_book_id"], "price_books", [
            "tenant_id",
            "id",
          ])
          .addForeignKeyConstraint("price_book_entries_product_fk", ["tenant_id", "product_id"], "products", [
            "tenant_id",
            "id",
          ])
          .execute();
        await db.schema
          .createIndex("price_book_entries_product")
          .on("price_book_entries")
          .columns(["tenant_id", "product_id", "price_book_id"])
          .execute();
      },
    },
  ],
  entities: [productEntity, priceBookEntity],
  permissions: {
    entities: { product: CRUD_ACTIONS, price_book: CRUD_ACTIONS },
    roles: {
      sales_manager: { "product:*": "all", "price_book:*": "all" },
      sales_rep: readAll,
      service_agent: readAll,
      dispatcher: readAll,
      marketer: readAll,
      analyst: readAll,
      read_only: readAll,
    },
  },
  events: {
    "product.created": eventOf<RecordEventData>(),
    "product.updated": eventOf<RecordUpdatedData>(),
    "product.archived": eventOf<RecordUpdatedData>(),
    "price_book.created": eventOf<RecordEventData>(),
    "price_book.updated": eventOf<RecordUpdatedData>(),
    "price_book.archived": eventOf<RecordUpdatedData>(),
    "price_book.entry_set": eventOf<PriceBookEntryEventData>(),
    "price_book.entry_removed": eventOf<PriceBookEntryEventData>(),
  },
});
