/**
 * Business-hours arithmetic as a host app would write it for its support calendar, from
 * the calendar row's JSON: working blocks per weekday and holiday ranges. UTC calendars
 * only — the bench's calendar is in UTC, so a day is 24 hours and no time-zone rules apply.
 */

const DAY_MS = 86_400_000;
/** About ten years: a calendar with working hours finds time long before this. */
const MAX_DAYS = 3_700;

/**
 * @typedef {object} UtcSchedule
 * @property {readonly (readonly [number, number])[][]} blocks working blocks by ISO weekday (index 1 = Monday … 7 = Sunday), as milliseconds after midnight, sorted
 * @property {readonly { start: string, end: string }[]} holidays local date ranges, inclusive
 */

/** @param {string} time `HH:MM` */
function msOfDay(time) {
  return (Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))) * 60_000;
}

/**
 * The schedule of a calendar row.
 *
 * @param {string} timeZone must be `UTC`
 * @param {string} workingHoursJson `[{ weekday, start, end }]`
 * @param {string} holidaysJson `[{ name, start, end }]`
 * @returns {UtcSchedule}
 */
export function utcSchedule(timeZone, workingHoursJson, holidaysJson) {
  if (timeZone !== "UTC") throw new Error(`raw: business hours are only written for UTC calendars, not ${timeZone}`);
  /** @type {[number, number][][]} */
  const blocks = Array.from({ length: 8 }, () => []);
  for (const block of /** @type {{ weekday: number, start: string, end: string }[]} */ (JSON.parse(workingHoursJson)))
    blocks[block.weekday]?.push([msOfDay(block.start), msOfDay(block.end)]);
  for (const day of blocks) day.sort((a, b) => a[0] - b[0]);
  return { blocks, holidays: JSON.parse(holidaysJson) };
}

/**
 * The instant `durationMs` of working time after `startMs`: evenings, weekends and holidays
 * do not count. A block that ends exactly when the time runs out is where it ends.
 *
 * @param {UtcSchedule} schedule
 * @param {number} startMs
 * @param {number} durationMs
 * @returns {number}
 */
export function addBusinessMs(schedule, startMs, durationMs) {
  let remaining = Math.max(0, durationMs);
  if (remaining === 0) return startMs;
  let midnight = startMs - (startMs % DAY_MS);
  for (let i = 0; i < MAX_DAYS; i++, midnight += DAY_MS) {
    const date = new Date(midnight).toISOString().slice(0, 10);
    if (schedule.holidays.some((h) => h.start <= date && date <= h.end)) continue;
    // getUTCDay: 0 = Sunday; ISO weekdays run 1 = Monday … 7 = Sunday.
    const weekday = new Date(midnight).getUTCDay() || 7;
    for (const [blockStart, blockEnd] of schedule.blocks[weekday] ?? []) {
      const from = Math.max(midnight + blockStart, startMs);
      const end = midnight + blockEnd;
      if (end <= from) continue;
      if (end - from >= remaining) return from + remaining;
      remaining -= end - from;
    }
  }
  throw new Error("raw: no working time found in this business calendar");
}
