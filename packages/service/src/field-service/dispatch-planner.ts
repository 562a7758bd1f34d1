import type { OperationContext } from "@rapport/core";
import { type WorkingInterval, workingIntervals } from "../calendars/business-time.js";
import { dispatchRefusalOf, dispatchRefused } from "../errors.js";
import { peersOf } from "../shared/peers.js";
import { serviceDb, type TechnicianRow } from "../shared/service-tables.js";
import { loadSchedule } from "../sla/sla-schedules.js";
import type { WorkOrder } from "./work-order-entity.js";

/** Statuses in which a work order holds a slot on its technician's day. */
export const BOOKED_STATUSES = ["scheduled", "en_route", "on_site"] as const;

/** A technician who could do a work order, and when. */
export interface DispatchProposal {
  readonly technicianId: string;
  readonly name: string;
  readonly start: string;
  readonly end: string;
  /** Minutes already booked for the technician within the work order's window. */
  readonly loadMinutes: number;
}

interface Slot {
  readonly start: number;
  readonly end: number;
}

/**
 * The technician's busy time overlapping `[from, to)`, in order: their other work orders, and
 * — when the core calendar is installed and they have a user — their appointments.
 */
async function bookings(
  op: OperationContext,
  technician: TechnicianRow,
  from: string,
  to: string,
  excludeId: string,
): Promise<Slot[]> {
  const calendar = peersOf(op).calendar;
  const appointments =
    calendar && technician.user_id !== null
      ? await calendar.clashes({ userIds: [technician.user_id], startsAt: from, endsAt: to })
      : [];
  const rows = await serviceDb(op)
    .selectFrom("service_work_orders")
    .select(["scheduled_start", "scheduled_end"])
    .where("tenant_id", "=", op.tenantId)
    .where("technician_id", "=", technician.id)
    .where("status", "in", [...BOOKED_STATUSES])
    .where("id", "<>", excludeId)
    .where("scheduled_start", "<", to)
    .where("scheduled_end", ">", from)
    .orderBy("scheduled_start")
    .execute();
  return [
    ...rows.map((r) => ({ start: Date.parse(r.scheduled_start ?? from), end: Date.parse(r.scheduled_end ?? from) })),
    ...appointments.map((a) => ({ start: Date.parse(a.startsAt), end: Date.parse(a.endsAt) })),
  ].sort((a, b) => a.start - b.start);
}

/** The first `length` ms inside one working interval that overlaps no booking. */
function earliestFit(intervals: readonly WorkingInterval[], booked: readonly Slot[], length: number): Slot | null {
  for (const interval of intervals) {
    let cursor = interval.start;
    for (const busy of booked) {
      if (busy.end <= cursor || busy.start >= interval.end) continue;
      if (busy.start - cursor >= length) return { start: cursor, end: cursor + length };
      cursor = Math.max(cursor, busy.end);
    }
    if (interval.end - cursor >= length) return { start: cursor, end: cursor + length };
  }
  return null;
}

function missingSkills(technician: TechnicianRow, order: WorkOrder): string[] {
  const skills = new Set(JSON.parse(technician.skills) as string[]);
  return order.requiredSkills.filter((skill) => !skills.has(skill));
}

/** The window as the dispatcher may still use it: not before now, rounded up to the minute. */
function usableWindow(op: OperationContext, order: WorkOrder): { from: number; to: number } {
  const now = Math.ceil(op.now.getTime() / 60_000) * 60_000;
  return { from: Math.max(Date.parse(order.windowStart), now), to: Date.parse(order.windowEnd) };
}

/**
 * Checks that `technician` can do `order` and finds the slot: the given `start`, or their
 * earliest free slot in the window. Throws the typed refusal (see `DISPATCH_REFUSALS`).
 */
export async function slotFor(
  op: OperationContext,
  order: WorkOrder,
  technician: TechnicianRow,
  start?: string,
): Promise<Slot> {
  if (Number(technician.active) !== 1 || technician.archived_at !== null) {
    throw dispatchRefused(["technicianId"], "technician_inactive", `Technician ${technician.id} is not active`);
  }
  const missing = missingSkills(technician, order);
  if (missing.length > 0) {
    throw dispatchRefused(
      ["technicianId"],
      "missing_skills",
      `Technician ${technician.name} lacks the skills ${missing.join(", ")}`,
      { missing },
    );
  }
  const length = order.durationMinutes * 60_000;
  const window = usableWindow(op, order);
  const schedule = await loadSchedule(op, technician.calendar_id);
  if (start !== undefined) {
    const slot = { start: Date.parse(start), end: Date.parse(start) + length };
    if (slot.start < window.from || slot.end > window.to) {
      throw dispatchRefused(
        ["start"],
        "outside_window",
        "The visit must start and end inside the work order's window, and not in the past",
      );
    }
    // Inside working hours when every minute of it is working time (adjacent blocks count as one).
    const worked = workingIntervals(schedule, new Date(slot.start), new Date(slot.end)).reduce(
      (sum, part) => sum + (part.end - part.start),
      0,
    );
    if (worked !== length) {
      throw dispatchRefused(
        ["start"],
        "outside_working_hours",
        `The visit falls outside ${technician.name}'s working hours`,
      );
    }
    const clash = (
      await bookings(op, technician, new Date(slot.start).toISOString(), new Date(slot.end).toISOString(), order.id)
    )[0];
    if (clash) throw dispatchRefused(["start"], "technician_busy", `${technician.name} has another visit then`);
    return slot;
  }
  if (window.to <= window.from)
    throw dispatchRefused(["technicianId"], "outside_window", "The work order's window has passed");
  const intervals = workingIntervals(schedule, new Date(window.from), new Date(window.to)).filter(
    (interval) => interval.end - interval.start >= length,
  );
  if (intervals.length === 0) {
    throw dispatchRefused(
      ["technicianId"],
      "outside_working_hours",
      `${technician.name} has no working time long enough in the work order's window`,
    );
  }
  const slot = earliestFit(
    intervals,
    await bookings(op, technician, new Date(window.from).toISOString(), new Date(window.to).toISOString(), order.id),
    length,
  );
  if (!slot)
    throw dispatchRefused(
      ["technicianId"],
      "no_free_slot",
      `${technician.name} is fully booked in the work order's window`,
    );
  return slot;
}

/**
 * Ranks the technicians who can do a work order. The rule: a technician qualifies when they
 * are active, have every required skill, belong to the work order's territory (when it has
 * one) and have a free slot inside one block of their working hours within the window.
 * Qualified technicians are ordered by the fewest minutes already booked in the window
 * (spreading the load), then the earliest slot, then id.
 */
export async function proposeTechnicians(op: OperationContext, order: WorkOrder): Promise<DispatchProposal[]> {
  const db = serviceDb(op);
  let query = db
    .selectFrom("service_technicians")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("active", "=", 1)
    .where("archived_at", "is", null);
  if (order.territory !== null) query = query.where("territory", "=", order.territory);
  const technicians = (await query.orderBy("id").execute()).filter(
    (technician) => missingSkills(technician, order).length === 0,
  );
  if (technicians.length === 0) return [];
  const loads = await db
    .selectFrom("service_work_orders")
    .select(["technician_id"])
    .select((eb) => eb.fn.sum<number | string>("duration_minutes").as("minutes"))
    .where("tenant_id", "=", op.tenantId)
    .where(
      "technician_id",
      "in",
      technicians.map((t) => t.id),
    )
    .where("status", "in", [...BOOKED_STATUSES])
    .where("id", "<>", order.id)
    .where("scheduled_start", "<", order.windowEnd)
    .where("scheduled_end", ">", order.windowStart)
    .groupBy("technician_id")
    .execute();
  const loadOf = new Map(loads.map((row) => [row.technician_id, Number(row.minutes)]));
  const proposals: DispatchProposal[] = [];
  for (const technician of technicians) {
    const slot = await slotFor(op, order, technician).catch((error: unknown) => {
      if (dispatchRefusalOf(error)) return null;
      throw error;
    });
    if (!slot) continue;
    proposals.push({
      technicianId: technician.id,
      name: technician.name,
      start: new Date(slot.start).toISOString(),
      end: new Date(slot.end).toISOString(),
      loadMinutes: loadOf.get(technician.id) ?? 0,
    });
  }
  return proposals.sort(
    (a, b) =>
      a.loadMinutes - b.loadMinutes || a.start.localeCompare(b.start) || a.technicianId.localeCompare(b.technicianId),
  );
}
