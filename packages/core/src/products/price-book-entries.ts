import type { Kysely } from "kysely";
import { NotFoundError, ValidationError, type ValidationIssue } from "../kernel/errors.js";
import type { OperationContext } from "../kernel/operation-context.js";
import type { PriceTier } from "./price-book-schema.js";

/** One product's price in a price book. Prices are minor units of `currency`. */
export interface PriceBookEntry {
  readonly priceBookId: string;
  readonly productId: string;
  /** The product's SKU and name, read with the entry. */
  readonly sku: string;
  readonly productName: string;
  readonly currency: string;
  readonly listPrice: number;
  /** Volume tiers, sorted by `minQuantity`; empty when the list price holds for every quantity. */
  readonly tiers: readonly PriceTier[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string;
  readonly updatedBy: string;
}

interface EntryRow {
  tenant_id: string;
  price_book_id: string;
  product_id: string;
  list_price: number | string;
  tiers: string;
  created_at: string;
  updated_at: string;
  created_by: string;
  updated_by: string;
}

interface Tables {
  price_book_entries: EntryRow;
  price_books: {
    tenant_id: string;
    id: string;
    currency: string;
    active: number | boolean;
    archived_at: string | null;
    created_by: string;
  };
  products: {
    tenant_id: string;
    id: string;
    sku: string;
    name: string;
    active: number | boolean;
    archived_at: string | null;
    allow_fractional_quantity: number | boolean;
  };
}

/** A price book as entry operations need it. */
export interface BookHeader {
  readonly id: string;
  readonly currency: string;
  readonly active: boolean;
  readonly archivedAt: string | null;
  readonly createdBy: string;
}

/** Rows per multi-row statement and ids per `IN` list: well under both databases' parameter limits. */
const CHUNK = 500;

/** The operation's transaction, typed with the tables entry code reads. */
export function tablesOf(op: OperationContext<Tables>): Kysely<Tables> {
  return op.db;
}

/** Drivers differ: PostgreSQL returns integers as numbers or strings and booleans as booleans, SQLite as 0/1. */
export function truthy(value: number | boolean | string): boolean {
  return value === true || value === 1 || value === "1";
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Reads a price book's header, locking its row for the transaction when `forWrite` (so entry changes of one book serialise). */
export async function loadBook(op: OperationContext, id: string, forWrite: boolean): Promise<BookHeader> {
  const row = await tablesOf(op)
    .selectFrom("price_books")
    .select(["id", "currency", "active", "archived_at", "created_by"])
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", id)
    .$if(forWrite && op.adapter.capabilities.rowLocking, (q) => q.forUpdate())
    .executeTakeFirst();
  if (!row) throw new NotFoundError("price_book", id);
  return {
    id: row.id,
    currency: row.currency,
    active: truthy(row.active),
    archivedAt: row.archived_at,
    createdBy: row.created_by,
  };
}

/** Fails unless every product exists in the tenant and is active; issue paths are `[...path(i), "productId"]`. */
export async function requirePriceableProducts(
  op: OperationContext,
  productIds: readonly string[],
  path: (index: number) => (string | number)[],
): Promise<Map<string, { sku: string; name: string }>> {
  const found = new Map<string, { sku: string; name: string; usable: boolean }>();
  for (const chunk of chunks(productIds)) {
    const rows = await tablesOf(op)
      .selectFrom("products")
      .select(["id", "sku", "name", "active", "archived_at"])
      .where("tenant_id", "=", op.tenantId)
      .where("id", "in", chunk)
      .execute();
    for (const r of rows)
      found.set(r.id, { sku: r.sku, name: r.name, usable: truthy(r.active) && r.archived_at === null });
  }
  const issues: ValidationIssue[] = [];
  for (const [i, id] of productIds.entries()) {
    const product = found.get(id);
    if (!product?.usable) {
      const message = product
        ? `Product ${id} is inactive or archived and cannot be priced`
        : `No product ${id} in this tenant`;
      issues.push({ code: "custom", path: [...path(i), "productId"], message, input: id } as ValidationIssue);
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return new Map([...found].map(([id, p]) => [id, { sku: p.sku, name: p.name }]));
}

/** The entries of `productIds` in a book that exist, by product id. */
export async function existingEntries(
  op: OperationContext,
  bookId: string,
  productIds: readonly string[],
): Promise<Map<string, EntryRow>> {
  const out = new Map<string, EntryRow>();
  for (const chunk of chunks(productIds)) {
    const rows = await tablesOf(op)
      .selectFrom("price_book_entries")
      .selectAll()
      .where("tenant_id", "=", op.tenantId)
      .where("price_book_id", "=", bookId)
      .where("product_id", "in", chunk)
      .execute();
    for (const r of rows) out.set(r.product_id, r);
  }
  return out;
}

/** Inserts entries, replacing the price and tiers of those that exist (keeping their creation facts). */
export async function upsertEntries(op: OperationContext, rows: readonly EntryRow[]): Promise<void> {
  for (const chunk of chunks(rows)) {
    await tablesOf(op)
      .insertInto("price_book_entries")
      .values(chunk)
      .onConflict((oc) =>
        oc.columns(["tenant_id", "price_book_id", "product_id"]).doUpdateSet((eb) => ({
          list_price: eb.ref("excluded.list_price"),
          tiers: eb.ref("excluded.tiers"),
          updated_at: eb.ref("excluded.updated_at"),
          updated_by: eb.ref("excluded.updated_by"),
        })),
      )
      .execute();
  }
}

/** A stored entry row as the public {@link PriceBookEntry}. */
export function toEntry(row: EntryRow, book: BookHeader, product: { sku: string; name: string }): PriceBookEntry {
  return {
    priceBookId: row.price_book_id,
    productId: row.product_id,
    sku: product.sku,
    productName: product.name,
    currency: book.currency,
    listPrice: Number(row.list_price),
    tiers: JSON.parse(row.tiers) as PriceTier[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
  };
}

/** The entry's priced facts for the audit trail. */
export function auditValue(row: EntryRow | undefined): { listPrice: number; tiers: PriceTier[] } | null {
  return row ? { listPrice: Number(row.list_price), tiers: JSON.parse(row.tiers) as PriceTier[] } : null;
}

/** A `price_book_entries` row as the drivers return it. */
export type { EntryRow };
