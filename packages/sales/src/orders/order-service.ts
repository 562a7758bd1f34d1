import {
  boundContext,
  createEntityService,
  type ListOptions,
  type ModuleContext,
  type OperationContext,
  type Page,
  type WriteOptions,
} from "@rapport/core";
import { shownLines } from "../documents/hidden-money.js";
import { type SyncVerbs, syncVerbs } from "../internal/sync-verbs.js";
import { type CheckoutOptions, type CheckoutResult, checkout } from "./checkout.js";
import { createOrder, createOrderFromQuote } from "./order-create.js";
import { type OrderRecord, orderEntity } from "./order-entity.js";
import { cancelOrder, confirmOrder, fulfilOrder, orderLineRows } from "./order-lifecycle.js";
import type { CancelOrderOptions, CreateOrderInput, FromQuoteOptions, FulfilOrderInput } from "./order-schema.js";
import { type Order, type OrderLine, shownOrder, toOrder, toOrderLine } from "./order-view.js";

/**
 * Sales orders, numbered per tenant (`SO-00042`). Lines are copied from the accepted quote
 * (or priced once for a direct order) and frozen. Lifecycle: `draft` → `confirm` →
 * `fulfil` (line by line, possibly in parts) → `fulfilled`; `cancel` before any fulfilment.
 * `order.created` and `order.fulfilled` are the events a host's ERP listens to.
 */
export interface OrderService extends SyncVerbs<Order, CreateOrderInput> {
  /**
   * An order from an accepted quote: lines, totals and the opportunity's channel
   * attribution copied as they are. A quote is ordered once. Emits `order.created`.
   *
   * @example
   * ```ts
   * const order = await rep.sales.orders.createFromQuote(quote.id);
   * ```
   */
  createFromQuote(quoteId: string, options?: FromQuoteOptions): Promise<Order>;
  /** An order placed directly, its lines priced and frozen. Emits `order.created`. */
  create(input: CreateOrderInput): Promise<Order>;
  /**
   * Turns a web-shop order into an order, idempotently: a retry with the same
   * `idempotencyKey` and the same order replays the first result (`replayed: true`) and
   * writes nothing; the same key with a different order is an `IdempotencyKeyError`
   * (`IDEMPOTENCY_KEY_REUSED`), nothing written. The order's channel defaults to `online`. With
   * `wonOpportunity`, the sale is also an opportunity won on the order date for the order's
   * total (source `web_shop`). Needs `order:create` (and `opportunity:create`).
   *
   * @example
   * ```ts
   * const { orderId, replayed } = await shop.sales.orders.checkout(
   *   { accountId, currency: "EUR", priceBookId, lines: [{ productId, quantity: 2 }] },
   *   { idempotencyKey: `cart-${cart.id}`, wonOpportunity: true },
   * );
   * ```
   */
  checkout(input: CreateOrderInput, options: CheckoutOptions): Promise<CheckoutResult>;
  get(id: string): Promise<Order>;
  list(options?: ListOptions): Promise<Page<Order>>;
  /** The order's lines in position order, with fulfilled and open quantities. */
  lines(id: string): Promise<OrderLine[]>;
  /** Confirms a draft. Confirming twice is an `InvalidTransitionError`. Emits `order.confirmed`. */
  confirm(id: string, options?: WriteOptions): Promise<Order>;
  /** Records fulfilment of lines (all that is open by default). Emits `order.partially_fulfilled` or `order.fulfilled`. */
  fulfil(id: string, input?: FulfilOrderInput): Promise<Order>;
  /** Cancels a draft or confirmed order with nothing fulfilled. Emits `order.cancelled`. */
  cancel(id: string, options?: CancelOrderOptions): Promise<Order>;
  archive(id: string, options?: WriteOptions): Promise<Order>;
}

const records = (op: OperationContext) => createEntityService(boundContext(op), orderEntity);

/** Builds the order service of one scoped client. */
export function createOrderService(ctx: ModuleContext): OrderService {
  const run = (fn: (op: OperationContext) => Promise<OrderRecord>) =>
    ctx.run(async (op) => shownOrder(op, await fn(op)));
  return {
    // An order has no update: a repeat of the same order is a no-op, a different one a ValidationError.
    ...syncVerbs<Order, CreateOrderInput, OrderRecord>(ctx, {
      entity: orderEntity,
      view: (_op, row) => toOrder(row),
      patchSchema: null,
      create: async (op, input) => shownOrder(op, await createOrder(op, input)),
      lines: async (op, id) => (await orderLineRows(op, id)).map(toOrderLine),
    }),
    createFromQuote: (quoteId, options = {}) => run((op) => createOrderFromQuote(op, quoteId, options)),
    create: (input) => run((op) => createOrder(op, input)),
    checkout: (input, options) => checkout(ctx, input, options),
    get: (id) => ctx.read(async (op) => toOrder(await records(op).get(id))),
    list: (options) =>
      ctx.read(async (op) => {
        const page = await records(op).list(options);
        return { ...page, items: page.items.map(toOrder) };
      }),
    lines: (id) =>
      ctx.read(async (op) =>
        shownLines(op, "order", (await orderLineRows(op, (await records(op).get(id)).id)).map(toOrderLine)),
      ),
    confirm: (id, options = {}) => run((op) => confirmOrder(op, id, options)),
    fulfil: (id, input = {}) => run((op) => fulfilOrder(op, id, input)),
    cancel: (id, options = {}) => run((op) => cancelOrder(op, id, options)),
    archive: (id, options = {}) => run((op) => records(op).archive(id, options)),
  };
}
