import { TZDate } from "@date-fns/tz";
import { CrmError } from "@rapport/core";
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
const DAY_MS = 86_400_000;

/**
 * A local calendar day of a schedule, as the UTC midnight of the same civil date: its
 * `getUTC*` fields are the local year, month and day. Stepping days is then plain
 * arithmetic; only turning a local time into an instant needs the time zone.
 */
type CivilDay = number;

// Local wall times turned into instants, by zone, civil day and minute of the day. The
// conversion through the zone's rules is what costs (a `TZDate` each); SLA clocks of many
// cases land on the same few days and working-hour boundaries. Cleared when it grows large.
const instants = new Map<string, number>();
const MAX_CACHED_INSTANTS = 100_000;

function localInstant(timeZone: string, day: CivilDay, minutes: number): number {
  const key = `${timeZone} ${day} ${minutes}`;
  let instant = instants.get(key);
  if (instant === undefined) {
    const date = new Date(day);
    // Hour 24 rolls over to the next local midnight, which is what "24:00" means.
    instant = new TZDate(
      date.getUTCFullYear(),
      date.getUTCMonth(),
      date.getUTCDate(),
      Math.floor(minutes / 60),
      minutes % 60,
      0,
      0,
      timeZone,
    ).getTime();
    if (instants.size >= MAX_CACHED_INSTANTS) instants.clear();
    instants.set(key, instant);
  }
  return instant;
}

/** `YYYY-MM-DD` of a civil day, as holidays are written. */
function isoDateOf(day: CivilDay): string {
  return new Date(day).toISOString().slice(0, 10);
}

/**
 * The working intervals of the local day `day`: none on a holiday, otherwise the weekday's
 * blocks turned into instants through the time zone, so a DST change moves them by the
 * hour as a wall clock would. Remembered for a {@link frozenSchedule}.
 */
function intervalsOfDay(schedule: BusinessSchedule, day: CivilDay): readonly WorkingInterval[] {
  const days = rememberedDays.get(schedule);
  if (days === undefined) return workOutIntervals(schedule, day);
  let found = days.get(day);
  if (found === undefined) {
    found = workOutIntervals(schedule, day);
    if (days.size >= MAX_REMEMBERED_DAYS) days.clear();
    days.set(day, found);
  }
  return found;
}

// Working intervals by civil day, for schedules made with `frozenSchedule`: the SLA code
// shares one per stored calendar, and the clocks of many cases fall on the same few days.
const rememberedDays = new WeakMap<BusinessSchedule, Map<CivilDay, readonly WorkingInterval[]>>();
const MAX_REMEMBERED_DAYS = 5_000;

/**
 * A deep-frozen copy of `schedule` whose working intervals are remembered day by day: it
 * cannot change, so what was worked out for a day stays true. (A caller's own schedule may
 * change between calls, so its days are worked out afresh each time.)
 */
export function frozenSchedule(schedule: BusinessSchedule): BusinessSchedule {
  const frozen: BusinessSchedule = Object.freeze({
    timeZone: schedule.timeZone,
    workingHours: Object.freeze(schedule.workingHours.map((block) => Object.freeze({ ...block }))),
    holidays: Object.freeze(schedule.holidays.map((holiday) => Object.freeze({ ...holiday }))),
  });
  rememberedDays.set(frozen, new Map());
  return frozen;
}

function workOutIntervals(schedule: BusinessSchedule, day: CivilDay): readonly WorkingInterval[] {
  const found: WorkingInterval[] = [];
  if (schedule.holidays.length > 0) {
    const date = isoDateOf(day);
    if (schedule.holidays.some((holiday) => holiday.start <= date && date <= (holiday.end ?? holiday.start)))
      return Object.freeze(found);
  }
  const weekday = new Date(day).getUTCDay() || 7; // ISO: Monday 1 … Sunday 7
  for (const block of schedule.workingHours) {
    if (block.weekday !== weekday) continue;
    found.push(
      Object.freeze({
        start: localInstant(schedule.timeZone, day, minutesOfDay(block.start)),
        end: localInstant(schedule.timeZone, day, minutesOfDay(block.end)),
      }),
    );
  }
  return Object.freeze(found.length > 1 ? found.sort((a, b) => a.start - b.start) : found);
}

/**
 * The civil day containing the instant `at` in `timeZone`: the day whose local midnight is
 * at or before `at` and whose next midnight is after it. Offsets stay within a day, so it is
 * the UTC date or a neighbour; the midnights come from the instant cache.
 */
function civilDayOf(timeZone: string, at: number): CivilDay {
  const utcDay = at - (((at % DAY_MS) + DAY_MS) % DAY_MS);
  for (const day of [utcDay, utcDay - DAY_MS, utcDay + DAY_MS]) {
    if (localInstant(timeZone, day, 0) <= at && at < localInstant(timeZone, day + DAY_MS, 0)) return day;
  }
  const local = new TZDate(at, timeZone);
  return Date.UTC(local.getFullYear(), local.getMonth(), local.getDate());
}

/** Local days from the one containing `from`, in the schedule's time zone. */
function* localDays(schedule: BusinessSchedule, from: number): Generator<CivilDay> {
  const first = civilDayOf(schedule.timeZone, from);
  for (let i = 0; i < MAX_DAYS; i++) yield first + i * DAY_MS;
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
    if (localInstant(schedule.timeZone, day, 0) >= end) break;
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
  return intervalsOfDay(schedule, civilDayOf(schedule.timeZone, instant)).some(
    (interval) => interval.start <= instant && instant < interval.end,
  );
}

/** The local calendar date (`YYYY-MM-DD`) of `at` in `timeZone`. */
export function localDateOf(timeZone: string, at: Date): string {
  return isoDateOf(civilDayOf(timeZone, at.getTime()));
}
