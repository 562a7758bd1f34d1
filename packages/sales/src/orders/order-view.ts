import type { OperationContext } from "@rapport/core";
import type { OrderLineRow } from "../database.js";
import { fromStoredPercent } from "../documents/percent.js";
import { type PricedLineView, pricedLineView } from "../line-items/line-rows.js";
import { fromStoredQuantity } from "../line-items/priced-line.js";
import { type OrderRecord, orderEntity } from "./order-entity.js";

/** An order: header, frozen totals in minor units of `currency`, and fulfilment state. */
export interface Order extends Omit<OrderRecord, "headerDiscount"> {
  /** `SO-00042`. */
  readonly displayNumber: string;
  readonly headerDiscountPercent: number;
}

/** A frozen order line and how much of it was fulfilled. */
export interface OrderLine extends PricedLineView {
  readonly orderId: string;
  readonly taxRatePercent: number;
  readonly taxAmount: number;
  readonly totalAmount: number;
  readonly fulfilledQuantity: number;
  readonly remainingQuantity: number;
}

/**
 * A stored order as the public {@link Order}. A field the actor's roles hide is absent
 * from a redacted record, and so is what is derived from it.
 */
export function toOrder(record: OrderRecord): Order {
  const { headerDiscount, ...rest } = record;
  return {
    ...rest,
    ...(Object.hasOwn(record, "number") ? { displayNumber: `SO-${String(record.number).padStart(5, "0")}` } : {}),
    ...(Object.hasOwn(record, "headerDiscount") ? { headerDiscountPercent: fromStoredPercent(headerDiscount) } : {}),
  } as Order;
}

/** What a verb returns: the order without the fields the actor's roles hide. */
export async function shownOrder(op: OperationContext, record: OrderRecord): Promise<Order> {
  return toOrder(await op.records(orderEntity).shown(record));
}

/** A stored order line as the public {@link OrderLine}. */
export function toOrderLine(row: OrderLineRow): OrderLine {
  const fulfilled = Number(row.fulfilled_quantity);
  return {
    ...pricedLineView(row),
    orderId: row.order_id,
    taxRatePercent: fromStoredPercent(row.tax_rate),
    taxAmount: Number(row.tax_amount),
    totalAmount: Number(row.total_amount),
    fulfilledQuantity: fromStoredQuantity(fulfilled),
    remainingQuantity: fromStoredQuantity(Number(row.quantity) - fulfilled),
  };
}
