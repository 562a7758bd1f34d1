import type * as z from "zod";
import { idSchema } from "../entities/base-record.js";
import { createEntityService, type EntityService } from "../entities/entity-service.js";
import type { Page } from "../entities/list-query.js";
import { InvalidTransitionError, NotFoundError, ValidationError } from "../kernel/errors.js";
import type { ModuleContext } from "../kernel/module-context.js";
import type { OperationContext } from "../kernel/operation-context.js";
import { parseInput } from "../kernel/validate.js";
import { runCompiled } from "../storage/compiled-statements.js";
import { type PriceBook, priceBookEntity } from "./price-book-entity.js";
import {
  auditValue,
  type BookHeader,
  type EntryRow,
  existingEntries,
  loadBook,
  type PriceBookEntry,
  requirePriceableProducts,
  tablesOf,
  toEntry,
  truthy,
  upsertEntries,
} from "./price-book-entries.js";
import {
  type CreatePriceBookInput,
  type ListEntriesOptions,
  listEntriesOptionsSchema,
  type PriceBookEntryInput,
  type PriceOfInput,
  priceBookEntriesInputSchema,
  priceBookEntryInputSchema,
  priceOfInputSchema,
  type UpdatePriceBookInput,
} from "./price-book-schema.js";
import { extendedTotal, unitPriceFor } from "./pricing.js";

/** The answer of `priceBooks.priceOf`: the unit price for a quantity and the extended total, in minor units. */
export interface Price {
  readonly priceBookId: string;
  readonly productId: string;
  readonly currency: string;
  readonly quantity: number;
  /** The entry's list price (the price below the first tier). */
  readonly listPrice: number;
  /** The price of one unit at this quantity: the applicable tier's, else the list price. */
  readonly unitPrice: number;
  /** `minQuantity` of the tier applied, or `null` when the list price applied. */
  readonly tierMinQuantity: number | null;
  /** `unitPrice × quantity`, rounded half up to a whole minor unit. */
  readonly total: number;
}

/** The price books service of a scoped client: the standard entity verbs, entries and pricing. */
export interface PriceBookService extends EntityService<PriceBook, CreatePriceBookInput, UpdatePriceBookInput> {
  /**
   * Sets one product's list price and tiers in a book (creating or replacing its entry).
   * The product must exist and be active; the book must not be archived. Needs `price_book:update`.
   * Emits `price_book.entry_set`.
   *
   * @example
   * ```ts
   * await client.priceBooks.setEntry(book.id, { productId: chai.id, listPrice: 1800, tiers: [{ minQuantity: 10, unitPrice: 1600 }] });
   * ```
   */
  setEntry(priceBookId: string, entry: PriceBookEntryInput): Promise<PriceBookEntry>;
  /**
   * Sets many entries of one book in one transaction with multi-row writes — the import path.
   * Any bad entry fails the whole call; issue paths start with the entry's index.
   */
  setEntries(priceBookId: string, entries: readonly PriceBookEntryInput[]): Promise<PriceBookEntry[]>;
  /** One product's entry in a book. Throws `NotFoundError` when the book or the entry does not exist. */
  getEntry(priceBookId: string, productId: string): Promise<PriceBookEntry>;
  /** A page of a book's entries in product id order. */
  listEntries(priceBookId: string, options?: ListEntriesOptions): Promise<Page<PriceBookEntry>>;
  /** Removes a product from a book; returns the removed entry. Emits `price_book.entry_removed`. */
  removeEntry(priceBookId: string, productId: string): Promise<PriceBookEntry>;
  /**
   * The price of `quantity` units of a product in a book: the unit price (volume tier or list
   * price) and the extended total, read from that one entry. Fails with `NotFoundError` when
   * the book or the entry is missing, `InvalidTransitionError` when the book or the product is
   * inactive or archived, and `ValidationError` for a fractional quantity of a product sold in
   * whole units.
   *
   * @example
   * ```ts
   * const { unitPrice, total } = await client.priceBooks.priceOf({ priceBookId: book.id, productId: chai.id, quantity: 12 });
   * ```
   */
  priceOf(input: PriceOfInput): Promise<Price>;
}

function encodeAfter(productId: string): string {
  return Buffer.from(JSON.stringify({ after: productId })).toString("base64url");
}

function decodeAfter(cursor: string): string {
  try {
    const state = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { after?: unknown };
    if (typeof state.after === "string") return state.after;
  } catch {
    // fall through to the validation error below
  }
  throw ValidationError.forField(["cursor"], "Cursor is malformed");
}

/** The row `priceOf` reads: the book, with its entry's and the product's columns `null` when there is no entry. */
interface PriceOfRow {
  currency: string;
  book_active: number | boolean;
  book_archived_at: string | null;
  book_created_by: string;
  list_price: number | string | null;
  tiers: string | null;
  product_active: number | boolean | null;
  product_archived_at: string | null;
  allow_fractional_quantity: number | boolean | null;
}

/** One entry's priced facts before and after a change of the book, and the event naming it. */
interface EntryChange {
  readonly productId: string;
  readonly before: EntryFacts | null;
  readonly after: EntryFacts | null;
  readonly event: "price_book.entry_set" | "price_book.entry_removed";
}

type EntryFacts = NonNullable<ReturnType<typeof auditValue>>;

function sameEntry(a: EntryFacts | null, b: EntryFacts | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const bookId = idSchema("pbk");
const productId = idSchema("prd");

/** Builds the price books service on a scoped client's context. */
export function createPriceBookService(ctx: ModuleContext): PriceBookService {
  const base = createEntityService(ctx, priceBookEntity);

  const readableBook = async (op: OperationContext, id: string): Promise<BookHeader> => {
    const book = await loadBook(op, id, false);
    await op.authorize("price_book:read", { ownerId: null, createdBy: book.createdBy });
    return book;
  };

  /** The book an entry change applies to: locked, updatable by the actor (`price_book:update`), not archived. */
  const bookForChange = (op: OperationContext, id: string): Promise<PriceBook> =>
    op.records(priceBookEntity).loadForChange(id);

  /**
   * Versions, audits and announces a change of entries as one change of the book: each
   * entry's priced facts are audited under `entries.<productId>`, and each entry's event
   * carries the book's new version. Entries whose facts did not move write nothing.
   */
  const changeBook = (op: OperationContext, book: PriceBook, action: string, entries: readonly EntryChange[]) =>
    op.records(priceBookEntity).change(
      book,
      {},
      {
        action,
        event: null,
        extra: entries.map((e) => ({ field: `entries.${e.productId}`, before: e.before, after: e.after })),
        events: (after) =>
          entries.map((e) => ({
            type: e.event,
            data: { id: book.id, productId: e.productId, version: after.version },
          })),
      },
    );

  const setIn = async (
    op: OperationContext,
    id: string,
    entries: z.output<typeof priceBookEntriesInputSchema>,
    single: boolean,
  ) => {
    const book = await bookForChange(op, id);
    const ids = entries.map((e) => e.productId);
    const products = await requirePriceableProducts(op, ids, (i) => (single ? [] : [i]));
    const before = await existingEntries(op, book.id, ids);
    const rows: EntryRow[] = entries.map((e) => {
      const stored = before.get(e.productId);
      const next = { list_price: e.listPrice, tiers: JSON.stringify(e.tiers) };
      // An entry set to the price and tiers it has is kept as it is (no write, no event).
      if (stored && sameEntry(auditValue(stored), auditValue({ ...stored, ...next }))) return stored;
      return {
        tenant_id: op.tenantId,
        price_book_id: book.id,
        product_id: e.productId,
        ...next,
        created_at: stored?.created_at ?? op.timestamp,
        updated_at: op.timestamp,
        created_by: stored?.created_by ?? op.actor.userId,
        updated_by: op.actor.userId,
      };
    });
    const changed = rows.filter((row) => row !== before.get(row.product_id));
    await upsertEntries(op, changed);
    await changeBook(
      op,
      book,
      "set_entry",
      changed.map((row) => ({
        productId: row.product_id,
        before: auditValue(before.get(row.product_id)),
        after: auditValue(row),
        event: "price_book.entry_set",
      })),
    );
    return rows.map((row) => toEntry(row, book, products.get(row.product_id) as { sku: string; name: string }));
  };

  /** The entry row with its product's SKU and name, or `null`. */
  const entryWithProduct = (op: OperationContext, id: string, product: string) =>
    tablesOf(op)
      .selectFrom("price_book_entries as e")
      .innerJoin("products as p", (j) => j.onRef("p.tenant_id", "=", "e.tenant_id").onRef("p.id", "=", "e.product_id"))
      .selectAll("e")
      .select(["p.sku", "p.name"])
      .where("e.tenant_id", "=", op.tenantId)
      .where("e.price_book_id", "=", id)
      .where("e.product_id", "=", product)
      .executeTakeFirst();

  const missingEntry = (id: string, product: string) =>
    new NotFoundError("price_book_entry", `${id}/${product}`, { details: { priceBookId: id, productId: product } });

  return {
    ...base,
    setEntry: (id, entry) =>
      ctx.run(async (op) => {
        const parsedId = parseInput(bookId, id);
        const parsed = parseInput(priceBookEntryInputSchema, entry);
        const [result] = await setIn(op, parsedId, [parsed], true);
        return result as PriceBookEntry;
      }),
    setEntries: (id, entries) =>
      ctx.run(async (op) => setIn(op, parseInput(bookId, id), parseInput(priceBookEntriesInputSchema, entries), false)),
    getEntry: (id, product) =>
      ctx.read(async (op) => {
        const book = await readableBook(op, parseInput(bookId, id));
        const row = await entryWithProduct(op, book.id, parseInput(productId, product));
        if (!row) throw missingEntry(book.id, product);
        return toEntry(row, book, row);
      }),
    listEntries: (id, options = {}) =>
      ctx.read(async (op) => {
        const parsed = parseInput(listEntriesOptionsSchema, options);
        const book = await readableBook(op, parseInput(bookId, id));
        const limit = parsed.limit ?? 50;
        const after = parsed.cursor === undefined ? null : decodeAfter(parsed.cursor);
        const rows = await tablesOf(op)
          .selectFrom("price_book_entries as e")
          .innerJoin("products as p", (j) =>
            j.onRef("p.tenant_id", "=", "e.tenant_id").onRef("p.id", "=", "e.product_id"),
          )
          .selectAll("e")
          .select(["p.sku", "p.name"])
          .where("e.tenant_id", "=", op.tenantId)
          .where("e.price_book_id", "=", book.id)
          .$if(after !== null, (q) => q.where("e.product_id", ">", after as string))
          .orderBy("e.product_id")
          .limit(limit + 1)
          .execute();
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return {
          items: page.map((row) => toEntry(row, book, row)),
          nextCursor: rows.length > limit && last ? encodeAfter(last.product_id) : null,
        };
      }),
    removeEntry: (id, product) =>
      ctx.run(async (op) => {
        const parsedId = parseInput(bookId, id);
        const parsedProduct = parseInput(productId, product);
        const book = await bookForChange(op, parsedId);
        const row = await entryWithProduct(op, book.id, parsedProduct);
        if (!row) throw missingEntry(book.id, parsedProduct);
        await tablesOf(op)
          .deleteFrom("price_book_entries")
          .where("tenant_id", "=", op.tenantId)
          .where("price_book_id", "=", book.id)
          .where("product_id", "=", parsedProduct)
          .execute();
        await changeBook(op, book, "remove_entry", [
          { productId: parsedProduct, before: auditValue(row), after: null, event: "price_book.entry_removed" },
        ]);
        return toEntry(row, book, row);
      }),
    priceOf: (input) =>
      ctx.read(async (op) => {
        const { priceBookId, productId: product, quantity } = parseInput(priceOfInputSchema, input);
        // One row: the book, and the entry and product when they exist. Its SQL is compiled once.
        const { rows } = await runCompiled<PriceOfRow>(op, "price-of", [product, op.tenantId, priceBookId], () =>
          tablesOf(op)
            .selectFrom("price_books as b")
            .leftJoin("price_book_entries as e", (j) =>
              j
                .onRef("e.tenant_id", "=", "b.tenant_id")
                .onRef("e.price_book_id", "=", "b.id")
                .on("e.product_id", "=", product),
            )
            .leftJoin("products as p", (j) =>
              j.onRef("p.tenant_id", "=", "e.tenant_id").onRef("p.id", "=", "e.product_id"),
            )
            .select([
              "b.currency",
              "b.active as book_active",
              "b.archived_at as book_archived_at",
              "b.created_by as book_created_by",
            ])
            .select([
              "e.list_price",
              "e.tiers",
              "p.active as product_active",
              "p.archived_at as product_archived_at",
              "p.allow_fractional_quantity",
            ])
            .where("b.tenant_id", "=", op.tenantId)
            .where("b.id", "=", priceBookId),
        );
        const [row] = rows;
        if (!row) throw new NotFoundError("price_book", priceBookId);
        await op.authorize("price_book:read", { ownerId: null, createdBy: row.book_created_by });
        if (row.list_price === null || row.tiers === null) throw missingEntry(priceBookId, product);
        if (!truthy(row.book_active) || row.book_archived_at !== null) {
          throw new InvalidTransitionError(`price_book ${priceBookId} is inactive`, { details: { priceBookId } });
        }
        if (!truthy(row.product_active ?? false) || row.product_archived_at !== null) {
          throw new InvalidTransitionError(`product ${product} is inactive`, { details: { productId: product } });
        }
        if (!Number.isInteger(quantity) && !truthy(row.allow_fractional_quantity ?? false)) {
          throw ValidationError.forField(["quantity"], `Product ${product} is sold in whole units`, { quantity });
        }
        const listPrice = Number(row.list_price);
        const { unitPrice, tier } = unitPriceFor(listPrice, JSON.parse(row.tiers), quantity);
        return {
          priceBookId,
          productId: product,
          currency: row.currency,
          quantity,
          listPrice,
          unitPrice,
          tierMinQuantity: tier?.minQuantity ?? null,
          total: extendedTotal(unitPrice, quantity),
        };
      }),
  };
}
