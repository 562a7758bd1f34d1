import type { OperationContext } from "@rapport/core";
import { parseInput } from "@rapport/core";
import { dispatchRefused } from "../errors.js";
import { peersOf } from "../shared/peers.js";
import { serviceDb, type TechnicianRow } from "../shared/service-tables.js";
import { proposeTechnicians, slotFor } from "./dispatch-planner.js";
import { addressOf, assertMove, loadOrder, move } from "./work-order-moves.js";
import { type DispatchInput, dispatchSchema } from "./work-order-schema.js";

/**
 * Dispatches a work order in the caller's transaction: checks the technician given (or takes
 * the best proposal), books the visit on their calendar when the core calendar is installed,
 * and schedules the work order. Emits `work_order.dispatched`.
 */
export async function dispatchIn(op: OperationContext, id: string, input: DispatchInput): Promise<void> {
  const parsed = parseInput(dispatchSchema, input);
  const row = await loadOrder(op, id, { expectedVersion: parsed.expectedVersion, authorize: "dispatch" });
  assertMove(op, row, "dispatch", "scheduled");
  const db = serviceDb(op);
  let technician: TechnicianRow | undefined;
  let slot: { start: number; end: number };
  if (parsed.technicianId) {
    technician = await db
      .selectFrom("service_technicians")
      .selectAll()
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", parsed.technicianId)
      .executeTakeFirst();
    if (!technician)
      throw dispatchRefused(["technicianId"], "technician_inactive", `Unknown technician ${parsed.technicianId}`);
    slot = await slotFor(op, row, technician, parsed.start);
  } else {
    if (parsed.start) throw dispatchRefused(["start"], "no_available_technician", "Give a technicianId with a start");
    const [best] = await proposeTechnicians(op, row);
    if (!best)
      throw dispatchRefused(
        ["technicianId"],
        "no_available_technician",
        "No technician with the skills, territory and free time for this work order",
      );
    technician = await db
      .selectFrom("service_technicians")
      .selectAll()
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", best.technicianId)
      .executeTakeFirstOrThrow();
    slot = { start: Date.parse(best.start), end: Date.parse(best.end) };
  }
  const start = new Date(slot.start).toISOString();
  const end = new Date(slot.end).toISOString();
  const calendar = peersOf(op).calendar;
  let appointmentId: string | null = null;
  if (calendar && technician.user_id !== null) {
    const appointment = await calendar.create(
      {
        subject: `Work order: ${row.title}`.slice(0, 500),
        description: row.description,
        location: addressOf(row.location),
        startsAt: start,
        endsAt: end,
        ownerId: technician.user_id,
        relatedTo: { type: "work_order", id: row.id },
      },
      { rejectDoubleBooking: true },
    );
    appointmentId = appointment.id;
  }
  const technicianId = technician.id;
  await move(
    op,
    row,
    "dispatch",
    "scheduled",
    {
      technicianId,
      ownerId: technician.user_id ?? row.ownerId,
      scheduledStart: start,
      scheduledEnd: end,
      appointmentId,
    },
    (after) => [{ type: "work_order.dispatched", data: { id: after.id, technicianId, start, end, appointmentId } }],
  );
}
