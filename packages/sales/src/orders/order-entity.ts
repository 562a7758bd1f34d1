import { defineEntity, type EntityRecord, field } from "@rapport/core";
import { checkDocumentLinks } from "../documents/record-links.js";
import { PREPARED_INPUT } from "../internal/prepared-definition.js";
import type { OrderStatus, SalesChannel } from "./order-schema.js";
import { ORDER_STATUSES, SALES_CHANNELS } from "./order-schema.js";

const orderFields = {
  /** Per tenant, 1, 2, 3… */
  number: field.integer(),
  accountId: field.text(),
  contactId: field.nullableText(),
  opportunityId: field.nullableText(),
  quoteId: field.nullableText(),
  ownerId: field.nullableText(),
  currency: field.text(),
  status: field.text<OrderStatus>({ values: ORDER_STATUSES }),
  orderDate: field.text(),
  /** Thousandths of a percent. */
  headerDiscount: field.integer({ filterable: false, sortable: false }),
  subtotal: field.integer(),
  discountTotal: field.integer(),
  netTotal: field.integer(),
  taxTotal: field.integer(),
  grandTotal: field.integer(),
  channel: field.text<SalesChannel>({ values: SALES_CHANNELS }),
  partnerId: field.nullableText(),
  notes: field.nullableText({ filterable: false, sortable: false }),
  confirmedAt: field.nullableTimestamp(),
  fulfilledAt: field.nullableTimestamp(),
  cancelledAt: field.nullableTimestamp(),
  cancelReason: field.nullableText({ filterable: false, sortable: false }),
};

/** An order as stored. The public {@link Order} shows the header discount in percent. */
export type OrderRecord = EntityRecord<typeof orderFields>;

/** Sales orders: what the customer ordered, lines frozen, from confirmation to fulfilment. */
export const orderEntity = defineEntity({
  type: "order",
  table: "sales_orders",
  idPrefix: "ord",
  fields: orderFields,
  ...PREPARED_INPUT,
  ownerField: "ownerId",
  validate: (next, before, op) => checkDocumentLinks(op, next, before),
});
