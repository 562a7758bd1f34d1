import { TZDate } from "@date-fns/tz";
import { CrmError } from "@rapport/core";
import { addDays, format, getISODay, startOfDay } from "date-fns";
import { minutesOfDay } from "../shared/time-schemas.js";
import type { Holiday, WorkingHours } from "./business-calendar-schema.js";

/** What business-time arithmetic needs from a business calendar. */
export interface BusinessSchedule {
  readonly timeZone: string;
  readonly workingHours: readonly WorkingHours[];
  readonly holidays: readonly Holiday[];
}

/** A span of working time, as UTC epoch milliseconds, end exclusive. */
export interface WorkingInterval {
  readonly start: number;
  readonly end: number;
}

// About ten years of days: a schedule with working hours always finds time well before this.
const MAX_DAYS = 3_700;

/**
 * The working intervals of the local day `day` (a `TZDate` at local midnight): none on a
 * holiday, otherwise the weekday's blocks turned into instants through the time zone, so a
 * DST change moves them by the hour as a wall clock would.
 */
function intervalsOfDay(schedule: BusinessSchedule, day: TZDate): WorkingInterval[] {
  const date = format(day, "yyyy-MM-dd");
  if (schedule.holidays.some((holiday) => holiday.start <= date && date <= holiday.end)) return [];
  const weekday = getISODay(day);
  return schedule.workingHours
    .filter((block) => block.weekday === weekday)
    .map((block) => ({
      start: localInstant(schedule.timeZone, day, block.start),
      end: localInstant(schedule.timeZone, day, block.end),
    }))
    .sort((a, b) => a.start - b.start);
}

function localInstant(timeZone: string, day: TZDate, time: string): number {
  const minutes = minutesOfDay(time);
  // Hour 24 rolls over to the next local midnight, which is what "24:00" means.
  return new TZDate(
    day.getFullYear(),
    day.getMonth(),
    day.getDate(),
    Math.floor(minutes / 60),
    minutes % 60,
    0,
    0,
    timeZone,
  ).getTime();
}

/** Local days from the one containing `from`, in the schedule's time zone. */
function* localDays(schedule: BusinessSchedule, from: number): Generator<TZDate> {
  let day = startOfDay(new TZDate(from, schedule.timeZone));
  for (let i = 0; i < MAX_DAYS; i++) {
    yield day;
    day = addDays(day, 1);
  }
  throw new CrmError(
    "SERVICE_CALENDAR_EXHAUSTED",
    `No working time found within ${MAX_DAYS} days in this business calendar`,
  );
}

/**
 * The working intervals overlapping `[from, to)`, clipped to it, in order.
 *
 * @example
 * ```ts
 * workingIntervals(berlinOffice, new Date("2026-03-27T00:00:00Z"), new Date("2026-03-31T00:00:00Z"));
 * ```
 */
export function workingIntervals(schedule: BusinessSchedule, from: Date, to: Date): WorkingInterval[] {
  const start = from.getTime();
  const end = to.getTime();
  const found: WorkingInterval[] = [];
  if (end <= start) return found;
  for (const day of localDays(schedule, start)) {
    if (day.getTime() >= end) break;
    for (const interval of intervalsOfDay(schedule, day)) {
      const clippedStart = Math.max(interval.start, start);
      const clippedEnd = Math.min(interval.end, end);
      if (clippedEnd > clippedStart) found.push({ start: clippedStart, end: clippedEnd });
    }
  }
  return found;
}

/**
 * The instant `durationMs` of working time after `start`: time outside working hours and
 * on holidays does not count. A zero duration returns `start`.
 */
export function addBusinessTime(schedule: BusinessSchedule, start: Date, durationMs: number): Date {
  let remaining = Math.max(0, durationMs);
  const cursor = start.getTime();
  if (remaining === 0) return new Date(cursor);
  for (const day of localDays(schedule, cursor)) {
    for (const interval of intervalsOfDay(schedule, day)) {
      const from = Math.max(interval.start, cursor);
      if (interval.end <= from) continue;
      if (interval.end - from >= remaining) return new Date(from + remaining);
      remaining -= interval.end - from;
    }
  }
  throw new CrmError("SERVICE_CALENDAR_EXHAUSTED", "No working time found in this business calendar");
}

/** `minutes` business minutes after `start`. */
export function addBusinessMinutes(schedule: BusinessSchedule, start: Date, minutes: number): Date {
  return addBusinessTime(schedule, start, minutes * 60_000);
}

/** Working time between two instants, in milliseconds (0 when `to` is not after `from`). */
export function businessTimeBetween(schedule: BusinessSchedule, from: Date, to: Date): number {
  return workingIntervals(schedule, from, to).reduce((sum, interval) => sum + (interval.end - interval.start), 0);
}

/** Whole business minutes between two instants. */
export function businessMinutesBetween(schedule: BusinessSchedule, from: Date, to: Date): number {
  return Math.floor(businessTimeBetween(schedule, from, to) / 60_000);
}

/** True when `at` falls inside working hours (not on a holiday). */
export function isWithinBusinessHours(schedule: BusinessSchedule, at: Date): boolean {
  const instant = at.getTime();
  const day = startOfDay(new TZDate(instant, schedule.timeZone));
  return intervalsOfDay(schedule, day).some((interval) => interval.start <= instant && instant < interval.end);
}

/** The local calendar date (`YYYY-MM-DD`) of `at` in `timeZone`. */
export function localDateOf(timeZone: string, at: Date): string {
  return format(new TZDate(at.getTime(), timeZone), "yyyy-MM-dd");
}
