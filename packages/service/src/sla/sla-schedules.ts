import { NotFoundError, type OperationContext, runCompiled } from "@rapport/core";
import type { Holiday, WorkingHours } from "../calendars/business-calendar-schema.js";
import type { BusinessSchedule } from "../calendars/business-time.js";
import { oncePerOperation } from "../shared/operation-memo.js";
import type { ServiceDb } from "../shared/service-tables.js";

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

function toSchedule(row: CalendarColumns): BusinessSchedule {
  return {
    timeZone: row.time_zone,
    workingHours: JSON.parse(row.working_hours) as WorkingHours[],
    holidays: JSON.parse(row.holidays) as Holiday[],
  };
}

async function readSchedule(op: OperationContext, calendarId: string): Promise<BusinessSchedule> {
  const {
    rows: [row],
  } = await runCompiled(op, "service:calendar", [op.tenantId, calendarId], () =>
    (op.db as ServiceDb)
      .selectFrom("service_business_calendars")
      .select(["time_zone", "working_hours", "holidays"])
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", calendarId),
  );
  if (!row) throw new NotFoundError("business_calendar", calendarId);
  return toSchedule(row);
}
