import {
  type OperationContext,
  parseInput,
  ValidationError,
  type WriteOptions,
  writeOptionsSchema,
} from "@rapport/core";
import { refused, wrongStatus } from "../documents/document-errors.js";
import { documentDb, type OrderLineRow } from "../documents/document-tables.js";
import { loadForChange, writeChanges } from "../documents/record-verbs.js";
import { fromStoredQuantity, toStoredQuantity } from "../line-items/priced-line.js";
import { type OrderRecord, orderEntity } from "./order-entity.js";
import { cancelOrderSchema, fulfilOrderSchema } from "./order-schema.js";

function eventData(order: OrderRecord) {
  return {
    id: order.id,
    number: order.number,
    accountId: order.accountId,
    grandTotal: order.grandTotal,
    currency: order.currency,
  };
}

async function orderFor(
  op: OperationContext,
  id: string,
  action: string,
  statuses: readonly string[],
  verb: string,
  expectedVersion?: number,
): Promise<OrderRecord> {
  const order = await loadForChange(op, orderEntity, id, expectedVersion);
  await op.authorize(`order:${action}`, { ownerId: order.ownerId, createdBy: order.createdBy, id: order.id });
  if (!statuses.includes(order.status)) throw wrongStatus("order", order.id, order.status, verb);
  return order;
}

/** The order's lines in position order. */
export function orderLineRows(op: OperationContext, orderId: string): Promise<OrderLineRow[]> {
  return documentDb(op)
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
  const before = await orderFor(op, id, "confirm", ["draft"], "confirmed", expectedVersion);
  const after = await writeChanges(
    op,
    orderEntity,
    before,
    { status: "confirmed", confirmedAt: op.timestamp },
    "confirm",
  );
  op.emit("order.confirmed", eventData(after));
  return after;
}

/**
 * `orders.fulfil`: records shipped quantities line by line (everything still open when no
 * lines are given). A line cannot ship more than it has open (`ValidationError`, reason
 * `over_fulfilment`). When every line is complete the order is `fulfilled` and
 * `order.fulfilled` is emitted; otherwise it is `partially_fulfilled` (`order.partially_fulfilled`).
 */
export async function fulfilOrder(op: OperationContext, id: string, input: unknown): Promise<OrderRecord> {
  const parsed = parseInput(fulfilOrderSchema, input);
  const before = await orderFor(
    op,
    id,
    "fulfil",
    ["confirmed", "partially_fulfilled"],
    "fulfilled",
    parsed.expectedVersion,
  );
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
  if (shipped.size === 0) throw refused(`Order ${before.id} has nothing left to fulfil`, "document_status");
  for (const [lineId, fulfilled] of shipped) {
    await documentDb(op)
      .updateTable("sales_order_lines")
      .set({ fulfilled_quantity: fulfilled })
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", lineId)
      .execute();
  }
  const complete = rows.every(
    (row) => (shipped.get(row.id) ?? Number(row.fulfilled_quantity)) === Number(row.quantity),
  );
  const after = await writeChanges(
    op,
    orderEntity,
    before,
    complete ? { status: "fulfilled", fulfilledAt: op.timestamp } : { status: "partially_fulfilled" },
    "fulfil",
  );
  const lines = requested.map((r) => ({ lineId: r.lineId, quantity: r.quantity }));
  op.emit(complete ? "order.fulfilled" : "order.partially_fulfilled", { ...eventData(after), lines });
  return after;
}

/** `orders.cancel`: a draft or confirmed order with nothing fulfilled is cancelled. Emits `order.cancelled`. */
export async function cancelOrder(op: OperationContext, id: string, options: unknown): Promise<OrderRecord> {
  const parsed = parseInput(cancelOrderSchema, options);
  const before = await orderFor(
    op,
    id,
    "cancel",
    ["draft", "confirmed", "partially_fulfilled"],
    "cancelled",
    parsed.expectedVersion,
  );
  if (before.status === "partially_fulfilled") {
    throw refused(`Order ${before.id} is partly fulfilled; it cannot be cancelled`, "fulfilment_started", {
      id: before.id,
    });
  }
  const after = await writeChanges(
    op,
    orderEntity,
    before,
    { status: "cancelled", cancelledAt: op.timestamp, cancelReason: parsed.reason ?? null },
    "cancel",
  );
  op.emit("order.cancelled", eventData(after));
  return after;
}
