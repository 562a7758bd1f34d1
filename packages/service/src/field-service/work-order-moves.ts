import { InvalidTransitionError, idSchema, type OperationContext, parseInput } from "@rapport/core";
import type { ServiceDb, WorkOrderRow } from "../shared/service-tables.js";
import { loadForWrite, writeVersioned } from "../shared/versioned-write.js";
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

/** Loads a work order for a verb: locked, version-checked, not archived. */
export function loadOrder(op: OperationContext, id: string, expectedVersion?: number): Promise<WorkOrderRow> {
  return loadForWrite<WorkOrderRow>(
    op,
    "service_work_orders",
    "work_order",
    parseInput(idSchema("wo"), id),
    expectedVersion,
  );
}

/** Throws `InvalidTransitionError` unless the work order may move to `to`. */
export function assertMove(row: WorkOrderRow, to: WorkOrderStatus): void {
  const from = row.status as WorkOrderStatus;
  if (!TRANSITIONS[from].includes(to)) {
    throw new InvalidTransitionError(`work_order ${row.id} cannot move from ${from} to ${to}`, {
      details: { id: row.id, from, to, allowed: TRANSITIONS[from] },
    });
  }
}

/** Moves a work order: writes, audits, emits `work_order.status_changed`. */
export async function move(
  op: OperationContext,
  row: WorkOrderRow,
  to: WorkOrderStatus,
  changes: Partial<WorkOrderRow>,
  action: string,
): Promise<void> {
  assertMove(row, to);
  await writeVersioned(op, "service_work_orders", "work_order", row.id, Number(row.version), {
    ...changes,
    status: to,
  });
  await op.audit({
    entityType: "work_order",
    entityId: row.id,
    action,
    before: { status: row.status },
    after: { status: to, ...changes },
  });
  op.emit("work_order.status_changed", { id: row.id, from: row.status, to });
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
  await (op.db as ServiceDb)
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
