import { catalogEntry, QUOTE_CURRENCY, quoteRequests } from "../quote-requests.mjs";
import {
  addDays,
  combinedDiscount,
  lineAmounts,
  storedPercent,
  storedQuantity,
  tierPrice,
} from "../raw/raw-quote-amounts.mjs";
import { createdChanges, insertRows, RECORD_COLUMNS, writeAudit, writeFeed } from "../raw/raw-writes.mjs";

/** @typedef {import("../workload.mjs").WriteWorkload} WriteWorkload */
/** @typedef {import("../workload.mjs").SideState} SideState */
/** @typedef {import("../workload.mjs").ParityProbe} ParityProbe */
/** @typedef {import("../quote-requests.mjs").QuoteRequest} QuoteRequest */
/** @typedef {import("../quote-requests.mjs").QuoteLineRequest} QuoteLineRequest */
/** @typedef {import("../raw/raw-sqlite.mjs").RawRow} RawRow */

/** The sales manager who sets up the catalog, the price book and the sales settings. */
const CATALOG_MANAGER = "mgr001";

/** The tenant's sales settings the quotes run under (set untimed, the same way in both tenants). */
const SALES_SETTINGS = Object.freeze({
  corporateCurrency: QUOTE_CURRENCY,
  discountApprovalLimit: 15,
  quoteValidityDays: 45,
});

/** What a tenant without a `sales_settings` row gets, as Rapport's defaults: 20 % (stored ×1,000) and 30 days. */
const DEFAULT_APPROVAL_LIMIT = 20_000;
const DEFAULT_VALIDITY_DAYS = 30;

/** The `sales_quotes` table's columns, as Rapport's migration creates them. */
const QUOTE_COLUMNS = Object.freeze([
  ...RECORD_COLUMNS,
  "custom",
  "tags",
  "external_ids",
  "number",
  "revision",
  "name",
  "account_id",
  "contact_id",
  "opportunity_id",
  "owner_id",
  "currency",
  "price_book_id",
  "status",
  "header_discount",
  "valid_until",
  "subtotal",
  "discount_total",
  "net_total",
  "tax_total",
  "grand_total",
  "max_discount",
  "requires_approval",
  "terms",
  "notes",
  "submitted_at",
  "approved_at",
  "approved_by",
  "sent_at",
  "decided_at",
  "decision_reason",
  "expired_at",
  "previous_revision_id",
  "superseded_by_id",
]);

/** The `sales_quote_lines` table's columns. */
const LINE_COLUMNS = Object.freeze([
  "tenant_id",
  "id",
  "position",
  "product_id",
  "sku",
  "product_name",
  "description",
  "price_book_id",
  "price_source",
  "list_price",
  "unit_price",
  "quantity",
  "discount",
  "gross_amount",
  "net_amount",
  "quote_id",
  "tax_rate",
  "tax_amount",
  "total_amount",
]);

/**
 * A parity probe of one table: its row count and the sum of `expression` over the tenant's rows.
 *
 * @param {string} table
 * @param {string} label what the sum is, for the report
 * @param {string} expression
 * @returns {ParityProbe}
 */
function sumProbe(table, label, expression) {
  return [`${table} ${label}`, `select count(*) as n, sum(${expression}) as s from ${table} where tenant_id = ?`];
}

/** @param {readonly string[]} columns text columns, some nullable */
const totalLength = (columns) => columns.map((c) => `coalesce(length(${c}), 0)`).join(" + ");

/**
 * The quote workload's own parity checks: `sales_quotes` has a version column (compared by
 * the runner), but its figures, its lines and the counter need their sums compared, so a
 * wrong rounding or a missing line on either side fails the run. Dates are compared by
 * length only: a run that crosses midnight may date the two sides' quotes a day apart.
 *
 * @type {readonly ParityProbe[]}
 */
const QUOTE_PROBES = Object.freeze([
  ...["subtotal", "discount_total", "net_total", "tax_total", "grand_total", "max_discount", "header_discount"].map(
    (column) => sumProbe("sales_quotes", column, column),
  ),
  sumProbe("sales_quotes", "number × revision", "number * revision"),
  sumProbe("sales_quotes", "requires_approval", "case when requires_approval = 1 then 1 else 0 end"),
  sumProbe(
    "sales_quotes",
    "text lengths",
    totalLength([
      "name",
      "account_id",
      "contact_id",
      "owner_id",
      "currency",
      "price_book_id",
      "status",
      "valid_until",
      "notes",
      "created_by",
      "custom",
      "tags",
      "external_ids",
    ]),
  ),
  ...[
    "gross_amount",
    "net_amount",
    "tax_amount",
    "total_amount",
    "unit_price",
    "list_price",
    "quantity",
    "discount",
    "tax_rate",
    "position",
  ].map((column) => sumProbe("sales_quote_lines", column, column)),
  sumProbe(
    "sales_quote_lines",
    "text lengths",
    totalLength(["quote_id", "product_id", "sku", "product_name", "description", "price_book_id", "price_source"]),
  ),
  sumProbe("sales_counters", "value", "value"),
]);

/**
 * @param {QuoteRequest[] | undefined} requests
 * @returns {QuoteRequest[]}
 */
function prepared(requests) {
  if (requests === undefined) throw new Error("create-quotes: setup did not run");
  return requests;
}

/**
 * The input `sales.quotes.create` gets for a request, built by assignment (a conditional
 * spread is a slow path in V8 that would count as Rapport's time).
 *
 * @param {SideState} side
 * @param {QuoteRequest} request
 */
function quoteInput(side, request) {
  /** @type {import("@rapport/sales").CreateQuoteInput} */
  const input = {
    accountId: /** @type {string} */ (side.accountIds[request.accountIndex]),
    currency: QUOTE_CURRENCY,
    priceBookId: side.priceBookId,
    lines: request.lines.map((line) => lineInput(side, line, request.taxRatePercent)),
  };
  if (request.contactIndex !== null) input.contactId = side.contactIds[request.contactIndex];
  if (request.name !== null) input.name = request.name;
  if (request.ownerId !== null) input.ownerId = request.ownerId;
  if (request.headerDiscountPercent !== null) input.headerDiscountPercent = request.headerDiscountPercent;
  if (request.notes !== null) input.notes = request.notes;
  return input;
}

/**
 * @param {SideState} side
 * @param {QuoteLineRequest} line
 * @param {number | null} taxRatePercent
 */
function lineInput(side, line, taxRatePercent) {
  /** @type {import("@rapport/sales").TaxedLineInput} */
  const input = { productId: /** @type {string} */ (side.productIds[line.productIndex]), quantity: line.quantity };
  if (line.discountPercent !== null) input.discountPercent = line.discountPercent;
  if (line.unitPrice !== null) input.unitPrice = line.unitPrice;
  if (line.description !== null) input.description = line.description;
  if (taxRatePercent !== null) input.taxRatePercent = taxRatePercent;
  return input;
}

/**
 * Quote creation, each its own transaction: `sales.quotes.create(input)` by the account's
 * owner (or a manager on their behalf) — 1–5 lines priced from the tenant's price book
 * (volume tiers, some negotiated prices), line and header discounts, a tax rate; Rapport
 * checks the account and the contact, prices every line, takes the next quote number,
 * computes the lines' and the header's amounts, and writes the quote, its lines, one audit
 * row and one `quote.created` feed row. Raw does the same reads, arithmetic and writes by
 * hand (see {@link rawCreateQuote}). Setup, untimed: the data set's products, a price book
 * with their prices and tiers, and the sales settings, through the public API.
 *
 * @param {number} count quotes per run
 * @returns {WriteWorkload}
 */
export function createQuotes(count) {
  /** @type {QuoteRequest[] | undefined} */
  let requests;
  return {
    name: `${count.toLocaleString("en-US")} quotes created, one transaction each`,
    group: "write",
    tables: ["sales_quotes"],
    probes: QUOTE_PROBES,
    rows: count,
    targetRatio: 1.5,
    setup: async (ctx, side) => {
      requests ??= quoteRequests(ctx.dataset, count);
      const manager = ctx.crm.as({ tenantId: side.tenantId, userId: CATALOG_MANAGER, roles: ["sales_manager"] });
      const catalog = [...ctx.dataset.products()].map(catalogEntry);
      const products = await manager.products.createMany(catalog.map((entry) => entry.product));
      side.productIds = products.map((p) => p.id);
      const book = await manager.priceBooks.create({
        name: `List prices (${QUOTE_CURRENCY})`,
        currency: QUOTE_CURRENCY,
      });
      await manager.priceBooks.setEntries(
        book.id,
        catalog.map((entry, i) => ({
          productId: /** @type {string} */ (side.productIds[i]),
          listPrice: entry.listPrice,
          tiers: entry.tiers,
        })),
      );
      side.priceBookId = book.id;
      await manager.sales.settings.update(SALES_SETTINGS);
    },
    rapport: async (ctx, side) => {
      // One scoped client per user, as a host keeps one per session.
      /** @type {Map<string, ReturnType<typeof ctx.crm.as>>} */
      const clients = new Map();
      for (const request of prepared(requests)) {
        let client = clients.get(request.actorId);
        if (client === undefined) {
          client = ctx.crm.as({ tenantId: side.tenantId, userId: request.actorId, roles: [request.role] });
          clients.set(request.actorId, client);
        }
        await client.sales.quotes.create(quoteInput(side, request));
      }
    },
    raw: async (ctx, side) => {
      for (const request of prepared(requests)) await ctx.raw.transaction(() => rawCreateQuote(ctx, side, request));
    },
  };
}

/**
 * One quote by hand, inside the caller's transaction, as a well-written host app would:
 *
 * 1. the account and (when given) the contact, that it works at the account — one query;
 * 2. the book's price entries of the quote's products, with the products — one query;
 * 3. the tenant's sales settings (approval limit, validity);
 * 4. the line amounts, the header totals, the largest combined discount — exact integers,
 *    half-up rounding per line, then summed (Rapport's rule; `raw/raw-quote-amounts.mjs`);
 * 5. the next quote number: the per-tenant counter incremented in this transaction (row
 *    lock on PostgreSQL), as Rapport does;
 * 6. the quote row, one audit row (the created record's fields), the lines, one
 *    `quote.created` feed row under the feed lock.
 *
 * @param {import("../workload.mjs").BenchContext} ctx
 * @param {SideState} side
 * @param {QuoteRequest} request
 */
async function rawCreateQuote(ctx, side, request) {
  const { raw, ids } = ctx;
  const tenantId = side.tenantId;
  const at = ctx.clock.now().toISOString();
  const accountId = /** @type {string} */ (side.accountIds[request.accountIndex]);
  const contactId =
    request.contactIndex === null ? null : /** @type {string} */ (side.contactIds[request.contactIndex]);

  const [link] = await raw.all(
    "select a.id, c.account_id as contact_account_id from accounts a left join contacts c on c.tenant_id = a.tenant_id and c.id = ? where a.tenant_id = ? and a.id = ?",
    [contactId, tenantId, accountId],
  );
  if (!link) throw new Error(`raw: account ${accountId} does not exist`);
  if (contactId !== null && link.contact_account_id !== accountId)
    throw new Error(`raw: contact ${contactId} is not a contact of account ${accountId}`);

  const productIds = request.lines.map((line) => /** @type {string} */ (side.productIds[line.productIndex]));
  const prices = await bookPrices(raw, tenantId, side.priceBookId, productIds);

  const [settings] = await raw.all(
    "select discount_approval_limit, quote_validity_days from sales_settings where tenant_id = ?",
    [tenantId],
  );
  const approvalLimit = settings ? Number(settings.discount_approval_limit) : DEFAULT_APPROVAL_LIMIT;
  const validityDays = settings ? Number(settings.quote_validity_days) : DEFAULT_VALIDITY_DAYS;

  const headerDiscount = storedPercent(request.headerDiscountPercent ?? 0);
  const taxRate = storedPercent(request.taxRatePercent ?? 0);
  const lines = request.lines.map((line, index) => {
    const productId = /** @type {string} */ (productIds[index]);
    const price = /** @type {RawRow} */ (prices.get(productId));
    if (!Number.isInteger(line.quantity) && !isTrue(price.allow_fractional_quantity))
      throw new Error(`raw: product ${productId} is sold in whole units`);
    const listPrice = Number(price.list_price);
    const unitPrice = line.unitPrice ?? tierPrice(listPrice, String(price.tiers), line.quantity);
    const quantity = storedQuantity(line.quantity);
    const discount = storedPercent(line.discountPercent ?? 0);
    return {
      productId,
      sku: String(price.sku),
      productName: String(price.name),
      description: line.description,
      priceSource: line.unitPrice === null ? "price_book" : "manual",
      listPrice,
      unitPrice,
      quantity,
      discount,
      amounts: lineAmounts(unitPrice, quantity, discount, headerDiscount, taxRate),
    };
  });

  let subtotal = 0;
  let discountTotal = 0;
  let netTotal = 0;
  let taxTotal = 0;
  let maxDiscount = 0;
  for (const line of lines) {
    subtotal += line.amounts.gross;
    discountTotal += line.amounts.discount;
    netTotal += line.amounts.net;
    taxTotal += line.amounts.tax;
    maxDiscount = Math.max(maxDiscount, combinedDiscount(line.discount, headerDiscount));
  }
  if (netTotal + taxTotal > Number.MAX_SAFE_INTEGER) throw new Error("raw: the quote's total is too large");

  const [counter] = await raw.all(
    "insert into sales_counters (tenant_id, series, value) values (?, 'quote', 1) on conflict (tenant_id, series) do update set value = sales_counters.value + 1 returning value",
    [tenantId],
  );
  const actorId = request.actorId;
  // Field order as Rapport's records have it, so the audit JSON is the same text.
  const quote = {
    id: ids.next("quo"),
    tenantId,
    number: Number(counter?.value),
    revision: 1,
    name: request.name ?? "Quote",
    accountId,
    contactId,
    opportunityId: null,
    ownerId: request.ownerId ?? actorId,
    currency: QUOTE_CURRENCY,
    priceBookId: side.priceBookId,
    status: "draft",
    headerDiscount,
    validUntil: addDays(at.slice(0, 10), validityDays),
    subtotal,
    discountTotal,
    netTotal,
    taxTotal,
    grandTotal: netTotal + taxTotal,
    maxDiscount,
    requiresApproval: maxDiscount > approvalLimit,
    terms: null,
    notes: request.notes,
    version: 1,
    createdAt: at,
    updatedAt: at,
    createdBy: actorId,
    updatedBy: actorId,
    archivedAt: null,
    custom: {},
    tags: [],
    externalIds: {},
  };
  await insertRows(
    raw,
    "sales_quotes",
    QUOTE_COLUMNS,
    [
      [
        tenantId,
        quote.id,
        1,
        at,
        at,
        actorId,
        actorId,
        null,
        "{}",
        "[]",
        "{}",
        quote.number,
        1,
        quote.name,
        accountId,
        contactId,
        null,
        quote.ownerId,
        QUOTE_CURRENCY,
        quote.priceBookId,
        "draft",
        headerDiscount,
        quote.validUntil,
        subtotal,
        discountTotal,
        netTotal,
        taxTotal,
        quote.grandTotal,
        maxDiscount,
        quote.requiresApproval ? 1 : 0,
        null,
        quote.notes,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ],
    ],
    1,
  );
  const who = { tenantId, actorId, at };
  await writeAudit(raw, ids, who, [
    { entityType: "quote", entityId: quote.id, action: "create", changes: createdChanges(quote) },
  ]);
  const lineRows = lines.map((line, index) => [
    tenantId,
    ids.next("qli"),
    index + 1,
    line.productId,
    line.sku,
    line.productName,
    line.description,
    quote.priceBookId,
    line.priceSource,
    line.listPrice,
    line.unitPrice,
    line.quantity,
    line.discount,
    line.amounts.gross,
    line.amounts.net,
    quote.id,
    taxRate,
    line.amounts.tax,
    line.amounts.total,
  ]);
  await insertRows(raw, "sales_quote_lines", LINE_COLUMNS, lineRows, lineRows.length);
  await writeFeed(raw, ids, who, [{ type: "quote.created", data: JSON.stringify({ id: quote.id, version: 1 }) }]);
}

/**
 * The price entries of `productIds` in the book, with each product's SKU, name and whether
 * it sells fractions, by product id — one query. Fails unless the book is active and in the
 * quote's currency and every product is active and priced in it.
 *
 * @param {import("../raw/raw-sqlite.mjs").RawDb} raw
 * @param {string} tenantId
 * @param {string} priceBookId
 * @param {readonly string[]} productIds distinct
 * @returns {Promise<Map<string, RawRow>>}
 */
async function bookPrices(raw, tenantId, priceBookId, productIds) {
  const rows = await raw.all(
    `select b.currency, b.active as book_active, b.archived_at as book_archived_at, p.id, p.sku, p.name, p.active, p.archived_at, p.allow_fractional_quantity, e.list_price, e.tiers
     from price_books b
     join price_book_entries e on e.tenant_id = b.tenant_id and e.price_book_id = b.id
     join products p on p.tenant_id = e.tenant_id and p.id = e.product_id
     where b.tenant_id = ? and b.id = ? and e.product_id in (${productIds.map(() => "?").join(", ")})`,
    [tenantId, priceBookId, ...productIds],
  );
  /** @type {Map<string, RawRow>} */
  const byProduct = new Map();
  for (const row of rows) {
    if (row.currency !== QUOTE_CURRENCY || !isTrue(row.book_active) || row.book_archived_at !== null)
      throw new Error(`raw: price book ${priceBookId} cannot price a ${QUOTE_CURRENCY} quote`);
    if (!isTrue(row.active) || row.archived_at !== null) throw new Error(`raw: product ${String(row.id)} is inactive`);
    byProduct.set(String(row.id), row);
  }
  for (const id of productIds) if (!byProduct.has(id)) throw new Error(`raw: product ${id} has no price in the book`);
  return byProduct;
}

/**
 * A flag column as either driver returns it (SQLite integers, PostgreSQL integers or text).
 *
 * @param {unknown} value
 */
function isTrue(value) {
  return value === true || Number(value) === 1;
}
