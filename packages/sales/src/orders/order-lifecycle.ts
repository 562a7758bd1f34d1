import {
  idSchema,
  type OperationContext,
  parseInput,
  ValidationError,
  type WriteOptions,
  writeOptionsSchema,
} from "@rapport/core";
import { type OrderLineRow, salesDb } from "../database.js";
import { assertDocumentState, invalidTransition } from "../errors.js";
import { fromStoredQuantity, toStoredQuantity } from "../line-items/priced-line.js";
import { type OrderRecord, orderEntity } from "./order-entity.js";
import { cancelOrderSchema, fulfilOrderSchema } from "./order-schema.js";

/** The order facts its lifecycle events carry, at the version the verb wrote. */
function eventData(order: OrderRecord) {
  return {
    id: order.id,
    version: order.version,
    number: order.number,
    accountId: order.accountId,
    grandTotal: order.grandTotal,
    currency: order.currency,
  };
}

const orderIdSchema = idSchema(orderEntity.idPrefix);

/** The order's lines in position order. */
export function orderLineRows(op: OperationContext, orderId: string): Promise<OrderLineRow[]> {
  return salesDb(op)
    .selectFrom("sales_order_lines")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("order_id", "=", orderId)
    .orderBy("position")
    .execute();
}

/** `orders.confirm`: a draft order is confirmed, once. Emits `order.confirmed`. */
export async function confirmOrder(op: OperationContext, id: string, options: WriteOptions): Promise<OrderRecord> {
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const orders = op.records(orderEntity);
  const before = await orders.loadForChange(parseInput(orderIdSchema, id), { expectedVersion, authorize: "confirm" });
  assertDocumentState(orders, before, "confirm", ["draft"]);
  return orders.change(
    before,
    { status: "confirmed", confirmedAt: op.timestamp },
    { action: "confirm", events: (after) => [{ type: "order.confirmed", data: eventData(after) }] },
  );
}

/**
 * `orders.fulfil`: records shipped quantities line by line (everything still open when no
 * lines are given). A line cannot ship more than it has open (`ValidationError`, reason
 * `over_fulfilment`). When every line is complete the order is `fulfilled` and
 * `order.fulfilled` is emitted; otherwise it is `partially_fulfilled` (`order.partially_fulfilled`).
 */
export async function fulfilOrder(op: OperationContext, id: string, input: unknown): Promise<OrderRecord> {
  const parsed = parseInput(fulfilOrderSchema, input);
  const orders = op.records(orderEntity);
  const before = await orders.loadForChange(parseInput(orderIdSchema, id), {
    expectedVersion: parsed.expectedVersion,
    authorize: "fulfil",
  });
  assertDocumentState(orders, before, "fulfil", ["confirmed", "partially_fulfilled"]);
  const rows = await orderLineRows(op, before.id);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const requested =
    parsed.lines ??
    rows
      .filter((row) => Number(row.quantity) > Number(row.fulfilled_quantity))
      .map((row) => ({
        lineId: row.id,
        quantity: fromStoredQuantity(Number(row.quantity) - Number(row.fulfilled_quantity)),
      }));
  const shipped = new Map<string, number>();
  for (const [index, request] of requested.entries()) {
    const row = byId.get(request.lineId);
    if (!row)
      throw ValidationError.forField(["lines", index, "lineId"], `Line ${request.lineId} is not on order ${before.id}`);
    const total = (shipped.get(row.id) ?? Number(row.fulfilled_quantity)) + toStoredQuantity(request.quantity);
    if (total > Number(row.quantity)) {
      throw ValidationError.forField(
        ["lines", index, "quantity"],
        `Line ${row.id} has ${fromStoredQuantity(Number(row.quantity) - Number(row.fulfilled_quantity))} open`,
        { reason: "over_fulfilment", lineId: row.id },
      );
    }
    shipped.set(row.id, total);
  }
  if (shipped.size === 0) throw invalidTransition(`Order ${before.id} has nothing left to fulfil`, "document_status");
  for (const [lineId, fulfilled] of shipped) {
    await salesDb(op)
      .updateTable("sales_order_lines")
      .set({ fulfilled_quantity: fulfilled })
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", lineId)
      .execute();
  }
  const complete = rows.every(
    (row) => (shipped.get(row.id) ?? Number(row.fulfilled_quantity)) === Number(row.quantity),
  );
  const lines = requested.map((r) => ({ lineId: r.lineId, quantity: r.quantity }));
  // Each line's fulfilled quantity, audited beside the status (a second partial fulfilment changes only these).
  const fulfilledOf = (pick: (row: OrderLineRow) => number) =>
    Object.fromEntries(rows.map((row) => [row.id, fromStoredQuantity(pick(row))]));
  return orders.change(
    before,
    complete ? { status: "fulfilled", fulfilledAt: op.timestamp } : { status: "partially_fulfilled" },
    {
      action: "fulfil",
      extra: [
        {
          field: "fulfilledQuantities",
          before: fulfilledOf((row) => Number(row.fulfilled_quantity)),
          after: fulfilledOf((row) => shipped.get(row.id) ?? Number(row.fulfilled_quantity)),
        },
      ],
      events: (after) => [
        { type: complete ? "order.fulfilled" : "order.partially_fulfilled", data: { ...eventData(after), lines } },
      ],
    },
  );
}

/** `orders.cancel`: a draft or confirmed order with nothing fulfilled is cancelled. Emits `order.cancelled`. */
export async function cancelOrder(op: OperationContext, id: string, options: unknown): Promise<OrderRecord> {
  const parsed = parseInput(cancelOrderSchema, options);
  const orders = op.records(orderEntity);
  const before = await orders.loadForChange(parseInput(orderIdSchema, id), {
    expectedVersion: parsed.expectedVersion,
    authorize: "cancel",
  });
  assertDocumentState(orders, before, "cancel", ["draft", "confirmed", "partially_fulfilled"]);
  if (before.status === "partially_fulfilled") {
    throw invalidTransition(`Order ${before.id} is partly fulfilled; it cannot be cancelled`, "fulfilment_started", {
      id: before.id,
    });
  }
  return orders.change(
    before,
    { status: "cancelled", cancelledAt: op.timestamp, cancelReason: parsed.reason ?? null },
    { action: "cancel", events: (after) => [{ type: "order.cancelled", data: eventData(after) }] },
  );
}
