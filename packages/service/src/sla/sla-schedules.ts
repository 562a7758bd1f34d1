import { NotFoundError, type OperationContext } from "@rapport/core";
import { runCompiled } from "@rapport/core/internals";
import type { Holiday, WorkingHours } from "../calendars/business-calendar-schema.js";
import { type BusinessSchedule, frozenSchedule } from "../calendars/business-time.js";
import { oncePerOperation } from "../shared/operation-memo.js";
import { serviceDb } from "../shared/service-tables.js";

/** The business schedule (time zone, working hours, holidays) of a calendar. */
export function loadSchedule(op: OperationContext, calendarId: string): Promise<BusinessSchedule> {
  // Starting a case's clocks and summarising them read the same calendar.
  return oncePerOperation(op, `calendar:${calendarId}`, () => readSchedule(op, calendarId));
}

/** A calendar's columns as stored. */
export interface CalendarColumns {
  readonly time_zone: string;
  readonly working_hours: string;
  readonly holidays: string;
}

/**
 * Hands {@link loadSchedule} a calendar another query of the operation already read (an SLA
 * policy joined to its calendar), so the operation does not read it again.
 */
export function rememberSchedule(op: OperationContext, calendarId: string, columns: CalendarColumns): void {
  const schedule = toSchedule(columns);
  void oncePerOperation(op, `calendar:${calendarId}`, async () => schedule);
}

// Schedules by their stored columns: every case of a queue runs on the same few calendars,
// and one schedule object keeps the working intervals it already worked out (business-time.ts).
const schedules = new Map<string, BusinessSchedule>();
const MAX_CACHED_SCHEDULES = 1_000;

function toSchedule(row: CalendarColumns): BusinessSchedule {
  const key = `${row.time_zone}\n${row.working_hours}\n${row.holidays}`;
  let schedule = schedules.get(key);
  if (schedule === undefined) {
    schedule = frozenSchedule({
      timeZone: row.time_zone,
      workingHours: JSON.parse(row.working_hours) as WorkingHours[],
      holidays: JSON.parse(row.holidays) as Holiday[],
    });
    if (schedules.size >= MAX_CACHED_SCHEDULES) schedules.clear();
    schedules.set(key, schedule);
  }
  return schedule;
}

async function readSchedule(op: OperationContext, calendarId: string): Promise<BusinessSchedule> {
  const {
    rows: [row],
  } = await runCompiled(op, "service:calendar", [op.tenantId, calendarId], () =>
    serviceDb(op)
      .selectFrom("service_business_calendars")
      .select(["time_zone", "working_hours", "holidays"])
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", calendarId),
  );
  if (!row) throw new NotFoundError("business_calendar", calendarId);
  return toSchedule(row);
}
