import type { OperationContext } from "@rapport/core";
import { runCompiled } from "@rapport/core/internals";

/** A product of the tenant, as pricing a line reads it. */
export interface CatalogProduct {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly active: boolean;
  readonly archivedAt: string | null;
  readonly allowFractionalQuantity: boolean;
  readonly createdBy: string;
}

/** A price book header, as pricing a line reads it. */
export interface CatalogBook {
  readonly id: string;
  readonly currency: string;
  readonly active: boolean;
  readonly archivedAt: string | null;
  readonly createdBy: string;
}

/** A book's entry for a product: its list price and volume tiers (JSON text). */
export interface CatalogEntry {
  readonly listPrice: number;
  readonly tiers: string;
}

/** What a document's lines can be priced from: their products, books and entries, each read once. */
export interface CatalogPrices {
  readonly products: ReadonlyMap<string, CatalogProduct>;
  readonly books: ReadonlyMap<string, CatalogBook>;
  /** Keyed by {@link entryKey}. */
  readonly entries: ReadonlyMap<string, CatalogEntry>;
}

/** The key of a book's entry for a product in {@link CatalogPrices.entries}. */
export function entryKey(bookId: string, productId: string): string {
  return `${bookId}/${productId}`;
}

/** The core tables the query reads. */
interface CatalogTables {
  products: {
    tenant_id: string;
    id: string;
    sku: string;
    name: string;
    active: number | boolean;
    archived_at: string | null;
    allow_fractional_quantity: number | boolean;
    created_by: string;
  };
  price_books: {
    tenant_id: string;
    id: string;
    currency: string;
    active: number | boolean;
    archived_at: string | null;
    created_by: string;
  };
  price_book_entries: {
    tenant_id: string;
    price_book_id: string;
    product_id: string;
    list_price: number | string;
    tiers: string;
  };
}

interface CatalogRow {
  id: string;
  sku: string;
  name: string;
  active: number | boolean;
  archived_at: string | null;
  allow_fractional_quantity: number | boolean;
  created_by: string;
  book_id?: string | null;
  currency?: string | null;
  book_active?: number | boolean | null;
  book_archived_at?: string | null;
  book_created_by?: string | null;
  list_price?: number | string | null;
  tiers?: string | null;
}

/** Drivers differ: PostgreSQL returns booleans, SQLite 0/1. */
function isTrue(value: number | boolean | string | null | undefined): boolean {
  return value === true || value === 1 || value === "1";
}

/**
 * Reads, in one statement, the products of `productIds` and, for each, every book of
 * `bookIds` that exists with the product's entry when it has one (products ⋈ books ⋈
 * entries, left joined). A product missing from the answer does not exist; a book is
 * known from the row of any product that exists. The SQL is compiled once per count of
 * products and books.
 */
export async function catalogPrices(
  op: OperationContext<CatalogTables>,
  productIds: readonly string[],
  bookIds: readonly string[],
): Promise<CatalogPrices> {
  const products = new Map<string, CatalogProduct>();
  const books = new Map<string, CatalogBook>();
  const entries = new Map<string, CatalogEntry>();
  if (productIds.length === 0) return { products, books, entries };
  const db = op.db;
  const productColumns = [
    "p.id",
    "p.sku",
    "p.name",
    "p.active",
    "p.archived_at",
    "p.allow_fractional_quantity",
    "p.created_by",
  ] as const;
  const { rows } = await runCompiled<CatalogRow>(
    op,
    `sales:catalog-prices:${productIds.length}:${bookIds.length}`,
    [...bookIds, op.tenantId, ...productIds],
    () => {
      const fromProducts = db.selectFrom("products as p").select(productColumns);
      const withBooks =
        bookIds.length === 0
          ? fromProducts
          : fromProducts
              .leftJoin("price_books as b", (j) => j.onRef("b.tenant_id", "=", "p.tenant_id").on("b.id", "in", bookIds))
              .leftJoin("price_book_entries as e", (j) =>
                j
                  .onRef("e.tenant_id", "=", "b.tenant_id")
                  .onRef("e.price_book_id", "=", "b.id")
                  .onRef("e.product_id", "=", "p.id"),
              )
              .select([
                "b.id as book_id",
                "b.currency",
                "b.active as book_active",
                "b.archived_at as book_archived_at",
                "b.created_by as book_created_by",
                "e.list_price",
                "e.tiers",
              ]);
      return withBooks.where("p.tenant_id", "=", op.tenantId).where("p.id", "in", productIds);
    },
  );
  for (const row of rows) {
    products.set(row.id, {
      id: row.id,
      sku: row.sku,
      name: row.name,
      active: isTrue(row.active),
      archivedAt: row.archived_at,
      allowFractionalQuantity: isTrue(row.allow_fractional_quantity),
      createdBy: row.created_by,
    });
    if (row.book_id == null) continue;
    books.set(row.book_id, {
      id: row.book_id,
      currency: row.currency as string,
      active: isTrue(row.book_active),
      archivedAt: row.book_archived_at ?? null,
      createdBy: row.book_created_by as string,
    });
    if (row.list_price != null && row.tiers != null) {
      entries.set(entryKey(row.book_id, row.id), { listPrice: Number(row.list_price), tiers: row.tiers });
    }
  }
  return { products, books, entries };
}
