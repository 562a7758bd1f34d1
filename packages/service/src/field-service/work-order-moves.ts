import { type ChangeEvent, idSchema, type OperationContext, parseInput } from "@rapport/core";
import { serviceDb } from "../shared/service-tables.js";
import { type WorkOrder, workOrderEntity } from "./work-order-entity.js";
import { type PartInput, partSchema, type WorkOrderLocation, type WorkOrderStatus } from "./work-order-schema.js";

/** A part used on a work order. */
export interface WorkOrderPart {
  readonly id: string;
  readonly workOrderId: string;
  readonly productId: string | null;
  readonly description: string;
  readonly quantity: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** The moves a work order may make; completed, cannot-complete and cancelled are final. */
export const TRANSITIONS: Readonly<Record<WorkOrderStatus, readonly WorkOrderStatus[]>> = {
  new: ["scheduled", "cancelled"],
  scheduled: ["en_route", "cannot_complete", "cancelled"],
  en_route: ["on_site", "cannot_complete"],
  on_site: ["completed", "cannot_complete"],
  completed: [],
  cannot_complete: [],
  cancelled: [],
};

/** How a verb loads the work order it changes. */
export interface LoadOrderOptions {
  /** The version the caller read; another is a `ConflictError`. */
  readonly expectedVersion?: number | undefined;
  /** The action checked on the work order (`dispatch` checks `work_order:dispatch`). */
  readonly authorize: string;
}

/** Loads a work order for a verb through the record layer: locked, authorised, version-checked, not archived. */
export function loadOrder(op: OperationContext, id: string, options: LoadOrderOptions): Promise<WorkOrder> {
  return op.records(workOrderEntity).loadForChange(parseInput(idSchema("wo"), id), options);
}

/** Fields a move sets besides the status. */
export type MoveChanges = { -readonly [K in keyof WorkOrder]?: WorkOrder[K] };

/** The statuses a work order may reach `to` from, per {@link TRANSITIONS}. */
const fromStates = (to: WorkOrderStatus) =>
  (Object.keys(TRANSITIONS) as WorkOrderStatus[]).filter((from) => TRANSITIONS[from].includes(to));

/** Throws `InvalidTransitionError` (naming the statuses `verb` is allowed from) unless the work order may move to `to`. */
export function assertMove(op: OperationContext, order: WorkOrder, verb: string, to: WorkOrderStatus): void {
  op.records(workOrderEntity).assertState(order, verb, fromStates(to));
}

/**
 * Moves a work order to `to` as `verb`: a versioned change audited as the verb, emitting
 * `work_order.updated`, `work_order.status_changed` and the verb's own `events`.
 */
export function move(
  op: OperationContext,
  order: WorkOrder,
  verb: string,
  to: WorkOrderStatus,
  changes: MoveChanges,
  events: (after: WorkOrder) => readonly ChangeEvent[] = () => [],
): Promise<WorkOrder> {
  return op.records(workOrderEntity).transition(order, {
    verb,
    from: fromStates(to),
    to,
    changes,
    events: (after) => [
      { type: "work_order.status_changed", data: { id: after.id, from: order.status, to } },
      ...events(after),
    ],
  });
}

/** The location as one line for a calendar entry. */
export function addressOf(location: WorkOrderLocation): string | null {
  const text = [location.address, [location.postalCode, location.city].filter(Boolean).join(" "), location.country]
    .filter((part) => part && part.length > 0)
    .join(", ");
  return text.length > 0 ? text.slice(0, 500) : null;
}

/** Records a part used on a work order. */
export async function insertPart(op: OperationContext, workOrderId: string, input: PartInput): Promise<WorkOrderPart> {
  const parsed = parseInput(partSchema, input);
  const part: WorkOrderPart = {
    id: op.newId("part"),
    workOrderId,
    productId: parsed.productId ?? null,
    description: parsed.description,
    quantity: parsed.quantity,
    createdAt: op.timestamp,
    createdBy: op.actor.userId,
  };
  await serviceDb(op)
    .insertInto("service_work_order_parts")
    .values({
      tenant_id: op.tenantId,
      id: part.id,
      work_order_id: workOrderId,
      product_id: part.productId,
      description: part.description,
      quantity: part.quantity,
      created_at: part.createdAt,
      created_by: part.createdBy,
    })
    .execute();
  return part;
}
