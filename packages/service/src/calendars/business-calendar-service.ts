import {
  createEntityService,
  type EntityService,
  idSchema,
  type ModuleContext,
  NotFoundError,
  type OperationContext,
  parseInput,
} from "@rapport/core";
import * as z from "zod";
import { serviceDb } from "../shared/service-tables.js";
import { instantSchema } from "../shared/time-schemas.js";
import { loadSchedule } from "../sla/sla-schedules.js";
import { type BusinessCalendar, businessCalendarEntity } from "./business-calendar-entity.js";
import type { CreateBusinessCalendarInput, UpdateBusinessCalendarInput } from "./business-calendar-schema.js";
import { addBusinessMinutes, businessMinutesBetween, isWithinBusinessHours } from "./business-time.js";

/** Business calendars: the standard service plus business-time arithmetic on a calendar. */
export interface BusinessCalendarService
  extends EntityService<BusinessCalendar, CreateBusinessCalendarInput, UpdateBusinessCalendarInput> {
  /** The instant `minutes` business minutes after `from` (ISO-8601) on this calendar. */
  addBusinessMinutes(id: string, from: string, minutes: number): Promise<string>;
  /** Whole business minutes between two instants on this calendar (0 when `to` is not after `from`). */
  businessMinutesBetween(id: string, from: string, to: string): Promise<number>;
  /** Whether the calendar is within working hours at `at` (default: the clock's now). */
  isOpen(id: string, at?: string): Promise<boolean>;
}

async function scheduleOf(op: OperationContext, id: string) {
  const calendarId = parseInput(idSchema("bcal"), id);
  await op.authorize("business_calendar:read");
  const exists = await serviceDb(op)
    .selectFrom("service_business_calendars")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", calendarId)
    .executeTakeFirst();
  if (!exists) throw new NotFoundError("business_calendar", calendarId);
  return loadSchedule(op, calendarId);
}

const minutesSchema = z.number().int().min(0).max(10_000_000);

/** Builds `client.service.calendars`. */
export function createBusinessCalendarService(ctx: ModuleContext): BusinessCalendarService {
  return {
    ...createEntityService(ctx, businessCalendarEntity),
    addBusinessMinutes: (id, from, minutes) =>
      ctx.read(async (op) => {
        const start = parseInput(instantSchema, from);
        const count = parseInput(minutesSchema, minutes);
        return addBusinessMinutes(await scheduleOf(op, id), new Date(start), count).toISOString();
      }),
    businessMinutesBetween: (id, from, to) =>
      ctx.read(async (op) => {
        const start = parseInput(instantSchema, from);
        const end = parseInput(instantSchema, to);
        return businessMinutesBetween(await scheduleOf(op, id), new Date(start), new Date(end));
      }),
    isOpen: (id, at) =>
      ctx.read(async (op) => {
        const instant = at === undefined ? op.now : new Date(parseInput(instantSchema, at));
        return isWithinBusinessHours(await scheduleOf(op, id), instant);
      }),
  };
}
